/// What one run of a command-line tool gave: its exit status and its standard error.
struct ToolRun: Sendable, Equatable {
    /// The exit status, or 128 + the signal that ended it; 127 when it could not be started.
    var status: Int32
    /// Its standard error (at most ``ToolRunner/errorLimit`` bytes).
    var errors: String
    /// Whether it was killed for taking longer than its time limit.
    var timedOut = false
}

/// Runs a command-line tool with its standard input from a string.
protocol ToolRunner: Sendable {
    /// Runs `arguments[0]` with the rest as arguments, feeding it `input`.
    func run(_ arguments: [String], input: String, timeout: Duration) async -> ToolRun
}

extension ToolRunner {
    /// How much of a tool's standard error is kept.
    static var errorLimit: Int { 4_096 }
}

/// Where tools cannot be started here: every run fails as if the tool were missing.
struct UnavailableToolRunner: ToolRunner {
    func run(_ arguments: [String], input: String, timeout: Duration) async -> ToolRun {
        ToolRun(status: 127, errors: "running tools is supported on Linux only")
    }
}
