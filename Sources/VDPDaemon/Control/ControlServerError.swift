/// Why a ``ControlServer`` could not start.
public struct ControlServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure: an extensible set, switch over them with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String

        /// Wraps a code's name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Another server answers on the socket path; it was left alone.
        public static let inUse = Code(rawValue: "inUse")
        /// Something other than a socket is at the path; it was left alone.
        public static let notASocket = Code(rawValue: "notASocket")
        /// The path is empty or longer than a Unix socket address holds (107 octets).
        public static let invalidPath = Code(rawValue: "invalidPath")
        /// The server was already started.
        public static let alreadyStarted = Code(rawValue: "alreadyStarted")
        /// A system call failed.
        public static let systemCall = Code(rawValue: "systemCall")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The details.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
