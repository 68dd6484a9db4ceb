/// How an interface's link changed, in a ``ControlEvent/link(interface:change:)`` event.
///
/// An extensible set, a string with static members: switch over it with a `default`. Encoded with `Codable` as the
/// bare string; decoding accepts any string.
public struct ControlLinkChange: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The change's name on the wire.
    public var rawValue: String

    /// Wraps a change's name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Carrier and operational state came up.
    public static let up = ControlLinkChange(rawValue: "up")
    /// Carrier or operational state went down.
    public static let down = ControlLinkChange(rawValue: "down")
    /// The interface disappeared (or was renamed away).
    public static let removed = ControlLinkChange(rawValue: "removed")
    /// The interface appeared (or was renamed back).
    public static let appeared = ControlLinkChange(rawValue: "appeared")

    /// The change's name.
    public var description: String { rawValue }

    /// Decodes the bare string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the bare string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
