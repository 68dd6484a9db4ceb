/// A VSI identifier: the VSIID format octet and the 16-octet VSIID it describes.
///
/// The layouts of formats ``VSIIDFormat/ipv4`` (ten zero octets, `FF FF`, the address) and
/// ``VSIIDFormat/mac`` (ten zero octets, the address) are checked when decoding. Reserved formats are
/// kept as received.
///
/// Encoded with `Codable` as the format number and the VSIID's text (``description``):
/// `{"format": 5, "value": "a1b2c3d4-0001-4000-8000-00163e000001"}`, `{"format": 3, "value": "52:54:00:00:00:01"}`,
/// a dotted quad for format 1, RFC 5952 text for format 2, and 32 hex digits for format 4 and reserved formats.
/// Decoding reads the text as the format says and refuses text that does not fit it with
/// `DecodingError.dataCorrupted`, so it yields only VSIIDs the codec would send.
public struct VSIID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The format octet.
    public let format: VSIIDFormat
    /// The sixteen VSIID octets.
    public let octets: Octets16

    /// The typed reading of a VSIID.
    ///
    /// Frozen: formats 1 to 5 are those of 802.1Qbg-2012 and every other format value is
    /// ``reserved(format:octets:)``, so no case will be added.
    public enum Value: Hashable, Sendable {
        /// Format 1.
        case ipv4(IPv4Address)
        /// Format 2.
        case ipv6(IPv6Address)
        /// Format 3.
        case mac(MACAddress)
        /// Format 4.
        case local(Octets16)
        /// Format 5.
        case uuid(VSIUUID)
        /// A reserved format, with its raw octets.
        case reserved(format: VSIIDFormat, octets: Octets16)
    }

    private static let ipv4MappedPrefix: UInt64 = 0x0000_FFFF

    /// Creates a VSIID from a typed value.
    public init(_ value: Value) {
        switch value {
        case .ipv4(let address):
            self.format = .ipv4
            self.octets = Octets16(high: 0, low: Self.ipv4MappedPrefix << 32 | UInt64(address.rawValue))
        case .ipv6(let address):
            self.format = .ipv6
            self.octets = address.octets
        case .mac(let address):
            self.format = .mac
            self.octets = Octets16(high: 0, low: address.rawValue)
        case .local(let octets):
            self.format = .local
            self.octets = octets
        case .uuid(let uuid):
            self.format = .uuid
            self.octets = uuid.octets
        case .reserved(let format, let octets):
            self.format = format
            self.octets = octets
        }
    }

    /// A UUID VSIID (format 5), the only format lldpad originates.
    public static func uuid(_ uuid: VSIUUID) -> VSIID {
        VSIID(.uuid(uuid))
    }

    /// Creates a VSIID from the format octet and sixteen octets; throws if a defined format's layout is
    /// violated.
    public init(format: VSIIDFormat, octets: Octets16) throws(VDPEncodingError) {
        guard Self.layoutIsValid(format: format, octets: octets) else {
            throw VDPEncodingError(.inconsistent, field: .vsiid)
        }
        self.format = format
        self.octets = octets
    }

    /// A VSIID from the format octet and sixteen octets received; `nil` if a defined format's layout is violated.
    init?(validating format: VSIIDFormat, octets: Octets16) {
        guard Self.layoutIsValid(format: format, octets: octets) else {
            return nil
        }
        self.format = format
        self.octets = octets
    }

    private static func layoutIsValid(format: VSIIDFormat, octets: Octets16) -> Bool {
        switch format {
        case .ipv4: octets.high == 0 && octets.low >> 32 == ipv4MappedPrefix
        case .mac: octets.high == 0 && octets.low >> 48 == 0
        default: true
        }
    }

    /// The typed reading of the VSIID.
    public var value: Value {
        switch format {
        case .ipv4: .ipv4(IPv4Address(rawValue: UInt32(truncatingIfNeeded: octets.low)))
        case .ipv6: .ipv6(IPv6Address(octets: octets))
        case .mac: .mac(MACAddress(uncheckedRawValue: octets.low))
        case .local: .local(octets)
        case .uuid: .uuid(VSIUUID(octets: octets))
        default: .reserved(format: format, octets: octets)
        }
    }

    /// The VSIID value alone: a UUID, an address, or 32 hex digits.
    public var description: String {
        switch value {
        case .ipv4(let address): address.description
        case .ipv6(let address): address.description
        case .mac(let address): address.description
        case .local(let octets): octets.hexString
        case .uuid(let uuid): uuid.description
        case .reserved(_, let octets): octets.hexString
        }
    }

    private enum CodingKeys: String, CodingKey {
        case format, value
    }

    /// Decodes the format number and the text of the VSIID; throws `DecodingError.dataCorrupted` when the text is
    /// not a VSIID of that format.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(VSIIDFormat.self, forKey: .format)
        let text = try container.decode(String.self, forKey: .value)
        let value: Value? =
            switch format {
            case .ipv4: IPv4Address(text).map(Value.ipv4)
            case .ipv6: IPv6Address(text).map(Value.ipv6)
            case .mac: MACAddress(text).map(Value.mac)
            case .local: Octets16(hexDigits: text).map(Value.local)
            case .uuid: VSIUUID(text).map(Value.uuid)
            default: Octets16(hexDigits: text).map { .reserved(format: format, octets: $0) }
            }
        guard let value else {
            throw DecodingError.dataCorruptedError(
                forKey: .value,
                in: container,
                debugDescription: "not a VSIID of format \(format)"
            )
        }
        self.init(value)
    }

    /// Encodes the format number and the text of the VSIID.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(description, forKey: .value)
    }
}

extension ByteReader {
    /// Reads the VSIID format octet and the sixteen VSIID octets, checking the layout of formats 1 and 3.
    mutating func readVSIID() throws(VDPDecodingError) -> VSIID {
        var cursor = SpanCursor(self)
        let vsiID = try cursor.readVSIID(base.span)
        advance(to: cursor)
        return vsiID
    }
}

extension SpanCursor {
    /// Reads the VSIID format octet and the sixteen VSIID octets; a defined format whose layout is violated throws
    /// ``VDPDecodingError/Code/invalidValue``.
    mutating func readVSIID(_ span: Span<UInt8>) throws(VDPDecodingError) -> VSIID {
        let format = VSIIDFormat(rawValue: try readUInt8(span, .vsiidFormat))
        let start = offset
        let octets = try readOctets16(span, .vsiid)
        guard let vsiID = VSIID(validating: format, octets: octets) else {
            throw self.error(.invalidValue, .vsiid, at: start)
        }
        return vsiID
    }
}

extension ByteWriter {
    /// Writes the VSIID format octet and the sixteen VSIID octets.
    mutating func writeVSIID(_ vsiid: VSIID) {
        writeUInt8(vsiid.format.rawValue)
        writeOctets16(vsiid.octets)
    }
}
