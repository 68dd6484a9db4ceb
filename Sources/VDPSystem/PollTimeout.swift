/// A `Duration` as a poll(2) timeout: whole milliseconds, rounded up, within `0...Int32.max`; `nil` is -1 (wait
/// for ever).
package func pollMilliseconds(_ duration: Duration?) -> Int32 {
    guard let duration else {
        return -1
    }
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0 else {
        return 0
    }
    let wholeMilliseconds = attoseconds / 1_000_000_000_000_000
    let roundUp: Int64 = attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
    guard !overflow else {
        return Int32.max
    }
    return Int32(clamping: scaled.addingReportingOverflow(wholeMilliseconds + roundUp).partialValue)
}
