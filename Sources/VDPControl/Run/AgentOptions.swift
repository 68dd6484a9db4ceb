import VDPLog
import VDPProtocol

/// The options `vdpctl station` and `vdpctl bridge` share, parsed from the words before `--`.
struct AgentOptions: Sendable {
    var interfaces: [String] = []
    var capturePath: String?
    /// `--commands FILE`: station commands read from a file as it grows (see ``CommandFeed``).
    var commandFile: String?
    var evb = true
    var batching = Batching.enabled
    /// `--max-frame-size OCTETS`: the largest Ethernet payload this end batches into (1500 unless given; never
    /// more than the interface's MTU).
    var maximumFrameSize: Int?
    /// `--realtime-priority N`: `SCHED_FIFO` priority for the link's reader thread and the agent's thread.
    var realTimePriority: Int32?
    var spacing = Duration.zero
    var json = false
    var concurrent = false
    var duration: Duration?
    var vidRange: ClosedRange<UInt16> = 2...4094
    var rejectedTypes: Set<UInt32> = []
    /// `--types FILE`: the VSI type database (bridge only).
    var typesPath: String?
    var groupIDs = true
    var retransmissionExponent: UInt8 = 8
    var resourceWaitDelayExponent: UInt8 = 20
    var reinitKeepAliveExponent: UInt8 = 20
    var ceilings = EVBCeilings()
    var logLimits = EventLogLimits()
    /// The bridge port's limits (bridge only).
    var limits = BridgePortLimits()
    /// The limit options given on the command line.
    var limitOptionsGiven: Set<BridgeLimitOption> = []
    /// The Open vSwitch data plane (bridge only).
    var openvSwitch: OpenvSwitchOptions?
    /// `--state FILE`: the durable VSI table (bridge only; see Docs/DURABILITY.md).
    var statePath: String?

    /// Parses options; returns the error message for a wrong one.
    static func parse(_ words: [String]) -> Result<AgentOptions, CommandLineError> {
        var options = AgentOptions()
        var words = words[...]
        while let word = words.popFirst() {
            switch word {
            case "--interface", "-i":
                guard let value = words.popFirst() else {
                    return .failure(CommandLineError("\(word) needs an interface name"))
                }
                options.interfaces.append(value)
            case "--capture":
                guard let value = words.popFirst() else {
                    return .failure(CommandLineError("--capture needs a file name"))
                }
                options.capturePath = value
            case "--commands":
                guard let value = words.popFirst() else {
                    return .failure(CommandLineError("--commands needs a file name"))
                }
                options.commandFile = value
            case "--no-evb":
                options.evb = false
            case "--no-groupids":
                options.groupIDs = false
            case "--no-batching":
                options.batching = .disabled
            case "--max-frame-size":
                guard let value = words.popFirst().flatMap(Int.init), (1_500...65_535).contains(value) else {
                    return .failure(CommandLineError("--max-frame-size needs octets from 1500 to 65535"))
                }
                options.maximumFrameSize = value
            case "--realtime-priority":
                guard let value = words.popFirst().flatMap(Int32.init), (1...99).contains(value) else {
                    return .failure(CommandLineError("--realtime-priority needs a SCHED_FIFO priority from 1 to 99"))
                }
                options.realTimePriority = value
            case "--json":
                options.json = true
            case "--concurrent":
                options.concurrent = true
            case "--spacing-ms":
                guard let value = words.popFirst().flatMap(Int.init), value >= 0 else {
                    return .failure(CommandLineError("--spacing-ms needs milliseconds"))
                }
                options.spacing = .milliseconds(value)
            case "--duration", "--stay":
                guard let value = words.popFirst().flatMap(Double.init), value >= 0 else {
                    return .failure(CommandLineError("\(word) needs seconds"))
                }
                options.duration = .milliseconds(Int64(value * 1000))
            case "--rte", "--rwd", "--rka":
                guard let value = words.popFirst().flatMap(UInt8.init), value <= 31 else {
                    return .failure(CommandLineError("\(word) needs 0…31"))
                }
                switch word {
                case "--rte": options.retransmissionExponent = value
                case "--rwd": options.resourceWaitDelayExponent = value
                default: options.reinitKeepAliveExponent = value
                }
            case "--max-rte", "--max-rwd", "--max-rka":
                guard let value = words.popFirst().flatMap(UInt8.init), value <= 31 else {
                    return .failure(CommandLineError("\(word) needs 0…31"))
                }
                switch word {
                case "--max-rte": options.ceilings.retransmissionExponent = value
                case "--max-rwd": options.ceilings.resourceWaitDelayExponent = value
                default: options.ceilings.reinitKeepAliveExponent = value
                }
            case "--log-rate", "--log-total-rate", "--log-buffer-kib":
                guard let value = words.popFirst().flatMap(Int.init), value >= 1, value <= 1_000_000 else {
                    return .failure(CommandLineError("\(word) needs a whole number from 1 to 1000000"))
                }
                switch word {
                case "--log-rate": options.logLimits.linesPerCause = value
                case "--log-total-rate": options.logLimits.linesPerInterval = value
                default: options.logLimits.bufferBytes = value * 1024
                }
            case "--vid-range":
                let bounds = words.popFirst()?.split(separator: "-").compactMap { UInt16($0) } ?? []
                guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= 4094 else {
                    return .failure(CommandLineError("--vid-range needs LOW-HIGH within 1-4094"))
                }
                options.vidRange = bounds[0]...bounds[1]
            case "--state":
                guard let value = words.popFirst(), !value.isEmpty else {
                    return .failure(CommandLineError("--state needs a file"))
                }
                options.statePath = value
            case "--reject-type":
                guard let value = words.popFirst().flatMap(UInt32.init) else {
                    return .failure(CommandLineError("--reject-type needs a VSI type ID"))
                }
                options.rejectedTypes.insert(value)
            case "--types":
                guard let value = words.popFirst(), !value.isEmpty else {
                    return .failure(CommandLineError("--types needs a file name"))
                }
                options.typesPath = value
            case _ where OpenvSwitchOptions.isOption(word):
                let value = OpenvSwitchOptions.isFlag(word) ? nil : words.popFirst()
                if let error = OpenvSwitchOptions.apply(word, value, to: &options.openvSwitch) {
                    return .failure(error)
                }
            default:
                guard let option = BridgeLimitOption(rawValue: word) else {
                    return .failure(CommandLineError("unknown option '\(word)'"))
                }
                do throws(BridgeLimitError) {
                    try option.apply(words.popFirst(), to: &options.limits)
                } catch {
                    return .failure(CommandLineError(error.description))
                }
                options.limitOptionsGiven.insert(option)
            }
        }
        do throws(BridgeLimitError) {
            try BridgeLimitOption.validate(&options.limits, given: options.limitOptionsGiven)
        } catch {
            return .failure(CommandLineError(error.description))
        }
        guard options.typesPath == nil || options.rejectedTypes.isEmpty else {
            return .failure(
                CommandLineError("--reject-type and --types exclude each other: list the types in the file")
            )
        }
        guard !options.interfaces.isEmpty else {
            return .failure(CommandLineError("--interface is required"))
        }
        if let openvSwitch = options.openvSwitch {
            guard !openvSwitch.bridge.isEmpty else {
                return .failure(CommandLineError("the --ovs-… options need --ovs-bridge"))
            }
            guard options.interfaces.count == 1 else {
                return .failure(CommandLineError("--ovs-bridge serves one --interface (the bridge's station port)"))
            }
        }
        return .success(options)
    }

