/// The 802.1Qbg draft-0.2 EVB TLV ("evbCfg" in lldpad): LLDP type 127, OUI 00-1B-3F, subtype 0x00, value
/// length 13.
///
/// The value after the OUI and subtype is: supported forwarding modes (1), supported capabilities (1), configured
/// forwarding modes (1), configured capabilities (1), supported number of VSIs (2), configured number of VSIs (2)
/// and RTE (1). Every octet is kept exactly as sent, so every value of this type encodes.
public struct DraftEVBTLV: Hashable, Sendable {
    /// The OUI of the draft-0.2 EVB TLV, 00-1B-3F.
    public static let oui = OUI.draftQbg
    /// The subtype of the draft-0.2 EVB TLV, 0x00.
    public static let subtype: UInt8 = 0x00
    /// The TLV's value length: OUI, subtype and nine octets of fields.
    public static let valueLength = 13

    /// The forwarding modes the sender supports.
    public var supportedForwardingModes: DraftEVBForwardingModes
    /// The capabilities the sender supports.
    public var supportedCapabilities: DraftEVBCapabilities
    /// The forwarding modes configured on the link.
    public var configuredForwardingModes: DraftEVBForwardingModes
    /// The capabilities configured on the link.
    public var configuredCapabilities: DraftEVBCapabilities
    /// The number of VSIs the sender supports (lldpad's default is 3295).
    public var supportedVSICount: UInt16
    /// The number of VSIs configured.
    public var configuredVSICount: UInt16
    /// RTE, the ECP retransmission timer exponent (lldpad's default is 15, its maximum 31); the whole octet is kept.
    public var retransmissionExponent: UInt8

    /// Creates a draft-0.2 EVB TLV.
    public init(
        supportedForwardingModes: DraftEVBForwardingModes,
        supportedCapabilities: DraftEVBCapabilities,
        configuredForwardingModes: DraftEVBForwardingModes,
        configuredCapabilities: DraftEVBCapabilities,
        supportedVSICount: UInt16,
        configuredVSICount: UInt16,
        retransmissionExponent: UInt8
    ) {
        self.supportedForwardingModes = supportedForwardingModes
        self.supportedCapabilities = supportedCapabilities
        self.configuredForwardingModes = configuredForwardingModes
        self.configuredCapabilities = configuredCapabilities
        self.supportedVSICount = supportedVSICount
        self.configuredVSICount = configuredVSICount
        self.retransmissionExponent = retransmissionExponent
    }

    /// Decodes one whole TLV, header included, that must be a draft-0.2 EVB TLV and nothing else.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        guard case .draftEVB(let tlv) = try LLDPTLV(decoding: bytes) else {
            throw VDPDecodingError(.unexpectedTLV, field: .draftEVBTLV, offset: 0)
        }
        self = tlv
    }

    /// Decodes the nine field octets that follow the OUI and subtype; the caller has checked the length.
    init(fieldsFrom value: inout ByteReader) throws(VDPDecodingError) {
        self.supportedForwardingModes = DraftEVBForwardingModes(rawValue: try value.readUInt8(.draftEVBTLV))
        self.supportedCapabilities = DraftEVBCapabilities(rawValue: try value.readUInt8(.draftEVBTLV))
        self.configuredForwardingModes = DraftEVBForwardingModes(rawValue: try value.readUInt8(.draftEVBTLV))
        self.configuredCapabilities = DraftEVBCapabilities(rawValue: try value.readUInt8(.draftEVBTLV))
        self.supportedVSICount = try value.readUInt16(.draftEVBTLV)
        self.configuredVSICount = try value.readUInt16(.draftEVBTLV)
        self.retransmissionExponent = try value.readUInt8(.draftEVBTLV)
    }

    /// The number of octets the TLV occupies on the wire, header included: 15.
    public var encodedLength: Int { 2 + Self.valueLength }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        writer.writeTLVHeader(type: LLDPOrganizationallySpecificTLV.tlvType, length: Self.valueLength)
        writer.writeOUI(Self.oui)
        writer.writeUInt8(Self.subtype)
        writer.writeUInt8(supportedForwardingModes.rawValue)
        writer.writeUInt8(supportedCapabilities.rawValue)
        writer.writeUInt8(configuredForwardingModes.rawValue)
        writer.writeUInt8(configuredCapabilities.rawValue)
        writer.writeUInt16(supportedVSICount)
        writer.writeUInt16(configuredVSICount)
        writer.writeUInt8(retransmissionExponent)
    }

    /// The whole TLV, header included: 15 octets.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }
}

extension DraftEVBTLV: CustomStringConvertible {
    /// The fields in the reference decode format, for example `supported-fwd=0x40 supported-caps=0x07
    /// configured-fwd=0x40 configured-caps=0x00 supported-VSIs=0 configured-VSIs=0 RTE=15`.
    public var description: String {
        "supported-fwd=0x\(hexOctet(supportedForwardingModes.rawValue))"
            + " supported-caps=0x\(hexOctet(supportedCapabilities.rawValue))"
            + " configured-fwd=0x\(hexOctet(configuredForwardingModes.rawValue))"
            + " configured-caps=0x\(hexOctet(configuredCapabilities.rawValue))"
            + " supported-VSIs=\(supportedVSICount) configured-VSIs=\(configuredVSICount)"
            + " RTE=\(retransmissionExponent)"
    }
}
