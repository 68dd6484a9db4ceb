/// One optional TLV of an LLDPDU: anything after the mandatory Chassis ID, Port ID and Time To Live TLVs and
/// before the End TLV.
///
/// Only the two EVB TLVs are decoded into fields; every other TLV is kept opaque and re-encodes byte for byte.
///
/// Frozen: no case will be added, so an exhaustive `switch` stays valid. The cases cover every optional TLV type
/// (4 to 127); should another TLV (CDCP, for example) be decoded one day, it will be a typed view of
/// ``organizationallySpecific(_:)`` or ``other(_:)``, not a new case.
public enum LLDPTLV: Hashable, Sendable {
    /// The ratified EVB TLV (OUI 00-80-C2, subtype 0x0D).
    case evb(EVBTLV)
    /// The draft-0.2 EVB TLV (OUI 00-1B-3F, subtype 0x00).
    case draftEVB(DraftEVBTLV)
    /// Any other organizationally specific TLV (type 127), CDCP included.
    case organizationallySpecific(LLDPOrganizationallySpecificTLV)
    /// A TLV of type 4 to 126, such as the port description or system name.
    case other(LLDPUnknownTLV)

    /// The TLV type: 127 for the organizationally specific ones, 4 to 126 otherwise.
    public var type: UInt8 {
        switch self {
        case .evb, .draftEVB, .organizationallySpecific: LLDPOrganizationallySpecificTLV.tlvType
        case .other(let tlv): tlv.type
        }
    }

    /// The number of octets the TLV occupies on the wire, header included.
    public var encodedLength: Int {
        switch self {
        case .evb(let tlv): tlv.encodedLength
        case .draftEVB(let tlv): tlv.encodedLength
        case .organizationallySpecific(let tlv): tlv.encodedLength
        case .other(let tlv): tlv.encodedLength
        }
    }

    /// Decodes exactly one optional TLV, header included.
    ///
    /// Throws `unexpectedTLV` for the End TLV and the mandatory TLVs (types 0 to 3), and `tooLong` (field
    /// ``VDPDecodingError/Field/trailer``) if octets follow the TLV.
    public init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        var reader = ByteReader(bytes)
        let headerOffset = reader.offset
        let header = TLVHeader(word: try reader.readUInt16(.tlvHeader))
        var value = try reader.readReader(count: Int(header.length), .tlvValue)
        try self.init(header: header, headerOffset: headerOffset, value: &value)
        guard reader.isEmpty else {
            throw reader.error(.tooLong, .trailer)
        }
    }

    /// Decodes an optional TLV whose header has been read; `value` holds exactly its value octets.
    init(header: TLVHeader, headerOffset: Int, value: inout ByteReader) throws(VDPDecodingError) {
        switch header.type {
        case LLDPOrganizationallySpecificTLV.tlvType:
            self = try Self.decodeOrganizationallySpecific(header: header, headerOffset: headerOffset, value: &value)
        case LLDPUnknownTLV.allowedTypes:
            self = .other(LLDPUnknownTLV(uncheckedType: header.type, value: value.readRemainingArray()))
        case 0:
            throw value.error(.unexpectedTLV, .endTLV, at: headerOffset)
        case LLDPChassisID.tlvType:
            throw value.error(.unexpectedTLV, .lldpChassisID, at: headerOffset)
        case LLDPPortID.tlvType:
            throw value.error(.unexpectedTLV, .lldpPortID, at: headerOffset)
        default:
            throw value.error(.unexpectedTLV, .lldpTimeToLive, at: headerOffset)
        }
    }

    private static func decodeOrganizationallySpecific(
        header: TLVHeader,
        headerOffset: Int,
        value: inout ByteReader
    ) throws(VDPDecodingError) -> LLDPTLV {
        let length = Int(header.length)
        guard length >= 4 else {
            throw value.error(.lengthMismatch, .lldpOrganizationallySpecific, at: headerOffset)
        }
        let oui = try value.readOUI(.lldpOrganizationallySpecific)
        let subtype = try value.readUInt8(.lldpOrganizationallySpecific)
        if oui == EVBTLV.oui && subtype == EVBTLV.subtype {
            guard length == EVBTLV.valueLength else {
                throw value.error(.lengthMismatch, .evbTLV, at: headerOffset)
            }
            return .evb(try EVBTLV(fieldsFrom: &value))
        }
        if oui == DraftEVBTLV.oui && subtype == DraftEVBTLV.subtype {
            guard length == DraftEVBTLV.valueLength else {
                throw value.error(.lengthMismatch, .draftEVBTLV, at: headerOffset)
            }
            return .draftEVB(try DraftEVBTLV(fieldsFrom: &value))
        }
        return .organizationallySpecific(
            LLDPOrganizationallySpecificTLV(uncheckedOUI: oui, subtype: subtype, info: value.readRemainingArray())
        )
    }

    /// Writes the whole TLV, header included.
    func encode(into writer: inout ByteWriter) {
        switch self {
        case .evb(let tlv): tlv.encode(into: &writer)
        case .draftEVB(let tlv): tlv.encode(into: &writer)
        case .organizationallySpecific(let tlv): tlv.encode(into: &writer)
        case .other(let tlv): tlv.encode(into: &writer)
        }
    }

    /// The whole TLV, header included.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.reserveCapacity(encodedLength)
        encode(into: &writer)
        return writer.bytes
    }
}
