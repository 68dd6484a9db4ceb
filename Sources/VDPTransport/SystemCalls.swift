#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import VDPSystem

    /// Runs a system call that returns -1 and sets `errno` on failure, retrying it after `EINTR` when
    /// `retryOnInterrupt` is set (the swift-system convention).
    ///
    /// `EBADF` and `EFAULT` are preconditions, as NIO treats them: this module never passes a closed descriptor
    /// or a bad pointer, so either one is a bug here, not a condition to handle.
    ///
    /// - Returns: the call's result, or the `errno` it failed with.
    func valueOrErrno<Result: FixedWidthInteger>(
        retryOnInterrupt: Bool,
        _ call: () -> Result
    ) -> Swift.Result<Result, Errno> {
        while true {
            let result = call()
            if result != -1 {
                return .success(result)
            }
            let errno = Errno.current
            precondition(errno != .badFileDescriptor && errno.rawValue != EFAULT, "system call failed: \(errno)")
            if retryOnInterrupt && errno == .interrupted {
                continue
            }
            return .failure(errno)
        }
    }

    /// Runs a system call like ``valueOrErrno(retryOnInterrupt:_:)`` and throws a ``TransportError`` naming
    /// `operation` when it fails.
    func systemCall<Result: FixedWidthInteger>(
        _ operation: @autoclosure () -> String,
        retryOnInterrupt: Bool = true,
        _ call: () -> Result
    ) throws(TransportError) -> Result {
        switch valueOrErrno(retryOnInterrupt: retryOnInterrupt, call) {
        case .success(let value): return value
        case .failure(let errno): throw TransportError(operation: operation(), errno: errno)
        }
    }

    /// close(2), ignoring the result: Linux releases the descriptor even when close reports an error, so there
    /// is nothing to retry.
    func closeIgnoringErrors(_ fileDescriptor: Int32) {
        _ = Glibc.close(fileDescriptor)
    }

    /// poll(2) for input on `fileDescriptor` for at most `timeout` (rounded up to whole milliseconds, at most
    /// `Int32.max`); `nil` waits forever. Retries after `EINTR` with the whole timeout again.
    ///
    /// - Returns: whether the descriptor became readable (or reported an error or hang-up).
    func waitForInput(on fileDescriptor: Int32, timeout: Duration?) throws(TransportError) -> Bool {
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = pollMilliseconds(timeout)
        let ready = try systemCall("poll") { poll(&descriptor, 1, milliseconds) }
        return ready > 0
    }

#endif
