/// The unit of a pcapng interface's timestamps: `10^-exponent` or `2^-exponent` seconds (`if_tsresol`).
///
/// Conversions never trap: units per second that do not fit in 64 bits, and resolutions finer than a
/// nanosecond, are handled with full-width multiplication and division, rounding down to whole nanoseconds.
struct TimestampResolution: Hashable, Sendable {
    /// Whether the exponent is a power of ten or of two.
    enum Base: Hashable, Sendable {
        case ten
        case two
    }

    /// The base of the unit.
    let base: Base

    /// The negated exponent of the unit, `0...127`.
    let exponent: UInt8

    /// One microsecond, the pcapng default when an interface has no `if_tsresol` option.
    static let microseconds = TimestampResolution(base: .ten, exponent: 6)

    /// Decodes the one-byte `if_tsresol` value: the high bit selects base 2, the low seven bits are the exponent.
    init(ifTsresol value: UInt8) {
        self.base = value & 0x80 == 0 ? .ten : .two
        self.exponent = value & 0x7F
    }

    init(base: Base, exponent: UInt8) {
        self.base = base
        self.exponent = exponent & 0x7F
    }

    /// The number of units in one second, or `nil` if it does not fit in a `UInt64`.
    var unitsPerSecond: UInt64? {
        switch base {
        case .two:
            return exponent < 64 ? UInt64(1) << UInt64(exponent) : nil
        case .ten:
            var value: UInt64 = 1
            for _ in 0..<exponent {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow {
                    return nil
                }
                value = product
            }
            return value
        }
    }

    /// Converts a count of units since the epoch, plus a whole-second offset (`if_tsoffset`), to a timestamp;
    /// `nil` if the seconds do not fit in an `Int64`.
    func timestamp(units: UInt64, offsetSeconds: Int64 = 0) -> CaptureTimestamp? {
        let nanosecondsPerSecond = UInt64(CaptureTimestamp.nanosecondsPerSecond)
        var wholeSeconds: UInt64 = 0
        var nanoseconds: UInt64 = 0
        if let perSecond = unitsPerSecond {
            wholeSeconds = units / perSecond
            let fraction = units % perSecond
            // fraction < perSecond, so fraction * 1e9 / perSecond < 1e9: the quotient always fits.
            nanoseconds = perSecond.dividingFullWidth(fraction.multipliedFullWidth(by: nanosecondsPerSecond)).quotient
        } else {
            // More units per second than UInt64 can count: `units` is less than one second.
            switch base {
            case .two:
                // units * 1e9 / 2^exponent with exponent in 64...127.
                let product = units.multipliedFullWidth(by: nanosecondsPerSecond)
                nanoseconds = product.high >> UInt64(exponent - 64)
            case .ten:
                // units / 10^(exponent - 9); exponent >= 20, and 10^20 > UInt64.max.
                let divisor = TimestampResolution(base: .ten, exponent: exponent - 9).unitsPerSecond
                nanoseconds = divisor.map { units / $0 } ?? 0
            }
        }
        guard let seconds = Int64(exactly: wholeSeconds) else {
            return nil
        }
        let (shifted, overflow) = seconds.addingReportingOverflow(offsetSeconds)
        guard !overflow, let fraction = UInt32(exactly: nanoseconds) else {
            return nil
        }
        return CaptureTimestamp(seconds: shifted, nanoseconds: fraction)
    }
}
