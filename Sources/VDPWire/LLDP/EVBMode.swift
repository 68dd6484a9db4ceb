/// The two-bit EVB mode field of the ratified EVB TLV (mask 0xC0 of value octet 7): which end of the link the
/// sender is.
public struct EVBMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The field's value, 0 to 3.
    public let rawValue: UInt8

    /// Wraps a value; returns `nil` if it does not fit two bits.
    public init?(rawValue: UInt8) {
        guard rawValue <= 3 else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// Wraps the low two bits of `bits`.
    init(truncatingIfNeeded bits: UInt8) {
        self.rawValue = bits & 0x03
    }

    /// 0: EVB is not supported.
    public static let notSupported = EVBMode(truncatingIfNeeded: 0)
    /// 1: the sender is an EVB bridge.
    public static let bridge = EVBMode(truncatingIfNeeded: 1)
    /// 2: the sender is an EVB station.
    public static let station = EVBMode(truncatingIfNeeded: 2)
    /// 3: reserved.
    public static let reserved = EVBMode(truncatingIfNeeded: 3)

    /// `not-supported`, `bridge`, `station` or `reserved`.
    public var description: String {
        switch rawValue {
        case 0: "not-supported"
        case 1: "bridge"
        case 2: "station"
        default: "reserved"
        }
    }
}
