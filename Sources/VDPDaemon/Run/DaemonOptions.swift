/// The command line of `vdpd`: `vdpd --config FILE [--check-config] [--log-format text|json] [--foreground]`.
public struct DaemonOptions: Hashable, Sendable {
    /// The configuration file (`--config`, default `/etc/vdpd.conf`).
    public var configurationPath = "/etc/vdpd.conf"
    /// Only check the configuration file and exit (`--check-config`).
    public var checkOnly = false
    /// The log format, overriding the file's `log-format` (`--log-format`).
    public var logFormat: LogFormat?
    /// Print the usage and exit (`--help`).
    public var help = false
    /// Print the version and exit (`--version`).
    public var version = false

    /// The usage text.
    public static let usage = """
        usage: vdpd [--config FILE] [--check-config] [--log-format text|json] [--foreground]
          --config FILE       the configuration file (default /etc/vdpd.conf)
          --check-config      check the configuration file, print what it configures, and exit
          --log-format FMT    text or json lines on standard output (overrides log-format in the file)
          --foreground        accepted for compatibility: vdpd always runs in the foreground
        signals: SIGHUP reloads the configuration, SIGTERM and SIGINT stop (nothing is de-associated)

        """

    /// Defaults.
    public init() {}

    /// Parses the arguments (without the program name); throws a message for a mistake.
    public static func parse(_ arguments: [String]) throws(DaemonUsageError) -> DaemonOptions {
        var options = DaemonOptions()
        var words = arguments[...]
        while let word = words.popFirst() {
            switch word {
            case "--config", "-c":
                guard let value = words.popFirst(), !value.isEmpty else {
                    throw DaemonUsageError("\(word) needs a file name")
                }
                options.configurationPath = value
            case "--check-config":
                options.checkOnly = true
            case "--log-format":
                guard let value = words.popFirst(), let format = LogFormat(rawValue: value) else {
                    throw DaemonUsageError("--log-format is text or json")
                }
                options.logFormat = format
            case "--foreground", "-f":
                break
            case "--help", "-h":
                options.help = true
            case "--version":
                options.version = true
            default:
                throw DaemonUsageError("unknown option '\(word)'")
            }
        }
        return options
    }
}

/// A mistake on `vdpd`'s command line.
public struct DaemonUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
