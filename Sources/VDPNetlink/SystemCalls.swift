#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import VDPSystem

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
#endif
