/// The two-bit RRSTAT field of the EVB station status octet: whether reflective relay is in effect.
///
/// lldpad sends ``unknown`` until it has received the bridge's EVB TLV, then ``active`` if the bridge set RRCTR
/// and ``notActive`` otherwise. The value 2 has no name and is kept as received.
public struct EVBReflectiveRelayStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
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

    /// 0: reflective relay is not active.
    public static let notActive = EVBReflectiveRelayStatus(truncatingIfNeeded: 0)
    /// 1: reflective relay is active.
    public static let active = EVBReflectiveRelayStatus(truncatingIfNeeded: 1)
    /// 3: the station has not yet heard the bridge, so the status is unknown.
    public static let unknown = EVBReflectiveRelayStatus(truncatingIfNeeded: 3)

    /// The value as a decimal number.
    public var description: String { String(rawValue) }
}
