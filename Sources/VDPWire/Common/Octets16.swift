/// Sixteen octets held inline, without a heap allocation: the storage of VSIIDs, VSI Manager IDs and UUIDs.
///
/// Encoded with `Codable` as a string of 32 hex digits (``hexString``); decoding accepts either case and
/// refuses anything else with `DecodingError.dataCorrupted`.
public struct Octets16: Hashable, Sendable, Comparable, Codable {
    /// Octets 0 to 7, octet 0 most significant.
    public var high: UInt64
    /// Octets 8 to 15, octet 8 most significant.
    public var low: UInt64

    /// Creates the value from its two 64-bit halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates the value from up to sixteen octets, zero-filling on the right; returns `nil` for more.
    public init?(leftAligned octets: some Collection<UInt8>) {
        guard octets.count <= 16 else {
            return nil
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, octet) in octets.enumerated() {
            if index < 8 {
                high |= UInt64(octet) << (56 - 8 * UInt64(index))
            } else {
                low |= UInt64(octet) << (56 - 8 * UInt64(index - 8))
            }
        }
        self.init(high: high, low: low)
    }

    /// Creates the value from exactly sixteen octets; returns `nil` for any other count.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count == 16 else {
            return nil
        }
        self.init(leftAligned: octets)
    }

    /// Parses exactly 32 hex digits, either case; returns `nil` for anything else.
    init?(hexDigits text: some StringProtocol) {
        self.init(hexDigits: text.utf8, skipping: nil)
    }

    /// Reads 32 hex digits of either case from `digits`, ignoring every octet equal to `skipped` (a UUID's
    /// dashes); `nil` for anything else.
    init?(hexDigits digits: some Sequence<UInt8>, skipping skipped: UInt8?) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var count = 0
        for digit in digits where digit != skipped {
            guard count < 32, let value = hexDigitValue(digit) else {
                return nil
            }
            if count < 16 {
                high = high << 4 | UInt64(value)
            } else {
                low = low << 4 | UInt64(value)
            }
            count += 1
        }
        guard count == 32 else {
            return nil
        }
        self.init(high: high, low: low)
    }

    /// Decodes 32 hex digits; throws `DecodingError.dataCorrupted` for any other string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = Octets16(hexDigits: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected 32 hex digits")
        }
        self = value
    }

    /// Encodes the 32 lowercase hex digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexString)
    }

    /// The all-zero value.
    public static let zero = Octets16(high: 0, low: 0)

    /// The sixteen octets in order.
    public var octets: [UInt8] {
        (0..<16).map { self[$0] }
    }

    /// The octet at `index`, 0 to 15; indices outside that range read as zero.
    public subscript(index: Int) -> UInt8 {
        switch index {
        case 0..<8: UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
        case 8..<16: UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index - 8)))
        default: 0
        }
    }

    /// Whether every octet is zero.
    public var isZero: Bool { high == 0 && low == 0 }

    /// The octets as 32 lowercase hex digits.
    public var hexString: String {
        HexText.string(count: 16) { self[$0] }
    }

    /// Orders values as big-endian 128-bit integers.
    public static func < (lhs: Octets16, rhs: Octets16) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

extension ByteReader {
    /// Reads sixteen octets.
    mutating func readOctets16(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> Octets16 {
        let high = try readUInt64(field)
        let low = try readUInt64(field)
        return Octets16(high: high, low: low)
    }
}

extension ByteWriter {
    /// Writes sixteen octets.
    mutating func writeOctets16(_ value: Octets16) {
        writeUInt64(value.high)
        writeUInt64(value.low)
    }
}
