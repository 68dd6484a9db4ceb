/// Running totals kept by a port's ECP transmitter; they survive a port down.
///
/// Read-only outside the port. Encoded with `Codable` as an object of the counters under their own names;
/// ``lateAcknowledgements`` and ``needlessRetransmissions`` may be missing when decoding (zero).
public struct ECPTransmitterCounters: Hashable, Sendable, Codable {
    /// ECPDUs put on the wire, retransmissions included.
    public package(set) var transmitted: UInt64
    /// Retransmissions: ECPDUs sent again with the same sequence number after an ack timer expired.
    public package(set) var retransmitted: UInt64
    /// ULPDUs the peer acknowledged.
    public package(set) var acknowledged: UInt64
    /// ULPDUs dropped after 1 + R transmissions without an acknowledgement.
    public package(set) var failed: UInt64
    /// Acknowledgements ignored because no ECPDU was outstanding or their sequence number did not match.
    public package(set) var unexpectedAcknowledgements: UInt64
    /// Acknowledgements that arrived (by the link's receive stamp) after the ack timer of their ECPDU's first
    /// transmission had expired: the peer, or the link, answered late.
    public package(set) var lateAcknowledgements: UInt64
    /// Retransmissions of ECPDUs whose acknowledgement had arrived before the ack timer of the first transmission
    /// expired: this end handled the acknowledgement late.
    public package(set) var needlessRetransmissions: UInt64

    /// Creates counters; all start at zero by default.
    package init(
        transmitted: UInt64 = 0,
        retransmitted: UInt64 = 0,
        acknowledged: UInt64 = 0,
        failed: UInt64 = 0,
        unexpectedAcknowledgements: UInt64 = 0,
        lateAcknowledgements: UInt64 = 0,
        needlessRetransmissions: UInt64 = 0
    ) {
        self.transmitted = transmitted
        self.retransmitted = retransmitted
        self.acknowledged = acknowledged
        self.failed = failed
        self.unexpectedAcknowledgements = unexpectedAcknowledgements
        self.lateAcknowledgements = lateAcknowledgements
        self.needlessRetransmissions = needlessRetransmissions
    }

    private enum CodingKeys: String, CodingKey {
        case transmitted, retransmitted, acknowledged, failed, unexpectedAcknowledgements
        case lateAcknowledgements, needlessRetransmissions
    }

    /// Decodes the counters; the two timing counters default to zero when missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        transmitted = try container.decode(UInt64.self, forKey: .transmitted)
        retransmitted = try container.decode(UInt64.self, forKey: .retransmitted)
        acknowledged = try container.decode(UInt64.self, forKey: .acknowledged)
        failed = try container.decode(UInt64.self, forKey: .failed)
        unexpectedAcknowledgements = try container.decode(UInt64.self, forKey: .unexpectedAcknowledgements)
        lateAcknowledgements = try container.decodeIfPresent(UInt64.self, forKey: .lateAcknowledgements) ?? 0
        needlessRetransmissions = try container.decodeIfPresent(UInt64.self, forKey: .needlessRetransmissions) ?? 0
    }
}
