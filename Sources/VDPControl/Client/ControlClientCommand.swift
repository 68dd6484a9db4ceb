import VDPDaemon
import VDPProtocol
import VDPWire

/// The `vdpctl` subcommands that talk to a running `vdpd` over its control socket.
///
/// Exit status: 0 success, 1 the request was refused, rejected or failed (any error response), 2 usage,
/// 3 the daemon cannot be reached.
public enum ControlClientCommand {
    /// The subcommands' names.
    public static let names: Set<String> = [
        "status", "list", "get", "pre-associate", "associate", "suspend", "resume", "emigrate", "immigrate",
        "de-associate", "watch",
    ]

    /// The usage lines of the subcommands, for `vdpctl help`.
    public static let usage = """
          status [-i IF]                     the daemon, its interfaces (link, EVB, parameters) and counters
          list [-i IF]                       the VSIs the daemon's clients want, with their state and VIDs
          get -i IF uuid=…|vsiid=…           one wanted VSI
          pre-associate [--rr] | associate | suspend | resume | emigrate | immigrate [--associate] |
          de-associate  -i IF VSI            ask the daemon for a VSI lifecycle operation, print the outcome;
                                             VSI: mgrid=… typeid=… typeidver=… uuid=…|vsiid=… filter=… (as
                                             for station, without mode= and hints=)
          watch [-i IF] [--count N]          print the daemon's events as they happen
          client options: --socket PATH (\(ControlProtocol.defaultSocketPath))  --json (raw JSON lines)
          client exit status: 0 success, 1 refused, rejected or failed, 2 usage, 3 daemon unreachable

        """

    #if os(Linux)
        /// Runs `command` with its arguments; `watch` writes each event through `write` as it comes.
        public static func run(
            _ command: String,
            arguments: [String],
            write: @escaping @Sendable (String) -> Void
        ) async -> CommandResult {
            let options: ClientOptions
            switch ClientOptions.parse(arguments, command: command) {
            case .success(let value): options = value
            case .failure(let error): return usage(command, error.message)
            }
            let operation: ControlOperation
            switch Self.operation(command, options) {
            case .success(let value): operation = value
            case .failure(let error): return usage(command, error.message)
            }
            let client: ControlClient
            do {
                client = try ControlClient.connect(path: options.socket)
            } catch {
                return CommandResult(status: .daemonUnreachable, standardError: "vdpctl \(command): \(error)\n")
            }
            defer { client.close() }
            let encoder = ControlMessageEncoder()
            do {
                var hello: ControlHello?
                if command == "status", !options.json {
                    if case .success(.hello(let value)) = try await client.request(.hello).outcome {
                        hello = value
                    }
                }
                let response = try await client.request(operation)
                switch response.outcome {
                case .failure(let error):
                    return CommandResult(
                        status: .requestFailed,
                        standardOutput: options.json ? line(encoder.encode(response)) : "",
                        standardError: "vdpctl \(command): \(describe(error))\n"
                    )
                case .success(let result):
                    if case .watching = result {
                        return await watch(client, options, response: response, write: write)
                    }
                    let text = options.json ? line(encoder.encode(response)) : render(result, hello: hello, options)
                    return CommandResult(status: .success, standardOutput: text)
                }
            } catch {
                return CommandResult(status: .daemonUnreachable, standardError: "vdpctl \(command): \(error)\n")
            }
        }

        private static func usage(_ command: String, _ message: String) -> CommandResult {
            CommandResult(status: .usage, standardError: "vdpctl \(command): \(message)\n" + VDPControlCommand.usage)
        }

        private static func line(_ bytes: [UInt8]) -> String {
            String(decoding: bytes, as: UTF8.self)
        }

        private static func describe(_ error: ControlError) -> String {
            var text = "\(error.code): \(error.message)"
            if let status = error.status?.response {
                text += " (status 0x\(String(error.status?.rawValue ?? 0, radix: 16)), error \(status.error))"
            }
            return text
        }

        /// The request a subcommand sends.
        private static func operation(
            _ command: String,
            _ options: ClientOptions
        ) -> Result<ControlOperation, ClientUsageError> {
            switch command {
            case "status", "list", "watch":
                guard options.words.isEmpty else {
                    return .failure(ClientUsageError("unexpected '\(options.words[0])'"))
                }
                if command == "watch" {
                    return .success(.watch)
                }
                return .success(
                    command == "status" ? .status(interface: options.interface) : .list(interface: options.interface)
                )
            case "get":
                guard let interface = options.interface else {
                    return .failure(ClientUsageError("-i IF is required"))
                }
                guard options.words.count == 1, let word = options.words.first else {
                    return .failure(ClientUsageError("expected one uuid=… or vsiid=… word"))
                }
                do {
                    return .success(.get(interface: interface, vsiID: try VSICommand.parseVSIID(word)))
                } catch {
                    return .failure(ClientUsageError("\(error)"))
                }
            default:
                guard let interface = options.interface else {
                    return .failure(ClientUsageError("-i IF is required"))
                }
                let action: ControlLifecycleAction
                switch command {
                case "pre-associate": action = .preAssociate(reserveResources: options.reserveResources)
                case "associate": action = .associate
                case "suspend": action = .suspend
                case "resume": action = .resume
                case "emigrate": action = .emigrate
                case "immigrate": action = .immigrate(associate: options.associate)
                case "de-associate": action = .deAssociate
                default: return .failure(ClientUsageError("unknown command"))
                }
                do {
                    let vsi = try VSICommand.parseDescriptor(options.words)
                    return .success(
                        .lifecycle(ControlLifecycleRequest(interface: interface, vsi: vsi, action: action))
                    )
                } catch {
                    return .failure(ClientUsageError("\(error)"))
                }
            }
        }

        /// The readable form of a result.
        private static func render(_ result: ControlResult, hello: ControlHello?, _ options: ClientOptions) -> String {
            switch result {
            case .hello(let hello):
                return "vdpd \(hello.version), pid \(hello.pid)\n"
            case .status(let status):
                return ClientOutput.status(status, hello: hello)
            case .list(let entries):
                return ClientOutput.vsis(entries)
            case .vsi(let entry):
                return ClientOutput.vsis([entry])
            case .lifecycle(let state):
                guard let state else {
                    return "de-associated\n"
                }
                return "\(state), VIDs \(ClientOutput.vids(state.filterInfo))\n"
            case .watching:
                return ""
            }
        }

        /// Prints events until the connection closes (or `--count` of them).
        private static func watch(
            _ client: ControlClient,
            _ options: ClientOptions,
            response: ControlResponse,
            write: @escaping @Sendable (String) -> Void
        ) async -> CommandResult {
            let encoder = ControlMessageEncoder()
            if options.json {
                write(line(encoder.encode(response)))
            }
            var printed = 0
            for await message in client.messages {
                if let interface = options.interface, case .event(let event) = message, event.interface != interface {
                    continue
                }
                let text: String?
                if options.json {
                    switch message {
                    case .event(let event): text = encoder.encode(event).map(line)
                    case .dropped(let count): text = line(encoder.encodeDropped(count))
                    case .response, .unknownEvent: text = nil
                    }
                } else {
                    text = ClientOutput.event(message, encoder: encoder).map { $0 + "\n" }
                }
                if let text {
                    write(text)
                }
                if case .event = message {
                    printed += 1
                    if let count = options.count, printed >= count {
                        return CommandResult(status: .success)
                    }
                }
            }
            return CommandResult(
                status: .daemonUnreachable,
                standardError: "vdpctl watch: the daemon closed the connection\n"
            )
        }
    #endif
}
