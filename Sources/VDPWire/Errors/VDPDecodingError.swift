/// The error every decoder in ``VDPWire`` throws: what went wrong, in which field, at which byte offset.
///
/// Offsets count from the first byte handed to the outermost decoder, so an error found while decoding a
/// whole Ethernet frame names the offset within that frame. Two errors compare equal when their ``code``
/// and ``field`` are equal; the offset is left out so that tests pin it only when they mean to.
///
/// An error prints as `truncated value at offset 23 (field: filterInfo.entryCount)`.
///
/// Encoded with `Codable` as `{"code": "truncated", "field": "filterInfo.entryCount", "offset": 23}`: the code by
/// the name of its static property (see ``Code``), the field by its dotted path. Decoding refuses an unknown
/// code or a negative offset with `DecodingError.dataCorrupted`.
public struct VDPDecodingError: Error, Sendable, CustomStringConvertible, Codable {
    /// What kind of problem was found.
    public var code: Code
    /// The field being decoded when the problem was found.
    public var field: Field
    /// The byte offset of the field, from the start of the outermost decoded buffer.
    public var offset: Int

    /// Creates an error.
    public init(_ code: Code, field: Field, offset: Int) {
        self.code = code
        self.field = field
        self.offset = offset
    }

    /// A human-readable summary naming the code, offset and field.
    public var description: String {
        "\(code) at offset \(offset) (field: \(field))"
    }

    private enum CodingKeys: String, CodingKey {
        case code, field, offset
    }

    /// Decodes the code, field and offset; throws `DecodingError.dataCorrupted` for an unknown code or a negative
    /// offset.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.code = try container.decode(Code.self, forKey: .code)
        self.field = Field(try container.decode(String.self, forKey: .field))
        self.offset = try container.decode(Int.self, forKey: .offset)
        guard offset >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .offset, in: container, debugDescription: "negative offset")
        }
    }

    /// Encodes the code, field and offset.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(field.name, forKey: .field)
        try container.encode(offset, forKey: .offset)
    }
}

extension VDPDecodingError: Hashable {
    /// Compares ``code`` and ``field`` only.
    public static func == (lhs: VDPDecodingError, rhs: VDPDecodingError) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field
    }

    /// Hashes ``code`` and ``field`` only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(field)
    }
}

extension VDPDecodingError {
    /// The kinds of decoding failure.
    ///
    /// An extensible set: new codes may be added, so switch over it with a `default` case.
    ///
    /// Encoded with `Codable` as the name of its static property (`"truncated"`, `"lengthMismatch"`, …);
    /// decoding refuses a name this version does not know with `DecodingError.dataCorrupted`.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
        private enum Backing: String, Hashable, Sendable {
            case truncated
            case invalidValue
            case unsupportedValue
            case lengthMismatch
            case unexpectedTLV
            case duplicateTLV
            case missingTLV
            case tooLong
            case emptyList
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// The input ends before the field does.
        public static let truncated = Code(.truncated)
        /// The field holds a value the format forbids (a reserved value, a malformed address layout).
        public static let invalidValue = Code(.invalidValue)
        /// The field holds a value this implementation does not know how to interpret (for example an
        /// unknown filter-info format, whose entry size is therefore unknown).
        public static let unsupportedValue = Code(.unsupportedValue)
        /// A declared length disagrees with the layout it announces (for example a TLV length that is not
        /// `25 + n·k` for `n` filter entries).
        public static let lengthMismatch = Code(.lengthMismatch)
        /// A TLV appears where the protocol does not allow it.
        public static let unexpectedTLV = Code(.unexpectedTLV)
        /// A TLV that may appear once appears again (for example a second VSI Manager ID).
        public static let duplicateTLV = Code(.duplicateTLV)
        /// A TLV the protocol requires is absent.
        public static let missingTLV = Code(.missingTLV)
        /// The input is longer than the protocol allows (for example a frame payload over 1500 octets).
        public static let tooLong = Code(.tooLong)
        /// A list that must hold at least one element is empty (for example zero filter entries).
        public static let emptyList = Code(.emptyList)

