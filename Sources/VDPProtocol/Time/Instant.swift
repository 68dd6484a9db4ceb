/// A point in monotonic time, in nanoseconds from an arbitrary origin.
///
/// The state machines never read a clock: callers pass the current ``Instant`` in with every event and get
/// deadlines back. Tests use ``zero`` plus a `Duration`; a real agent converts its monotonic clock.
public struct Instant: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Nanoseconds from the origin.
    public var nanoseconds: Int64

    /// Creates an instant the given number of nanoseconds from the origin.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The origin.
    public static let zero = Instant(nanoseconds: 0)

    /// The instant `duration` later; saturates instead of overflowing.
    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.nanosecondsClamped)
        guard !overflow else {
            return Instant(nanoseconds: rhs < .zero ? .min : .max)
        }
        return Instant(nanoseconds: sum)
    }

    /// The duration from `rhs` to `lhs`.
    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        let (difference, overflow) = lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds)
        guard !overflow else {
            return lhs > rhs ? .nanoseconds(Int64.max) : .nanoseconds(Int64.min)
        }
        return .nanoseconds(difference)
    }

    /// Orders instants in time.
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// Seconds from the origin with six decimals, e.g. `10.485760s`.
    public var description: String {
        let micros = nanoseconds / 1000
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000_000)
        return sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count)
            + fraction + "s"
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to the range of `Int64`.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else {
            return seconds < 0 ? .min : .max
        }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        guard !overflow2 else {
            return seconds < 0 ? .min : .max
        }
        return sum
    }
}
