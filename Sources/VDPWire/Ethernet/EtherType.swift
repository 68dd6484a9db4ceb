/// An Ethernet type (the 16-bit field after the addresses and any VLAN tags).
public struct EtherType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit value.
    public let rawValue: UInt16

    /// Wraps a 16-bit value.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// LLDP, 0x88CC.
    public static let lldp = EtherType(rawValue: 0x88CC)
    /// Ratified ECP (802.1Qbg-2012 clause 43), 0x8940.
    public static let ecp = EtherType(rawValue: 0x8940)
    /// IEEE 802a OUI Extended Ethertype, 0x88B7: carries draft-0.2 ECP after OUI 00-1B-3F.
    public static let ouiExtended = EtherType(rawValue: 0x88B7)
    /// A customer VLAN tag (802.1Q C-tag), 0x8100.
    public static let customerVLANTag = EtherType(rawValue: 0x8100)
    /// A service VLAN tag (802.1ad S-tag), 0x88A8.
    public static let serviceVLANTag = EtherType(rawValue: 0x88A8)

    /// `0x` and four hex digits.
    public var description: String {
        "0x" + hexOctet(UInt8(truncatingIfNeeded: rawValue >> 8)) + hexOctet(UInt8(truncatingIfNeeded: rawValue))
    }
}
