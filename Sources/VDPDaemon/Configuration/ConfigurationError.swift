/// Why a configuration file was refused: what, where (the line, counting from 1) and a message.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake; extensible.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String

        /// A code with this name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The file could not be read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The file is larger than ``DaemonConfiguration/maximumFileSize`` or has too many interfaces.
        public static let tooLarge = Code(rawValue: "tooLarge")
        /// A line is neither `key = value`, a `[interface NAME]` section, a comment nor blank.
        public static let malformedLine = Code(rawValue: "malformedLine")
        /// A section other than `[interface NAME]`, or a bad interface name.
        public static let badSection = Code(rawValue: "badSection")
        /// A key the daemon does not know, or one not allowed where it stands.
        public static let unknownKey = Code(rawValue: "unknownKey")
        /// A value out of range or of the wrong kind.
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// A key given twice in one section.
        public static let duplicateKey = Code(rawValue: "duplicateKey")
        /// An interface with two sections.
        public static let duplicateInterface = Code(rawValue: "duplicateInterface")
        /// No `[interface NAME]` section.
        public static let noInterfaces = Code(rawValue: "noInterfaces")

        /// The name.
        public var description: String { rawValue }
    }

    /// What kind of mistake.
    public var code: Code
    /// The line it is on (from 1), when it is on one.
    public var line: Int?
    /// What is wrong, for a person.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, line: Int? = nil, _ message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    /// `line 4: unknown key 'foo'`.
    public var description: String {
        (line.map { "line \($0): " } ?? "") + message
    }
}
