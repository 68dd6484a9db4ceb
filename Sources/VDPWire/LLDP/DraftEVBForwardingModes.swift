/// The forwarding-mode octet of the draft-0.2 EVB TLV, as a set of flags: 0x80 standard bridging, 0x40 reflective
/// relay. Bits without a name are kept in ``rawValue``.
public struct DraftEVBForwardingModes: OptionSet, Hashable, Sendable {
    /// The octet as sent.
    public var rawValue: UInt8

    /// Wraps an octet as sent; every value is accepted.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 0x80: standard 802.1Q bridging.
    public static let standardBridging = DraftEVBForwardingModes(rawValue: 0x80)
    /// 0x40: reflective relay (hairpin forwarding back out of the port a frame came in on).
    public static let reflectiveRelay = DraftEVBForwardingModes(rawValue: 0x40)
}
