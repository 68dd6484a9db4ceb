/// Why the state file could not be read or written.
public struct StateFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; extensible.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String

        /// A code with this name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The file exists but could not be read (permissions, I/O error).
        public static let unreadable = Code(rawValue: "unreadable")
        /// The file is larger than ``StateFile/maximumSize``.
        public static let tooLarge = Code(rawValue: "tooLarge")
        /// The file is not a state file of this version (truncated, not JSON, wrong shape or version).
        public static let corrupt = Code(rawValue: "corrupt")
        /// Writing, syncing or renaming failed; the previous file is intact.
        public static let writeFailed = Code(rawValue: "writeFailed")

        /// The name.
        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The file.
    public var path: String
    /// Details, for a person.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `state file /var/lib/vdpd/state.json: corrupt: …`.
    public var description: String { "state file \(path): \(code): \(message)" }
}