        /// A short phrase naming the problem.
        public var description: String {
            switch backing {
            case .truncated: "truncated value"
            case .invalidValue: "invalid value"
            case .unsupportedValue: "unsupported value"
            case .lengthMismatch: "length mismatch"
            case .unexpectedTLV: "unexpected TLV"
            case .duplicateTLV: "duplicate TLV"
            case .missingTLV: "missing TLV"
            case .tooLong: "input too long"
            case .emptyList: "empty list"
            }
        }

        /// Decodes the name of a code; throws `DecodingError.dataCorrupted` for a name this version does not know.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            guard let backing = Backing(rawValue: try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown decoding error code")
            }
            self.init(backing)
        }

        /// Encodes the name of the code.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(backing.rawValue)
        }
    }

    /// The field a decoding error refers to, named by a stable dotted path such as `filterInfo.entryCount`.
    public struct Field: Hashable, Sendable, CustomStringConvertible {
        /// The dotted path naming the field.
        public let name: String

        /// Creates a field name.
        public init(_ name: String) {
            self.name = name
        }

        /// The dotted path naming the field.
        public var description: String { name }
    }
}

extension VDPDecodingError.Field {
    /// The Ethernet destination address.
    public static let ethernetDestination = Self("ethernet.destination")
    /// The Ethernet source address.
    public static let ethernetSource = Self("ethernet.source")
    /// An 802.1Q/802.1ad tag.
    public static let ethernetVLANTag = Self("ethernet.vlanTag")
    /// The Ethernet type.
    public static let ethernetType = Self("ethernet.etherType")
    /// The Ethernet payload as a whole.
    public static let ethernetPayload = Self("ethernet.payload")

    /// The ECP version/operation/subtype word.
    public static let ecpHeader = Self("ecp.header")
    /// The ECP sequence number.
    public static let ecpSequenceNumber = Self("ecp.sequenceNumber")

    /// A TLV header word (type and length).
    public static let tlvHeader = Self("tlv.header")
    /// A TLV's value, as far as its declared length reaches.
    public static let tlvValue = Self("tlv.value")
    /// The End TLV.
    public static let endTLV = Self("tlv.end")
    /// Octets after the last TLV that are neither a TLV nor padding.
    public static let trailer = Self("tlv.trailer")

    /// The VSI Manager ID TLV.
    public static let managerID = Self("vdp.managerID")
    /// A VSI TLV (types 1 to 4).
    public static let vsiTLV = Self("vdp.vsiTLV")
    /// The status octet of a VSI TLV.
    public static let status = Self("vsi.status")
    /// The VSI Type ID.
    public static let typeID = Self("vsi.typeID")
    /// The VSI Type Version.
    public static let typeVersion = Self("vsi.typeVersion")
    /// The VSIID format octet.
    public static let vsiidFormat = Self("vsi.vsiidFormat")
    /// The 16-octet VSIID.
    public static let vsiid = Self("vsi.vsiid")
    /// The filter-info format octet.
    public static let filterInfoFormat = Self("filterInfo.format")
    /// The number of filter entries.
    public static let filterInfoEntryCount = Self("filterInfo.entryCount")
    /// The filter entries.
    public static let filterInfoEntries = Self("filterInfo.entries")
    /// The OUI of an organizationally defined TLV.
    public static let organizationOUI = Self("org.oui")

    /// The LLDP Chassis ID TLV.
    public static let lldpChassisID = Self("lldp.chassisID")
    /// The LLDP Port ID TLV.
    public static let lldpPortID = Self("lldp.portID")
    /// The LLDP Time To Live TLV.
    public static let lldpTimeToLive = Self("lldp.timeToLive")
    /// An LLDP organizationally specific TLV.
    public static let lldpOrganizationallySpecific = Self("lldp.organizationallySpecific")
    /// The ratified (802.1Qbg-2012) EVB TLV.
    public static let evbTLV = Self("lldp.evb")
    /// The draft-0.2 EVB TLV.
    public static let draftEVBTLV = Self("lldp.draftEVB")

    /// The draft-0.2 ECP header.
    public static let draftECPHeader = Self("draftECP.header")
    /// A draft-0.2 VDP TLV.
    public static let draftVDPTLV = Self("draftVDP.tlv")
}
