/// The capabilities octet of the draft-0.2 EVB TLV, as a set of flags: 0x04 RTE, 0x02 ECP, 0x01 VDP. Bits without
/// a name are kept in ``rawValue``.
public struct DraftEVBCapabilities: OptionSet, Hashable, Sendable {
    /// The octet as sent.
    public var rawValue: UInt8

    /// Wraps an octet as sent; every value is accepted.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 0x04: the retransmission timer exponent is supported or configured.
    public static let retransmissionTimerExponent = DraftEVBCapabilities(rawValue: 0x04)
    /// 0x02: ECP is supported or configured.
    public static let ecp = DraftEVBCapabilities(rawValue: 0x02)
    /// 0x01: VDP is supported or configured.
    public static let vdp = DraftEVBCapabilities(rawValue: 0x01)
}
