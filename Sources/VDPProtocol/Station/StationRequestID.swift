/// Identifies one command a station port accepted, so its completion can be matched to it.
public struct StationRequestID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A number unique within one station port.
    public let rawValue: UInt64

    /// Wraps a number; only a station port issues identifiers, so an embedder cannot forge one.
    package init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Orders identifiers by issue.
    public static func < (lhs: StationRequestID, rhs: StationRequestID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `#` and the number.
    public var description: String { "#\(rawValue)" }
}
