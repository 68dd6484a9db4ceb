/// Running totals kept by a port's ECP transmitter; they survive a port down.
///
/// Read-only outside the port. Encoded with `Codable` as an object of the five counters under their own names.
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

    /// Creates counters; all start at zero by default.
    package init(
        transmitted: UInt64 = 0,
        retransmitted: UInt64 = 0,
        acknowledged: UInt64 = 0,
        failed: UInt64 = 0,
        unexpectedAcknowledgements: UInt64 = 0
    ) {
        self.transmitted = transmitted
        self.retransmitted = retransmitted
        self.acknowledged = acknowledged
        self.failed = failed
        self.unexpectedAcknowledgements = unexpectedAcknowledgements
    }
}
