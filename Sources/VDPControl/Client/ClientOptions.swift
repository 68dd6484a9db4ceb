import VDPDaemon

/// The options every control-client subcommand takes, and the words left for it.
struct ClientOptions {
    /// The daemon's socket.
    var socket = ControlProtocol.defaultSocketPath
    /// The interface (`-i`).
    var interface: String?
    /// Raw JSON lines instead of a table.
    var json = false
    /// `pre-associate --rr`.
    var reserveResources = false
    /// `immigrate --associate`.
    var associate = false
    /// `watch --count N`: stop after N events.
    var count: Int?
    /// The VSI words.
    var words: [String] = []

    /// Parses `arguments`; the error is the usage message.
    static func parse(_ arguments: [String], command: String) -> Result<ClientOptions, ClientUsageError> {
        var options = ClientOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--socket":
                guard let path = rest.popFirst(), !path.isEmpty else {
                    return .failure(ClientUsageError("--socket needs a PATH"))
                }
                options.socket = path
            case "-i", "--interface":
                guard let name = rest.popFirst(), !name.isEmpty else {
                    return .failure(ClientUsageError("-i needs an interface"))
                }
                options.interface = name
            case "--json":
                options.json = true
            case "--rr" where command == "pre-associate":
                options.reserveResources = true
            case "--associate" where command == "immigrate":
                options.associate = true
            case "--count" where command == "watch":
                guard let text = rest.popFirst(), let count = Int(text), count > 0 else {
                    return .failure(ClientUsageError("--count needs a positive number"))
                }
                options.count = count
            default:
                guard !argument.hasPrefix("-") else {
                    return .failure(ClientUsageError("unknown option '\(argument)'"))
                }
                options.words.append(argument)
            }
        }
        return .success(options)
    }
}

/// A command line a control-client subcommand cannot run.
struct ClientUsageError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
