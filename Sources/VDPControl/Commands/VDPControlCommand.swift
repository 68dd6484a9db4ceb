/// The `vdpctl` command line: parses arguments and runs a subcommand.
public enum VDPControlCommand {
    /// The usage text.
    public static let usage = """
        usage: vdpctl <command> [options]

        commands:
          bridge -i IF [-i IF …] [options]   run a VDP bridge (NVE) on one or more ports; the event log goes to
                                             standard output; SIGINT/SIGTERM (or --duration) prints the VSI table
                                             options: --vid-range LOW-HIGH
                                               --types FILE (the VSI type database that decides each request;
                                               default /etc/vdp/vsi-types.conf if it exists, else accept all;
                                               SIGHUP reloads it; see Docs/TYPE-DATABASE.md)
                                               --reject-type TYPEID (repeatable; without a database: refuse
                                               these types, accept the rest)
                                               --state FILE (keep the VSI table in FILE, an SQLite file, and
                                               restore it at start: grants survive kill -9; see
                                               Docs/DURABILITY.md)
                                             limits (see Docs/OPERATING.md; 1 to 100000000 each):
                                               --max-vsis N (65536)  --max-vsis-per-station N (16384)
                                               --max-stations N (256)  --max-queued-responses N (16384)
                                               --max-queued-responses-per-station N (4096)
                                               --max-pending-decisions N (4096)
                                               --max-pending-decisions-per-station N (1024)
                                               --new-vsis-per-second N (2000)  --new-vsi-burst N (16384)
                                               --max-expiries-per-step N (1024)
                                             data plane (see Docs/NVE-OVS.md): --ovs-bridge BR (forward each
                                               associated VSI into its VN on this OVS bridge; one -i, which is
                                               its station port)  --ovs-tunnel-port PORT (a VXLAN port keyed by
                                               the VN ID; without it, one port per VN: --ovs-vn-port-prefix P,
                                               vx)  --ovs-default-vn N  --ovs-target unix:DIR/BR.mgmt
                                               --ovs-ofctl PATH  --ovs-hairpin (VEPA stations)
          station -i IF [options] -- CMD [-- CMD …]
                                             run a VDP station (hypervisor) on an interface and issue each CMD:
                                             mode=assoc|preassoc|preassoc-rr|deassoc mgrid=… typeid=… typeidver=…
                                             uuid=…|vsiid=uuid:…|ipv4:…|ipv6:…|mac:…|local:<32 hex>
                                             hints=none|to|from filter=VLAN[-MAC[-GROUP]] | VLAN--GROUP (repeatable)
                                             options: --stay SECONDS (keep-alives before exiting)
                                                      --concurrent (issue every CMD at once; batched)
                                                      --commands FILE (follow FILE as it grows: one CMD per
                                                      line; an empty line issues the lines before it at once)
          common options: --capture FILE.pcap  --json  --no-evb  --no-groupids  --no-batching
                          --spacing-ms N  --rte N  --rwd N  --rka N  --duration SECONDS
                          --max-rte N  --max-rwd N  --max-rka N (the most a peer can raise them to)
                          --max-frame-size OCTETS (batch ECPDUs up to this payload, ≤ the interface's MTU;
                          only when the peer is configured for it too: the default 1500 is the standard's)
                          --realtime-priority N (SCHED_FIFO N for the link reader and the agent's thread)
                          --log-rate N (event lines per cause and second, 20)  --log-total-rate N (200)
                          --log-buffer-kib N (KiB waiting for standard output before lines are dropped, 1024)
        control-client commands (talk to a running vdpd; see "Control API" in Docs/OPERATING.md):
        \(ControlClientCommand.usage)
          demo [--quiet] [--seed N]          walk VMs through the whole VDP lifecycle between hypervisors and
                                             NVEs on simulated links (virtual time), printing each step and frame
          decode FILE [--json]               print every frame of a pcap/pcapng capture, field by field
          help                               show this text

        exit status: 0 success, 1 malformed input (e.g. frames that failed to decode),
                     2 usage error, 3 unreadable file, 4 the bridge refused a request,
                     5 a request was lost in transport or the interface failed

        """

    /// Runs the command line (without the program name). Long-running commands (`bridge`, `station`) write
    /// their event log through `write` as it happens; the result carries the rest.
    public static func run(arguments: [String], write: @escaping @Sendable (String) -> Void) async -> CommandResult {
        #if os(Linux)
            switch arguments.first {
            case "bridge":
                return await AgentCommands.bridge(Array(arguments.dropFirst()), write: write)
            case "station":
                return await AgentCommands.station(Array(arguments.dropFirst()), write: write)
            case let command? where ControlClientCommand.names.contains(command):
                return await ControlClientCommand.run(command, arguments: Array(arguments.dropFirst()), write: write)
            default:
                break
            }
        #endif
        return run(arguments: arguments)
    }

    /// Runs the command line (without the program name) and returns what it produced; the agent commands need
    /// ``run(arguments:write:)``.
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
