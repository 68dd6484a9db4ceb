/// Why a ``BridgeTableStore`` could not read or write the table.
public struct BridgeTableStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// What the store says about it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// The kind of a ``BridgeTableStoreError``; extensible: stores may define codes of their own.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String

        /// Wraps a name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The store cannot be opened or read (permissions, a missing directory, I/O errors).
        public static let unreadable = Code(rawValue: "unreadable")
        /// What the store holds is damaged or contradicts itself (a corrupt file, a record that does not decode,
        /// VSIs the bridge port cannot take back).
        public static let corrupt = Code(rawValue: "corrupt")
        /// The store was written by a newer version whose schema this one does not know.
        public static let unsupportedSchema = Code(rawValue: "unsupportedSchema")
        /// A commit failed; nothing of it was made.
        public static let writeFailed = Code(rawValue: "writeFailed")
        /// The agent was asked to run with a store before ``BridgeAgent/restoreTable()``.
        public static let notRestored = Code(rawValue: "notRestored")

        /// The name.
        public var description: String { rawValue }
    }
}
