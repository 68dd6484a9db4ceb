/// An 802.1Q (C-tag) or 802.1ad (S-tag) VLAN tag between the source address and the Ethernet type.
public struct VLANTag: Hashable, Sendable {
    /// The tag protocol identifier: ``EtherType/customerVLANTag`` or ``EtherType/serviceVLANTag``.
    public var protocolIdentifier: EtherType
    /// The tag control information: PCP (3 bits), DEI (1 bit), VID (12 bits).
    public var controlInformation: UInt16

    /// Creates a tag from its two 16-bit words.
    public init(protocolIdentifier: EtherType = .customerVLANTag, controlInformation: UInt16) {
        self.protocolIdentifier = protocolIdentifier
        self.controlInformation = controlInformation
    }

    /// The priority code point (0 to 7).
    public var priority: UInt8 { UInt8(truncatingIfNeeded: controlInformation >> 13) }
    /// The drop eligible indicator.
    public var dropEligible: Bool { controlInformation & 0x1000 != 0 }
    /// The VLAN identifier (0 to 4095).
    public var vid: UInt16 { controlInformation & 0x0FFF }
}
