/// An IPv4 address, as carried in a VSIID of format ``VSIIDFormat/ipv4``.
///
/// Encoded with `Codable` as dotted-quad text, `"192.0.2.1"`; decoding refuses anything else with
/// `DecodingError.dataCorrupted`.
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The address as a 32-bit integer, first octet most significant.
    public let rawValue: UInt32

    /// Wraps a 32-bit address.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Creates an address from four octets.
    public init(_ o0: UInt8, _ o1: UInt8, _ o2: UInt8, _ o3: UInt8) {
        self.rawValue = UInt32(o0) << 24 | UInt32(o1) << 16 | UInt32(o2) << 8 | UInt32(o3)
    }

    /// Parses dotted-quad text such as `192.0.2.1`; returns `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            return nil
        }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, let octet = UInt8(part) else {
                return nil
            }
            value = value << 8 | UInt32(octet)
        }
        self.rawValue = value
    }

    /// The address in dotted-quad form.
    public var description: String {
        [24, 16, 8, 0].map { String(UInt8(truncatingIfNeeded: rawValue >> UInt32($0))) }.joined(separator: ".")
    }

    /// Decodes dotted-quad text; throws `DecodingError.dataCorrupted` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let address = IPv4Address(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an IPv4 address")
        }
        self = address
    }

    /// Encodes the address in dotted-quad form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An IPv6 address, as carried in a VSIID of format ``VSIIDFormat/ipv6``.
///
/// Encoded with `Codable` as RFC 5952 text, `"2001:db8::1"`; decoding accepts what ``init(_:)`` parses and
/// refuses anything else with `DecodingError.dataCorrupted`.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The sixteen octets of the address.
    public let octets: Octets16

    /// Wraps sixteen octets.
    public init(octets: Octets16) {
        self.octets = octets
    }

    /// Parses RFC 4291 text: eight groups of up to four hex digits, one `::` standing for a run of zero groups,
    /// and an optional dotted IPv4 tail (`::ffff:192.0.2.1`); returns `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, let head = Self.groups(halves[0]) else {
            return nil
        }
        var groups = head
        if halves.count == 2 {
            guard let tail = Self.groups(halves[1]), head.count + tail.count <= 7 else {
                return nil
            }
            groups += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard groups.count == 8 else {
            return nil
        }
        let bytes = groups.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
        guard let octets = Octets16(octets: bytes) else {
            return nil
        }
        self.octets = octets
    }

    /// The 16-bit groups of one side of `::`, with an IPv4 tail counted as two groups.
    private static func groups(_ text: some StringProtocol) -> [UInt16]? {
        guard !text.isEmpty else {
            return []
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains("."), let ipv4 = IPv4Address(part) {
                groups += [UInt16(truncatingIfNeeded: ipv4.rawValue >> 16), UInt16(truncatingIfNeeded: ipv4.rawValue)]
            } else {
                guard (1...4).contains(part.count), let group = UInt16(part, radix: 16) else {
                    return nil
                }
                groups.append(group)
            }
        }
        return groups
    }

    /// The address as eight colon-separated groups of hex digits, the longest run of zero groups compressed
    /// to `::` (RFC 5952).
    public var description: String {
        let bytes = octets.octets
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 {
                    end += 1
                }
                if end - index > bestLength && end - index >= 2 {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else {
            return hex(0..<8)
        }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    /// Decodes RFC 4291 text; throws `DecodingError.dataCorrupted` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let address = IPv6Address(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an IPv6 address")
        }
        self = address
    }

    /// Encodes the address in its RFC 5952 form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An RFC 4122 UUID, as carried in a VSIID of format ``VSIIDFormat/uuid``.
///
/// Encoded with `Codable` as its 8-4-4-4-12 lowercase text; decoding accepts what ``init(_:)`` parses and
/// refuses anything else with `DecodingError.dataCorrupted`.
public struct VSIUUID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The sixteen octets of the UUID.
    public let octets: Octets16

    /// Wraps sixteen octets.
    public init(octets: Octets16) {
        self.octets = octets
    }

    /// Parses 32 hex digits, with or without dashes anywhere (`a1b2c3d4-0001-4000-8000-00163e000001`);
    /// returns `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        guard let octets = Octets16(hexDigits: text.utf8, skipping: UInt8(ascii: "-")) else {
            return nil
        }
        self.octets = octets
    }

    /// The UUID in its 8-4-4-4-12 lowercase form.
    public var description: String {
        HexText.string(count: 16, separator: UInt8(ascii: "-"), separatedBefore: 0b0101_0101_0000) { octets[$0] }
    }

    /// Decodes a UUID's text; throws `DecodingError.dataCorrupted` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let uuid = VSIUUID(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a UUID")
        }
        self = uuid
    }

    /// Encodes the UUID in its 8-4-4-4-12 lowercase form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The value of one ASCII hex digit, or `nil`.
func hexDigitValue(_ ascii: UInt8) -> UInt8? {
    switch ascii {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): ascii - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): ascii - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): ascii - UInt8(ascii: "A") + 10
    default: nil
    }
}
