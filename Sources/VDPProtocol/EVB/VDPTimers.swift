/// The ECP and VDP timer values that follow from the negotiated EVB parameters (802.1Qbg-2012 41.5.5, 43.3).
///
/// | timer | value |
/// |---|---|
/// | ECP ackTimer | 10 µs · 2^RTE |
/// | reinitKeepAlive (station keep-alive period) | 10 µs · 2^RKA |
/// | respWaitDelay (station waits for a response) | 1.5 · [(1 + 2R) · 10 µs · 2^RTE + 10 µs · 2^RWD] |
/// | resourceWaitDelay (bridge waits for its policy) | 10 µs · 2^RWD |
/// | toutKeepAlive (bridge ages out a silent VSI) | 1.5 · [(1 + 2R) · 10 µs · 2^RTE + 10 µs · 2^RKA] |
///
/// Encoded with `Codable` as the parameters they derive from, `{"parameters": {…}}` (see ``EVBParameters``).
public struct VDPTimers: Hashable, Sendable, Codable {
    /// The negotiated parameters the timers derive from.
    public var parameters: EVBParameters

    /// Creates the timers for the given parameters.
    public init(_ parameters: EVBParameters) {
        self.parameters = parameters
    }

    /// 10 µs · 2^exponent, in nanoseconds.
    static func exponential(_ exponent: UInt8) -> Int64 {
        10_000 << Int64(min(exponent, 31))
    }

    /// The ECP acknowledgement timer: 10 µs · 2^RTE.
    public var ackTimer: Duration {
        .nanoseconds(Self.exponential(parameters.retransmissionExponent))
    }

    /// The station's keep-alive period: 10 µs · 2^RKA.
    public var reinitKeepAlive: Duration {
        .nanoseconds(Self.exponential(parameters.reinitKeepAliveExponent))
    }

    /// The bridge's wait for its resource decision: 10 µs · 2^RWD.
    public var resourceWaitDelay: Duration {
        .nanoseconds(Self.exponential(parameters.resourceWaitDelayExponent))
    }

    /// How long a station waits for the bridge's response: 1.5 · [(1 + 2R) · ackTimer + resourceWaitDelay].
    public var respWaitDelay: Duration {
        .nanoseconds(
            Self.scaled(transmissions: transmissions, plus: Self.exponential(parameters.resourceWaitDelayExponent))
        )
    }

    /// How long a bridge keeps a VSI without a keep-alive: 1.5 · [(1 + 2R) · ackTimer + reinitKeepAlive].
    public var toutKeepAlive: Duration {
        .nanoseconds(
            Self.scaled(transmissions: transmissions, plus: Self.exponential(parameters.reinitKeepAliveExponent))
        )
    }

    /// (1 + 2R) · 10 µs · 2^RTE, in nanoseconds.
    private var transmissions: Int64 {
        (1 + 2 * Int64(parameters.maximumRetries)) * Self.exponential(parameters.retransmissionExponent)
    }

    /// 1.5 · (a + b); cannot overflow for exponents up to 31 and R up to 7.
    private static func scaled(transmissions: Int64, plus other: Int64) -> Int64 {
        (transmissions + other) * 3 / 2
    }
}
