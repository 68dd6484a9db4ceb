/// The `vdpctl` command line: parses arguments and runs a subcommand.
public enum VDPControlCommand {
    /// The usage text.
    public static let usage = """
        usage: vdpctl <command> [options]

        commands:
          demo [--quiet] [--seed N]
                                 walk VMs through the whole VDP lifecycle between hypervisors and NVEs
                                 on simulated links (virtual time), printing each step and the frames
          decode FILE [--json]   print every frame of a pcap/pcapng capture, field by field
          help                   show this text

        exit status: 0 success, 1 malformed input (e.g. frames that failed to decode),
                     2 usage error, 3 unreadable file

        """

    /// Runs the command line (without the program name) and returns what it produced.
    public static func run(arguments: [String]) -> CommandResult {
        guard let command = arguments.first else {
            return CommandResult(status: .usage, standardError: usage)
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "decode":
            let json = rest.contains("--json")
            let paths = rest.filter { $0 != "--json" }
            guard paths.count == 1, let path = paths.first, !path.hasPrefix("-") else {
                return CommandResult(status: .usage, standardError: "vdpctl decode: expected one FILE\n" + usage)
            }
            return DecodeCommand(path: path, json: json).run()
        case "demo":
            var demo = LifecycleDemo()
            var arguments = rest[...]
            while let argument = arguments.popFirst() {
                switch argument {
                case "--quiet":
                    demo.showFrames = false
                case "--seed":
                    guard let text = arguments.popFirst(), let seed = UInt64(text) else {
                        return CommandResult(status: .usage, standardError: "vdpctl demo: --seed needs a number\n")
                    }
                    demo.seed = seed
                default:
                    return CommandResult(status: .usage, standardError: "vdpctl demo: unknown option '\(argument)'\n")
                }
            }
            return demo.run()
        case "help", "--help", "-h":
            return CommandResult(status: .success, standardOutput: usage)
        default:
            return CommandResult(status: .usage, standardError: "vdpctl: unknown command '\(command)'\n" + usage)
        }
    }
}
