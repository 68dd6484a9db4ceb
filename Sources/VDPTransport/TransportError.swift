#if os(Linux)
    import Glibc

    /// A failed system call of the packet transport: what failed, the `errno` it returned, and what that means
    /// here.
    ///
    /// The ``description`` reads like `socket(AF_PACKET): permission denied (EPERM); CAP_NET_RAW is needed`.
    public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What the failure means for a packet transport.
        ///
        /// An extensible set: new codes may be added (a failure now reported as ``other`` may get a code of its
        /// own), so switch over it with a `default` case.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private enum Backing: Hashable, Sendable {
                case interfaceNotFound
                case interfaceDown
                case permissionDenied
                case frameTooLong
                case noBufferSpace
                case networkDown
                case closed
                case other
            }

            private let backing: Backing

            private init(backing: Backing) {
                self.backing = backing
            }

            /// No interface has that name (`ENODEV`, `ENXIO`).
            public static let interfaceNotFound = Code(backing: .interfaceNotFound)
            /// The interface is not administratively up (`IFF_UP` is not set).
            public static let interfaceDown = Code(backing: .interfaceDown)
            /// The process may not open a packet socket (`EPERM`, `EACCES`): it needs root or `CAP_NET_RAW`.
            public static let permissionDenied = Code(backing: .permissionDenied)
            /// The frame is longer than the interface's MTU plus the 14-octet Ethernet header (`EMSGSIZE`).
            public static let frameTooLong = Code(backing: .frameTooLong)
            /// The socket's send buffer or the device's queue is full (`ENOBUFS`, or `EAGAIN` from a send).
            public static let noBufferSpace = Code(backing: .noBufferSpace)
            /// The interface went down under the socket (`ENETDOWN`).
            public static let networkDown = Code(backing: .networkDown)
            /// The link or socket has been closed.
            public static let closed = Code(backing: .closed)
            /// Any other `errno`, which ``TransportError/errno`` holds.
            public static let other = Code(backing: .other)

            /// The meaning of an `errno` value.
            public init(_ errno: Errno) {
                switch errno.rawValue {
                case ENODEV, ENXIO: self = .interfaceNotFound
                case EPERM, EACCES: self = .permissionDenied
                case EMSGSIZE: self = .frameTooLong
                case ENOBUFS: self = .noBufferSpace
                case ENETDOWN: self = .networkDown
                default: self = .other
                }
            }

            /// A short phrase naming the failure: `no such interface`, `permission denied`, …
            public var description: String {
                switch backing {
                case .interfaceNotFound: "no such interface"
                case .interfaceDown: "interface is down"
                case .permissionDenied: "permission denied"
                case .frameTooLong: "frame longer than the interface MTU allows"
                case .noBufferSpace: "no buffer space"
                case .networkDown: "network is down"
                case .closed: "the link is closed"
                case .other: "other failure"
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

        /// `operation: meaning (ENAME)`, plus what to do about a permission error; for ``Code/other``, the
        /// `errno`'s own message.
        public var description: String {
            switch code {
            case .permissionDenied: "\(operation): \(code) (\(errno.name)); CAP_NET_RAW is needed"
            case .other: "\(operation): \(errno.message) (\(errno.name))"
            default: "\(operation): \(code) (\(errno.name))"
            }
        }
    }
#endif
