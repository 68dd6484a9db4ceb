extension UInt64 {
    /// The sum, or `UInt64.max` where it would overflow: for totals over counters.
    func addingSaturating(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

extension ECPTransmitterCounters {
    /// The field-by-field sum (saturating), for totals over several transmitters.
    public static func + (lhs: ECPTransmitterCounters, rhs: ECPTransmitterCounters) -> ECPTransmitterCounters {
        ECPTransmitterCounters(
            transmitted: lhs.transmitted.addingSaturating(rhs.transmitted),
            retransmitted: lhs.retransmitted.addingSaturating(rhs.retransmitted),
            acknowledged: lhs.acknowledged.addingSaturating(rhs.acknowledged),
            failed: lhs.failed.addingSaturating(rhs.failed),
            unexpectedAcknowledgements: lhs.unexpectedAcknowledgements.addingSaturating(rhs.unexpectedAcknowledgements),
            lateAcknowledgements: lhs.lateAcknowledgements.addingSaturating(rhs.lateAcknowledgements),
            needlessRetransmissions: lhs.needlessRetransmissions.addingSaturating(rhs.needlessRetransmissions)
        )
    }
}
