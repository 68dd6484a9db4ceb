#if os(Linux)
    internal import CVDPLinux
    import Glibc

    /// Runs a system call that returns -1 and sets `errno` on failure, retrying after `EINTR`.
    ///
    /// - Returns: the call's result, or the `errno` it failed with.
    func valueOrErrno<Result: FixedWidthInteger>(_ call: () -> Result) -> Swift.Result<Result, NetlinkError> {
        while true {
            let result = call()
            if result != -1 {
                return .success(result)
            }
            let errno = CVDPLinux_errno()
            if errno == EINTR {
                continue
            }
            return .failure(NetlinkError(operation: "", errno: errno))
        }
    }

    /// Runs a system call like ``valueOrErrno(_:)`` and throws a ``NetlinkError`` naming `operation`.
    func systemCall<Result: FixedWidthInteger>(
        _ operation: @autoclosure () -> String,
        _ call: () -> Result
    ) throws(NetlinkError) -> Result {
        switch valueOrErrno(call) {
        case .success(let value): return value
        case .failure(var error):
            error.operation = operation()
            throw error
        }
    }

    /// A `Duration` as a poll(2) timeout: whole milliseconds, rounded up, within `0...Int32.max`; `nil` is -1.
    func pollMilliseconds(_ duration: Duration?) -> Int32 {
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
#endif
