/// The 32-bit GroupID of filter-info formats 3 and 4.
///
/// 802.1Qcy (NVO3) carries a 24-bit virtual network ID in the low three octets with the top octet zero; the
/// ``vnID`` view and ``init(vnID:)`` give that reading.
///
/// Encoded with `Codable` as its number, 0 to 2^32 − 1.
public struct GroupID: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The 32-bit GroupID.
    public let rawValue: UInt32

    /// Wraps a 32-bit GroupID.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The largest 24-bit VN ID.
    public static let maximumVNID: UInt32 = 0xFF_FFFF

    /// A GroupID carrying a 24-bit VN ID; throws if the VN ID needs more than 24 bits.
    public init(vnID: UInt32) throws(VDPEncodingError) {
        guard vnID <= Self.maximumVNID else {
            throw VDPEncodingError(.valueOutOfRange, field: .filterInfoEntries)
        }
        self.rawValue = vnID
    }

    /// The 24-bit VN ID, or `nil` when the top octet is not zero.
    public var vnID: UInt32? {
        rawValue <= Self.maximumVNID ? rawValue : nil
    }

    /// The GroupID in decimal.
    public var description: String { String(rawValue) }

    /// Orders GroupIDs numerically.
    public static func < (lhs: GroupID, rhs: GroupID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Decodes the number; throws `DecodingError` for anything but an integer from 0 to 2^32 − 1.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(rawValue: try container.decode(UInt32.self))
    }

    /// Encodes the number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
