/// Running totals kept by an ``ECPTransmitter``; they survive ``ECPTransmitter/reset()``.
public struct ECPTransmitterCounters: Hashable, Sendable {
    /// ECPDUs put on the wire, retransmissions included.
    public var transmitted: UInt64
    /// Retransmissions: ECPDUs sent again with the same sequence number after an ack timer expired.
    public var retransmitted: UInt64
    /// ULPDUs the peer acknowledged.
    public var acknowledged: UInt64
    /// ULPDUs dropped after 1 + R transmissions without an acknowledgement.
    public var failed: UInt64
    /// Acknowledgements ignored because no ECPDU was outstanding or their sequence number did not match.
    public var unexpectedAcknowledgements: UInt64

    /// Creates counters; all start at zero by default.
    public init(
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
