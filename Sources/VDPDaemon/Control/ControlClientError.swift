/// Why a ``ControlClient`` call failed.
public struct ControlClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure: an extensible set, switch over them with a `default`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String

        /// Wraps a code's name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// No server could be reached at the path (missing, refused, no permission).
        public static let cannotConnect = Code(rawValue: "cannotConnect")
        /// The server sent a line that is not a valid message, or the request could not be encoded.
        public static let protocolError = Code(rawValue: "protocolError")
        /// The connection is closed; the request's outcome is unknown.
        public static let closed = Code(rawValue: "closed")

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

    /// `message`.
    public var description: String { message }
}
