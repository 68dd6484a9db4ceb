#if os(Linux)
    import Glibc

    /// A failure of the netlink socket or of ``LinkMonitor``: what failed, the `errno` (when a system call
    /// failed), and what that means here.
    ///
    /// The ``description`` reads like `socket(AF_NETLINK): permission denied (EPERM)`.
    public struct NetlinkError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What the failure means.
        ///
        /// An extensible set: new codes may be added, so switch over it with a `default` case.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private enum Backing: Hashable, Sendable {
                case permissionDenied
                case overrun
                case messageTruncated
                case malformedMessage
                case kernelError
                case timedOut
                case closed
                case other
            }

            private let backing: Backing

            private init(_ backing: Backing) {
                self.backing = backing
            }

            /// The process may not do this (`EPERM`, `EACCES`).
            public static let permissionDenied = Code(.permissionDenied)
            /// The socket's receive queue overran and the kernel dropped messages (`ENOBUFS`).
            public static let overrun = Code(.overrun)
            /// A datagram was longer than the receive buffer and was cut (`MSG_TRUNC`).
            public static let messageTruncated = Code(.messageTruncated)
            /// A received message did not decode; ``NetlinkError/decodingError`` says why.
            public static let malformedMessage = Code(.malformedMessage)
            /// The kernel answered a request with an error (`NLMSG_ERROR`); ``NetlinkError/errno`` holds it.
            public static let kernelError = Code(.kernelError)
            /// No answer came in time.
            public static let timedOut = Code(.timedOut)
            /// The socket or monitor has been closed.
            public static let closed = Code(.closed)
            /// Any other failure; ``NetlinkError/errno`` holds the `errno`.
            public static let other = Code(.other)

            /// The meaning of an `errno` value from a system call.
            public init(errno: Int32) {
                switch errno {
                case EPERM, EACCES: self = .permissionDenied
                case ENOBUFS: self = .overrun
                default: self = .other
                }
            }

            /// A short phrase naming the failure.
            public var description: String {
                switch backing {
                case .permissionDenied: "permission denied"
                case .overrun: "receive queue overrun"
                case .messageTruncated: "message truncated"
                case .malformedMessage: "malformed message"
                case .kernelError: "kernel error"
                case .timedOut: "timed out"
                case .closed: "closed"
                case .other: "other failure"
                }
            }
        }

        /// What the failure means.
        public var code: Code
        /// The call or request that failed, with its salient argument: `bind(RTMGRP_LINK)`, `RTM_GETLINK dump`.
        public var operation: String
        /// The `errno` of the failure (for ``Code/kernelError``, the one the kernel answered with); 0 when
        /// there is none.
        public var errno: Int32
        /// Why a message did not decode, for ``Code/malformedMessage``.
        public var decodingError: NetlinkDecodingError?

        /// Creates an error.
        public init(code: Code, operation: String, errno: Int32 = 0, decodingError: NetlinkDecodingError? = nil) {
            self.code = code
            self.operation = operation
            self.errno = errno
            self.decodingError = decodingError
        }

        /// Creates an error for a failed system call; its code follows from `errno`.
        public init(operation: String, errno: Int32) {
            self.init(code: Code(errno: errno), operation: operation, errno: errno)
        }

        /// `operation: meaning (ENAME)`, or with a decoding error, `operation: malformed message: <error>`.
        public var description: String {
            if let decodingError {
                return "\(operation): \(code): \(decodingError)"
            }
            guard errno != 0 else {
                return "\(operation): \(code)"
            }
            let message = strerror(errno).map { String(cString: $0) } ?? "errno \(errno)"
            return "\(operation): \(code == .other || code == .kernelError ? message : code.description) (\(errnoName))"
        }

        /// The symbolic name of ``errno`` (`ENOBUFS`), or `errno N`.
        public var errnoName: String {
            switch errno {
            case EPERM: "EPERM"
            case ENOENT: "ENOENT"
            case EINTR: "EINTR"
            case EAGAIN: "EAGAIN"
            case ENOMEM: "ENOMEM"
            case EACCES: "EACCES"
            case EBUSY: "EBUSY"
            case EEXIST: "EEXIST"
            case ENODEV: "ENODEV"
            case EINVAL: "EINVAL"
            case EMFILE: "EMFILE"
            case EOPNOTSUPP: "EOPNOTSUPP"
            case EPROTONOSUPPORT: "EPROTONOSUPPORT"
            case EAFNOSUPPORT: "EAFNOSUPPORT"
            case ENOBUFS: "ENOBUFS"
            case ETIMEDOUT: "ETIMEDOUT"
            case ECONNREFUSED: "ECONNREFUSED"
            case EMSGSIZE: "EMSGSIZE"
            default: "errno \(errno)"
            }
        }
    }
#endif
