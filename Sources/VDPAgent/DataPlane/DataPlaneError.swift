/// Why a ``DataPlaneBackend`` could not apply changes.
///
/// Encoded with `Codable` as `{"code": "toolFailed", "message": "…"}`.
public struct DataPlaneError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// What the backend says about it (a tool's diagnostics, shortened by the backend).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// The kind of a ``DataPlaneError``; extensible: backends may define codes of their own.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String

        /// Wraps a name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The backend cannot express the VSI (no virtual network for it, an unsupported filter).
        public static let unsupported = Code(rawValue: "unsupported")
        /// The backend could not reach or run what programs the data plane.
        public static let unavailable = Code(rawValue: "unavailable")
        /// The data plane refused the change.
        public static let refused = Code(rawValue: "refused")
        /// The backend's table or the data plane is full.
        public static let exhausted = Code(rawValue: "exhausted")
        /// The call was cancelled (the agent stopped).
        public static let cancelled = Code(rawValue: "cancelled")

        /// The name.
        public var description: String { rawValue }
    }
}
