/// What a command produced: its exit status and the text for standard output and standard error.
public struct CommandResult: Hashable, Sendable {
    /// The process exit status.
    public var status: ExitStatus
    /// Text for standard output.
    public var standardOutput: String
    /// Text for standard error.
    public var standardError: String

    /// Creates a result.
    public init(status: ExitStatus, standardOutput: String = "", standardError: String = "") {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// The exit statuses of `vdpctl`, each with one meaning.
public struct ExitStatus: RawRepresentable, Hashable, Sendable {
    /// The numeric status.
    public let rawValue: Int32

    /// Wraps a numeric status.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// 0: everything succeeded.
    public static let success = ExitStatus(rawValue: 0)
    /// 1: the command ran, but some input was malformed (for example frames that failed to decode).
    public static let malformedInput = ExitStatus(rawValue: 1)
    /// 2: the command line was wrong.
    public static let usage = ExitStatus(rawValue: 2)
    /// 3: a file could not be read or is not a capture.
    public static let unreadableFile = ExitStatus(rawValue: 3)
}
