/// The 24-bit VSI Type ID: which VSI type (a set of network policies) the VSI manager has defined for the VSI.
///
/// Encoded with `Codable` as its number; decoding refuses a number above ``maximum`` with
/// `DecodingError.dataCorrupted`.
public struct VSITypeID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The type ID, 0 to 2^24 − 1.
    public let rawValue: UInt32

    /// The largest type ID.
    public static let maximum: UInt32 = 0xFF_FFFF

    /// Creates a type ID; throws if it does not fit 24 bits.
    public init(_ value: UInt32) throws(VDPEncodingError) {
        guard value <= Self.maximum else {
            throw VDPEncodingError(.valueOutOfRange, field: .typeID)
        }
        self.rawValue = value
    }

    /// Creates a type ID from the low 24 bits of `value`, dropping any higher bits.
    public init(truncating value: UInt32) {
        self.rawValue = value & Self.maximum
    }

    init(uncheckedRawValue: UInt32) {
        self.init(truncating: uncheckedRawValue)
    }

    /// The type ID in decimal.
    public var description: String { String(rawValue) }

    /// Orders type IDs numerically.
    public static func < (lhs: VSITypeID, rhs: VSITypeID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Decodes the number; throws `DecodingError.dataCorrupted` above ``maximum``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(UInt32.self)
        guard value <= Self.maximum else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a VSI Type ID has 24 bits")
        }
        self.rawValue = value
    }

    /// Encodes the number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
