/// The largest R, RTE, RWD and RKA that a peer's EVB TLV can make a port run with.
///
/// The negotiated value of each field is max(local, min(peer, ceiling)): the peer's value counts up to the ceiling,
/// the local value (the operator's own choice, ``EVBConfiguration``) always counts. Without ceilings, a peer
/// advertising 31 everywhere would set a 21,475 s ECP ack timer and a toutKeepAlive of about 6 days.
///
/// The defaults keep every timer of ``VDPTimers`` short, even with R at 7:
///
/// | field | default ceiling | largest timer it allows |
/// |---|---|---|
/// | R | 7 (the field's limit) | 1 + 7 transmissions of an ECPDU |
/// | RTE | 17 | ackTimer 1.31072 s |
/// | RWD | 22 | resourceWaitDelay 41.94304 s; respWaitDelay 92.40576 s |
/// | RKA | 23 | reinitKeepAlive 83.88608 s; toutKeepAlive 155.32032 s |
///
/// lldpad's defaults (R 3, RTE 8, RWD 20, RKA 20) and the values of its sample configuration (RTE 14) are below
/// these ceilings, so negotiation with lldpad is unchanged. ``fieldLimits`` removes the ceilings (lldpad's own
/// behaviour). The initializer clamps values above the field's range (R to 7, exponents to 31).
public struct EVBCeilings: Hashable, Sendable {
    /// The largest R (ECP maximum retries) taken from the peer, 0 to 7.
    public var maximumRetries: UInt8
    /// The largest RTE (ECP retransmission timer exponent) taken from the peer, 0 to 31.
    public var retransmissionExponent: UInt8
    /// The largest RWD (VDP resource wait delay exponent) taken from the peer, 0 to 31.
    public var resourceWaitDelayExponent: UInt8
    /// The largest RKA (VDP reinit keep-alive exponent) taken from the peer, 0 to 31.
    public var reinitKeepAliveExponent: UInt8

    /// Creates ceilings; the defaults are R 7, RTE 17, RWD 22 and RKA 23 (see the table above).
    public init(
        maximumRetries: UInt8 = 7,
        retransmissionExponent: UInt8 = 17,
        resourceWaitDelayExponent: UInt8 = 22,
        reinitKeepAliveExponent: UInt8 = 23
    ) {
        self.maximumRetries = min(maximumRetries, 7)
        self.retransmissionExponent = min(retransmissionExponent, 31)
        self.resourceWaitDelayExponent = min(resourceWaitDelayExponent, 31)
        self.reinitKeepAliveExponent = min(reinitKeepAliveExponent, 31)
    }

    /// No ceiling below the fields' own limits (R 7, exponents 31): the peer's values are taken as they are.
    public static let fieldLimits = EVBCeilings(
        maximumRetries: 7,
        retransmissionExponent: 31,
        resourceWaitDelayExponent: 31,
        reinitKeepAliveExponent: 31
    )
}
