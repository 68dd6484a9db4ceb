/// The 16-octet VSI Manager ID (VDP TLV type 5): names the VSI manager whose VSI types the following VSI
/// TLVs refer to.
///
/// lldpad fills it either with up to 15 ASCII characters, left-aligned and zero-padded (vdptool `mgrid2=`),
/// with a one-octet ID in octet 0 (the netlink path used by libvirt), or with a UUID.
///
/// Encoded with `Codable` as one string, ``description``: the ``text`` when there is one (1 to 16 printable ASCII
/// characters, `"mgr1"`), otherwise the 32 hex digits of the octets. The two cannot be confused: text is at most
/// 16 characters long. Decoding refuses any other string with `DecodingError.dataCorrupted`.
public struct VSIManagerID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The sixteen octets.
    public var octets: Octets16

    /// The TLV type of the VSI Manager ID TLV.
    public static let tlvType: UInt8 = 5
    /// The value length of the VSI Manager ID TLV.
    public static let valueLength = 16

    /// Wraps sixteen octets.
    public init(octets: Octets16) {
        self.octets = octets
    }

    /// Left-aligns up to sixteen ASCII characters and zero-fills the rest; returns `nil` for longer text or
    /// text outside ASCII.
    public init?(text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.allSatisfy({ $0 < 0x80 }), let octets = Octets16(leftAligned: utf8) else {
            return nil
        }
        self.octets = octets
    }

    /// A manager ID of one octet in octet 0, as lldpad builds it from a netlink request.
    public init(singleOctet: UInt8) {
        self.octets = Octets16(high: UInt64(singleOctet) << 56, low: 0)
    }

    /// The text, when the ID is printable ASCII followed only by zero octets.
    public var text: String? {
        let bytes = octets.octets
        let textLength = bytes.firstIndex(of: 0) ?? bytes.count
        guard textLength > 0,
            bytes[..<textLength].allSatisfy({ (0x21...0x7E).contains($0) }),
            bytes[textLength...].allSatisfy({ $0 == 0 })
        else {
            return nil
        }
        return String(decoding: bytes[..<textLength], as: UTF8.self)
    }

    /// The text when ``text`` has one, otherwise the 32 hex digits.
    public var description: String {
        text ?? octets.hexString
    }

    /// Decodes a manager ID's text or its 32 hex digits; throws `DecodingError.dataCorrupted` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        if let octets = Octets16(hexDigits: string) {
            self.init(octets: octets)
        } else if let managerID = VSIManagerID(text: string), managerID.text == string {
            self = managerID
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected 1 to 16 printable ASCII characters or 32 hex digits"
            )
        }
    }

    /// Encodes ``description``: the text, or the 32 hex digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