    /// How to batch on a link whose interface carries payloads of up to `linkMaximum` octets: `--no-batching`,
    /// or up to `--max-frame-size` (at most `linkMaximum`), or the standard 1500.
    func batching(linkMaximum: Int) -> Batching {
        guard batching != .disabled, let maximumFrameSize else {
            return batching
        }
        return .enabled(maximumPayloadLength: min(maximumFrameSize, linkMaximum))
    }

    /// The frame-size part of the start line: empty for the standard 1500.
    func frameSizeNote(linkMaximum: Int) -> String {
        guard let maximumFrameSize, batching != .disabled else {
            return ""
        }
        let used = min(maximumFrameSize, linkMaximum)
        guard used < maximumFrameSize else {
            return ", ECPDUs up to \(used) octets"
        }
        return ", ECPDUs up to \(used) octets (the interface's MTU, not \(maximumFrameSize))"
    }

    /// The capture file for `interface`: the one given, or, with several interfaces, one per interface
    /// (`run.pcap` becomes `run-eth1.pcap`).
    func capturePath(for interface: String) -> String? {
        guard let capturePath, interfaces.count > 1 else {
            return capturePath
        }
        if capturePath.hasSuffix(".pcap") {
            return String(capturePath.dropLast(5)) + "-\(interface).pcap"
        }
        return capturePath + "-\(interface)"
    }

    /// The EVB configuration for `role`.
    func evbConfiguration(_ role: EVBRole) -> EVBConfiguration? {
        guard evb else {
            return nil
        }
        return EVBConfiguration(
            role: role,
            retransmissionExponent: retransmissionExponent,
            resourceWaitDelayExponent: resourceWaitDelayExponent,
            reinitKeepAliveExponent: reinitKeepAliveExponent,
            supportsGroupIDs: groupIDs,
            reflectiveRelay: true,
            ceilings: ceilings
        )
    }

    /// The parameters to run with before (or without) negotiation.
    var parameters: EVBParameters {
        EVBParameters(
            retransmissionExponent: retransmissionExponent,
            resourceWaitDelayExponent: resourceWaitDelayExponent,
            reinitKeepAliveExponent: reinitKeepAliveExponent,
            groupIDsSupported: groupIDs && !evb
        )
    }
}

/// A command-line mistake.
struct CommandLineError: Error, Sendable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
