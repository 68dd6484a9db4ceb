#if os(Linux)
    internal import CVDPLinux
    import Glibc

    /// A C `errno` value, as a type of its own (after swift-system's `Errno`).
    public struct Errno: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
        /// The `errno` number.
        public let rawValue: Int32

        /// Wraps an `errno` number.
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// The calling thread's current `errno`.
        public static var current: Errno { Errno(rawValue: CVDPLinux_errno()) }

        /// `EPERM`: operation not permitted.
        public static let notPermitted = Errno(rawValue: EPERM)
        /// `EINTR`: a signal interrupted the call.
        public static let interrupted = Errno(rawValue: EINTR)
        /// `EBADF`: not an open file descriptor.
        public static let badFileDescriptor = Errno(rawValue: EBADF)
        /// `EAGAIN` (`EWOULDBLOCK`): a non-blocking call would block.
        public static let wouldBlock = Errno(rawValue: EAGAIN)
        /// `EACCES`: permission denied.
        public static let accessDenied = Errno(rawValue: EACCES)
        /// `ENODEV`: no such device; what the interface ioctls return for an unknown name.
        public static let noSuchDevice = Errno(rawValue: ENODEV)
        /// `EINVAL`: invalid argument.
        public static let invalidArgument = Errno(rawValue: EINVAL)
        /// `EMSGSIZE`: message too long; a frame longer than the interface's MTU allows.
        public static let messageTooLong = Errno(rawValue: EMSGSIZE)
        /// `ENETDOWN`: the network (here, the interface) is down.
        public static let networkDown = Errno(rawValue: ENETDOWN)
        /// `ENOBUFS`: no buffer space available.
        public static let noBufferSpace = Errno(rawValue: ENOBUFS)

        /// The symbolic name, such as `EPERM`, or `errno 123` for a value not in the table.
        public var name: String {
            Self.names[rawValue] ?? "errno \(rawValue)"
        }

        /// The C library's message (`strerror(3)`), such as `Operation not permitted`.
        public var message: String {
            guard let text = strerror(rawValue) else {
                return name
            }
            return String(cString: text)
        }

        /// The message and the name: `Operation not permitted (EPERM)`.
        public var description: String { "\(message) (\(name))" }

        private static let names: [Int32: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", ENXIO: "ENXIO", EBADF: "EBADF",
            EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY",
            EEXIST: "EEXIST", ENODEV: "ENODEV", EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE",
            ENOSPC: "ENOSPC", EPIPE: "EPIPE", ENOTSOCK: "ENOTSOCK", EMSGSIZE: "EMSGSIZE",
            EPROTONOSUPPORT: "EPROTONOSUPPORT", ESOCKTNOSUPPORT: "ESOCKTNOSUPPORT", EOPNOTSUPP: "EOPNOTSUPP",
            EAFNOSUPPORT: "EAFNOSUPPORT", EADDRNOTAVAIL: "EADDRNOTAVAIL", ENETDOWN: "ENETDOWN",
            ENETUNREACH: "ENETUNREACH", ENOBUFS: "ENOBUFS", ETIMEDOUT: "ETIMEDOUT",
        ]
    }
#endif
