/// One TLV of a VDP ULPDU.
///
/// Frozen: the cases cover every TLV type (1 to 4, 5, 6 to 126 and 127) as 802.1Qbg-2012 assigns them; a type
/// the standard may define later is kept in ``unknown(_:)``, so no case will be added.
public enum VDPTLV: Hashable, Sendable {
    /// Type 5: the VSI Manager ID that applies to the VSI TLVs after it.
    case managerID(VSIManagerID)
    /// Types 1 to 4: a VSI request or response.
    case vsi(VSITLV)
    /// Type 127: organizationally defined.
    case organizationallyDefined(OrganizationallyDefinedTLV)
    /// Types 6 to 126: not interpreted, kept verbatim.
    case unknown(UnknownVDPTLV)

    /// The TLV type number.
    public var type: UInt8 {
        switch self {
        case .managerID: VSIManagerID.tlvType
        case .vsi(let tlv): tlv.type.rawValue
        case .organizationallyDefined: OrganizationallyDefinedTLV.tlvType
        case .unknown(let tlv): tlv.type
        }
    }

    /// The encoded length, header included.
    public var encodedLength: Int {
        switch self {
        case .managerID: 2 + VSIManagerID.valueLength
        case .vsi(let tlv): 2 + tlv.valueLength
        case .organizationallyDefined(let tlv): 2 + 3 + tlv.data.count
        case .unknown(let tlv): 2 + tlv.value.count
        }
    }

    /// Decodes one TLV's value, given its header; `cursor` holds exactly the value.
    init(header: TLVHeader, headerOffset: Int, span: Span<UInt8>, value cursor: inout SpanCursor)
        throws(VDPDecodingError)
    {
        switch header.type {
        case VSIManagerID.tlvType:
            guard header.length == VSIManagerID.valueLength else {
                throw cursor.error(.lengthMismatch, .managerID, at: headerOffset)
            }
            self = .managerID(VSIManagerID(octets: try cursor.readOctets16(span, .managerID)))
        case OrganizationallyDefinedTLV.tlvType:
            self = .organizationallyDefined(try OrganizationallyDefinedTLV(span: span, value: &cursor))
        default:
            if let vsiType = VSITLVType(rawValue: header.type) {
                self = .vsi(try VSITLV(type: vsiType, span: span, value: &cursor))
            } else {
                self = .unknown(UnknownVDPTLV(uncheckedType: header.type, value: cursor.readRemainingArray(span)))
            }
        }
    }

    /// What ``validate(header:headerOffset:span:value:)`` found.
    enum Validated {
        case managerID(VSIManagerID)
        case vsi
        case other
    }

    /// Checks one TLV's value as ``init(header:headerOffset:span:value:)`` decodes it, throwing the same errors,
    /// without building it; `cursor` holds exactly the value.
    static func validate(
        header: TLVHeader,
        headerOffset: Int,
        span: Span<UInt8>,
        value cursor: inout SpanCursor
    ) throws(VDPDecodingError) -> Validated {
        switch header.type {
        case VSIManagerID.tlvType:
            guard header.length == VSIManagerID.valueLength else {
                throw cursor.error(.lengthMismatch, .managerID, at: headerOffset)
            }
            return .managerID(VSIManagerID(octets: try cursor.readOctets16(span, .managerID)))
        case OrganizationallyDefinedTLV.tlvType:
            _ = try cursor.readUInt24(span, .organizationOUI)
            return .other
        default:
            guard VSITLVType(rawValue: header.type) != nil else {
                return .other
            }
            try VSITLV.validate(span: span, value: &cursor)
            return .vsi
        }
    }

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .managerID(let managerID):
            writer.writeTLVHeader(type: VSIManagerID.tlvType, length: VSIManagerID.valueLength)
            writer.writeOctets16(managerID.octets)
        case .vsi(let tlv):
            tlv.encode(into: &writer)
        case .organizationallyDefined(let tlv):
            tlv.encode(into: &writer)
        case .unknown(let tlv):
            tlv.encode(into: &writer)
        }
    }
}
