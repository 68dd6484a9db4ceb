/// The VSIID format octet: how the 16-octet VSIID is to be read.
///
/// Encoded with `Codable` as its number, 0 to 255.
public struct VSIIDFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible, Codable {
    /// The format number.
    public let rawValue: UInt8

    /// Wraps a format number. Numbers other than 1 to 5 are reserved; they are kept so that a frame
    /// re-encodes exactly, and a bridge answers them with ``VDPErrorCode/invalidFormat``.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 1: an IPv4 address, in the IPv4-mapped IPv6 layout (`::ffff:a.b.c.d`).
    public static let ipv4 = VSIIDFormat(rawValue: 1)
    /// 2: an IPv6 address.
    public static let ipv6 = VSIIDFormat(rawValue: 2)
    /// 3: a MAC address, right-aligned after ten zero octets.
    public static let mac = VSIIDFormat(rawValue: 3)
    /// 4: a locally defined 16-octet value.
    public static let local = VSIIDFormat(rawValue: 4)
    /// 5: an RFC 4122 UUID.
    public static let uuid = VSIIDFormat(rawValue: 5)

    /// Whether 802.1Qbg-2012 defines this format.
    public var isDefined: Bool { (1...5).contains(rawValue) }

    /// `IPv4`, `IPv6`, `MAC`, `local`, `UUID`, or the number of a reserved format.
    public var description: String {
        switch rawValue {
        case 1: "IPv4"
        case 2: "IPv6"
        case 3: "MAC"
        case 4: "local"
        case 5: "UUID"
        default: "reserved \(rawValue)"
        }
    }

    /// Decodes the format number; throws `DecodingError` for anything but an integer from 0 to 255.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt8.self))
    }

    /// Encodes the format number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
