/// A token bucket on the injected time: `rate` tokens a second, at most `burst` held, starting full.
///
/// Credit is kept in token-nanoseconds (one token is 10⁹ units) so the arithmetic stays in integers; every
/// product and sum saturates, so no instant or rate a caller passes can trap.
struct TokenBucket: Sendable, Equatable {
    private static let unitsPerToken: Int64 = 1_000_000_000
    private var credit: Int64
    private var updatedAt: Instant

    /// A full bucket.
    init(burst: Int, at now: Instant) {
        self.credit = Self.units(burst)
        self.updatedAt = now
    }

    /// Takes one token if there is one, after refilling for the time since the last call.
    mutating func take(rate: Int, burst: Int, at now: Instant) -> Bool {
        let capacity = Self.units(burst)
        if now > updatedAt {
            let elapsed = (now - updatedAt).nanosecondsClamped
            let (refill, overflow) = elapsed.multipliedReportingOverflow(by: Int64(clamping: max(rate, 0)))
            let (sum, overflow2) = credit.addingReportingOverflow(overflow ? .max : refill)
            credit = overflow2 ? capacity : min(sum, capacity)
            updatedAt = now
        } else {
            credit = min(credit, capacity)
        }
        guard credit >= Self.unitsPerToken else {
            return false
        }
        credit -= Self.unitsPerToken
        return true
    }

    private static func units(_ tokens: Int) -> Int64 {
        let (product, overflow) = Int64(clamping: max(tokens, 0)).multipliedReportingOverflow(by: unitsPerToken)
        return overflow ? .max : product
    }
}
