#if os(Linux)
    import Glibc

    /// A failed system call of the packet transport: what failed, the `errno` it returned, and what that means
    /// here.
    ///
    /// The ``description`` reads like `socket(AF_PACKET): permission denied (EPERM); CAP_NET_RAW is needed`.
    public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What the failure means for a packet transport.
        public enum Code: Hashable, Sendable {
            /// No interface has that name (`ENODEV`, `ENXIO`).
            case interfaceNotFound
            /// The interface is not administratively up (`IFF_UP` is not set).
            case interfaceDown
            /// The process may not open a packet socket (`EPERM`, `EACCES`): it needs root or `CAP_NET_RAW`.
            case permissionDenied
            /// The frame is longer than the interface's MTU plus the 14-octet Ethernet header (`EMSGSIZE`).
            case frameTooLong
            /// The socket's send buffer or the device's queue is full (`ENOBUFS`, or `EAGAIN` from a send).
            case noBufferSpace
            /// The interface went down under the socket (`ENETDOWN`).
            case networkDown
            /// The link or socket has been closed.
            case closed
            /// Any other `errno`.
            case other(Errno)

            /// The meaning of an `errno` value.
            public init(_ errno: Errno) {
                switch errno.rawValue {
                case ENODEV, ENXIO: self = .interfaceNotFound
                case EPERM, EACCES: self = .permissionDenied
                case EMSGSIZE: self = .frameTooLong
                case ENOBUFS: self = .noBufferSpace
                case ENETDOWN: self = .networkDown
                default: self = .other(errno)
                }
            }
        }

        /// What the failure means.
        public var code: Code
        /// The call that failed, with its salient argument: `socket(AF_PACKET)`, `ioctl(SIOCGIFINDEX, "eth0")`.
        public var operation: String
        /// The `errno` the call returned (for ``Code/interfaceDown``, `ENETDOWN`; for ``Code/closed``, `EBADF`).
        public var errno: Errno

        /// Creates an error with an explicit code.
        public init(code: Code, operation: String, errno: Errno) {
            self.code = code
            self.operation = operation
            self.errno = errno
        }

        /// Creates an error whose code follows from `errno` (see ``Code/init(_:)``).
        public init(operation: String, errno: Errno) {
            self.init(code: Code(errno), operation: operation, errno: errno)
        }

        /// `operation: meaning (ENAME)`, plus what to do about a permission error.
        public var description: String {
            switch code {
            case .interfaceNotFound: "\(operation): no such interface (\(errno.name))"
            case .interfaceDown: "\(operation): interface is down (\(errno.name))"
            case .permissionDenied:
                "\(operation): permission denied (\(errno.name)); CAP_NET_RAW is needed"
            case .frameTooLong: "\(operation): frame longer than the interface MTU allows (\(errno.name))"
            case .noBufferSpace: "\(operation): no buffer space (\(errno.name))"
            case .networkDown: "\(operation): network is down (\(errno.name))"
            case .closed: "\(operation): the link is closed (\(errno.name))"
            case .other(let other): "\(operation): \(other.message) (\(other.name))"
            }
        }
    }
#endif
