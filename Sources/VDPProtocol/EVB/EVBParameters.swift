/// The EVB values that ECP and VDP run with: the result of EVB TLV negotiation, or local defaults before it.
public struct EVBParameters: Hashable, Sendable {
    /// R: how many times ECP retransmits an unacknowledged ECPDU, 0 to 7.
    public var maximumRetries: UInt8
    /// RTE: the ECP retransmission timer exponent, 0 to 31.
    public var retransmissionExponent: UInt8
    /// RWD: the resource wait delay exponent, 0 to 31.
    public var resourceWaitDelayExponent: UInt8
    /// RKA: the keep-alive exponent, 0 to 31.
    public var reinitKeepAliveExponent: UInt8
    /// Whether both ends support GroupIDs (bridge BGID and station SGID): filter formats 3 and 4.
    public var groupIDsSupported: Bool

    /// Creates parameters; values above their field's range are clamped (R to 7, exponents to 31).
    public init(
        maximumRetries: UInt8 = 3,
        retransmissionExponent: UInt8 = 8,
        resourceWaitDelayExponent: UInt8 = 20,
        reinitKeepAliveExponent: UInt8 = 20,
        groupIDsSupported: Bool = false
    ) {
        self.maximumRetries = min(maximumRetries, 7)
        self.retransmissionExponent = min(retransmissionExponent, 31)
        self.resourceWaitDelayExponent = min(resourceWaitDelayExponent, 31)
        self.reinitKeepAliveExponent = min(reinitKeepAliveExponent, 31)
        self.groupIDsSupported = groupIDsSupported
    }

    /// lldpad's defaults: R 3, RTE 8, RWD 20, RKA 20, no GroupIDs.
    public static let lldpadDefaults = EVBParameters()

    /// The timers these parameters give.
    public var timers: VDPTimers { VDPTimers(self) }
}
