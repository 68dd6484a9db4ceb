/// The local EVB policy of one port: its role and the values it proposes in the EVB TLV (lldpad's `evbmode`,
/// `ecpretries`, `ecprte`, `vdprwd`, `vdprka`, `evbgpid`, `evbrrreq` / `evbrrcap`).
///
/// The initializer clamps out-of-range values to the field's maximum (R to 7, exponents to 31). The properties can
/// be changed afterwards; the negotiation (``LLDPAgent``) clamps them again when it uses them. What the peer can raise the values
/// to is bounded by ``ceilings``.
public struct EVBConfiguration: Hashable, Sendable {
    /// Station or bridge.
    public var role: EVBRole
    /// R: the proposed ECP maximum retries, 0 to 7.
    public var maximumRetries: UInt8
    /// RTE: the proposed ECP retransmission timer exponent, 0 to 31.
    public var retransmissionExponent: UInt8
    /// RWD: the proposed VDP resource wait delay exponent, 0 to 31.
    public var resourceWaitDelayExponent: UInt8
    /// RKA: the proposed VDP reinit keep-alive exponent, 0 to 31.
    public var reinitKeepAliveExponent: UInt8
    /// Whether this end supports VSI group IDs (SGID for a station, BGID for a bridge).
    public var supportsGroupIDs: Bool
    /// For a station, whether to request reflective relay (RRREQ); for a bridge, whether it is capable of it
    /// (RRCAP).
    public var reflectiveRelay: Bool
    /// The largest values taken from the peer's EVB TLV (R 7, RTE 17, RWD 22, RKA 23 by default; ``EVBCeilings``).
    public var ceilings: EVBCeilings

    /// Creates a configuration; the defaults are lldpad's (R 3, RTE 8, RWD 20, RKA 20, no group IDs, no RR), with
    /// the default ``EVBCeilings``.
    public init(
        role: EVBRole,
        maximumRetries: UInt8 = 3,
        retransmissionExponent: UInt8 = 8,
        resourceWaitDelayExponent: UInt8 = 20,
        reinitKeepAliveExponent: UInt8 = 20,
        supportsGroupIDs: Bool = false,
        reflectiveRelay: Bool = false,
        ceilings: EVBCeilings = EVBCeilings()
    ) {
        self.role = role
        self.maximumRetries = min(maximumRetries, 7)
        self.retransmissionExponent = min(retransmissionExponent, 31)
        self.resourceWaitDelayExponent = min(resourceWaitDelayExponent, 31)
        self.reinitKeepAliveExponent = min(reinitKeepAliveExponent, 31)
        self.supportsGroupIDs = supportsGroupIDs
        self.reflectiveRelay = reflectiveRelay
        self.ceilings = ceilings
    }

    /// The local values as parameters, before any negotiation; GroupIDs are off because they need both ends.
    public var localParameters: EVBParameters {
        EVBParameters(
            maximumRetries: maximumRetries,
            retransmissionExponent: retransmissionExponent,
            resourceWaitDelayExponent: resourceWaitDelayExponent,
            reinitKeepAliveExponent: reinitKeepAliveExponent,
            groupIDsSupported: false
        )
    }
}
