/// A capture time: whole seconds plus nanoseconds since the Unix epoch (1970-01-01 00:00:00 UTC).
///
/// The value is `seconds + nanoseconds / 1e9`; `nanoseconds` is always in `0..<1_000_000_000` when the value
/// is built by ``init(seconds:nanoseconds:)`` or read from a file. Times before the epoch have negative
/// `seconds` and a non-negative `nanoseconds` fraction, so `-0.25 s` is `seconds: -1, nanoseconds: 750_000_000`.
public struct CaptureTimestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number of nanoseconds in one second.
    public static let nanosecondsPerSecond: UInt32 = 1_000_000_000

    /// Whole seconds since the Unix epoch.
    public var seconds: Int64

    /// The fraction of a second, in nanoseconds, in `0..<1_000_000_000`.
    public var nanoseconds: UInt32

    /// Creates a timestamp; a `nanoseconds` value of one second or more is carried into `seconds`
    /// (saturating at `Int64.max`).
    public init(seconds: Int64, nanoseconds: UInt32 = 0) {
        let carry = Int64(nanoseconds / Self.nanosecondsPerSecond)
        let (sum, overflow) = seconds.addingReportingOverflow(carry)
        self.seconds = overflow ? Int64.max : sum
        self.nanoseconds = nanoseconds % Self.nanosecondsPerSecond
    }

    /// The Unix epoch, `0.000000000`.
    public static let zero = CaptureTimestamp(seconds: 0, nanoseconds: 0)

    /// The time elapsed from `earlier` to `self`, in seconds (negative if `earlier` is later).
    ///
    /// Meant for printing relative times; a `Double` keeps sub-microsecond precision for spans of
    /// up to a few months.
    public func seconds(since earlier: CaptureTimestamp) -> Double {
        let fraction = (Double(nanoseconds) - Double(earlier.nanoseconds)) / 1e9
        let (difference, overflow) = seconds.subtractingReportingOverflow(earlier.seconds)
        if overflow {
            return Double(seconds) - Double(earlier.seconds) + fraction
        }
        return Double(difference) + fraction
    }

    /// The timestamp as decimal seconds with nine fractional digits, for example `1.000123456`
    /// or `-0.250000000`.
    public var description: String {
        let normalized = CaptureTimestamp(seconds: seconds, nanoseconds: nanoseconds)
        var wholeMagnitude = normalized.seconds.magnitude
        var fraction = normalized.nanoseconds
        var sign = ""
        if normalized.seconds < 0 {
            sign = "-"
            if fraction > 0 {
                // -1 s + 0.75 s = -0.25 s: borrow one second from the magnitude.
                wholeMagnitude -= 1
                fraction = Self.nanosecondsPerSecond - fraction
            }
        }
        let digits = String(fraction)
        let padding = String(repeating: "0", count: max(0, 9 - digits.count))
        return "\(sign)\(wholeMagnitude).\(padding)\(digits)"
    }

    /// Orders timestamps chronologically.
    public static func < (lhs: CaptureTimestamp, rhs: CaptureTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}
