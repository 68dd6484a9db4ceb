#if os(Linux)
    import Dispatch
    import Glibc
    import Synchronization
    import VDPAgent
    import VDPProtocol
    import VDPTransport
    import VDPWire

    /// `vdpctl bridge` and `vdpctl station`: run a role on a real interface in the foreground.
    enum AgentCommands {
        /// The exit statuses of the agent commands, beyond ``ExitStatus``.
        static let bridgeRefused = ExitStatus(rawValue: 4)
        /// A request was lost in transport (timeout, retries exhausted) or the interface failed.
        static let transportFailure = ExitStatus(rawValue: 5)

        /// Runs `vdpctl bridge OPTIONS`.
        static func bridge(_ words: [String], write: @escaping @Sendable (String) -> Void) async -> CommandResult {
            let options: AgentOptions
            switch AgentOptions.parse(words) {
            case .success(let parsed): options = parsed
            case .failure(let error):
                return CommandResult(status: .usage, standardError: "vdpctl bridge: \(error.message)\n")
            }
            let link: PacketLink
            do {
                link = try PacketLink.open(interface: options.interface ?? "", capturePath: options.capturePath)
            } catch {
                return CommandResult(status: transportFailure, standardError: "vdpctl bridge: \(error)\n")
            }
            let rejected = options.rejectedTypes
            let policy = ClosureBridgePolicy { request in
                rejected.contains(request.descriptor.typeID.rawValue)
                    ? .reject(.authorizationFailed, hardError: true) : .accept(.fromPool)
            }
            let agent = BridgeAgent(
                configuration: BridgePortConfiguration(
                    address: link.interface.address,
                    batching: options.batching,
                    minimumSpacing: options.spacing,
                    parameters: options.parameters,
                    vidRange: options.vidRange
                ),
                evb: options.evbConfiguration(.bridge),
                policy: policy,
                link: link
            )
            let log = EventLog(json: options.json, write: write)
            log.line(
                "bridge on \(link.interface): VIDs \(options.vidRange.lowerBound)-\(options.vidRange.upperBound)"
                    + (rejected.isEmpty ? "" : ", refusing types \(rejected.sorted())"),
                kind: "start"
            )
            let runner = Task { await agent.run() }
            let events = Task {
                for await event in agent.events {
                    log.bridge(event)
                }
            }
            await waitForStop(options.duration)
            let records = await agent.records
            let counters = await agent.counters
            link.close()
            runner.cancel()
            await agent.stop()
            events.cancel()
            log.table(records)
            log.line("counters: \(counters); link \(link.statistics)", kind: "counters")
            return CommandResult(status: .success)
        }

        /// Runs `vdpctl station OPTIONS -- COMMAND [-- COMMAND …]`.
        static func station(_ words: [String], write: @escaping @Sendable (String) -> Void) async -> CommandResult {
            let groups = words.split(separator: "--", omittingEmptySubsequences: false).map(Array.init)
            let options: AgentOptions
            switch AgentOptions.parse(groups.first ?? []) {
            case .success(let parsed): options = parsed
            case .failure(let error):
                return CommandResult(status: .usage, standardError: "vdpctl station: \(error.message)\n")
            }
            var commands: [VSICommand] = []
            for group in groups.dropFirst() where !group.isEmpty {
                do {
                    commands.append(try VSICommand.parse(group))
                } catch {
                    return CommandResult(status: .usage, standardError: "vdpctl station: \(error)\n")
                }
            }
            let link: PacketLink
            do {
                link = try PacketLink.open(interface: options.interface ?? "", capturePath: options.capturePath)
            } catch {
                return CommandResult(status: transportFailure, standardError: "vdpctl station: \(error)\n")
            }
            let agent = StationAgent(
                configuration: StationPortConfiguration(
                    address: link.interface.address,
                    batching: options.batching,
                    minimumSpacing: options.spacing,
                    parameters: options.parameters
                ),
                evb: options.evbConfiguration(.station),
                link: link
            )
            let log = EventLog(json: options.json, write: write)
            log.line("station on \(link.interface)", kind: "start")
            let runner = Task { await agent.run() }
            let negotiated = NegotiationFlag()
            let events = Task {
                for await event in agent.events {
                    if case .negotiated = event {
                        negotiated.set()
                    }
                    log.station(event)
                }
            }
            if options.evb {
                log.line("waiting up to 10 s for EVB negotiation…", kind: "progress")
                for _ in 0..<100 where !negotiated.isSet {
                    try? await Task.sleep(for: .milliseconds(100))
                }
                if !negotiated.isSet {
                    log.line("no EVB TLV from a bridge yet; sending with the configured values", kind: "progress")
                }
            }
            var status = ExitStatus.success
            for command in commands {
                log.line(
                    "\(command.type) \(command.descriptor.vsiID) \(command.descriptor.filterInfo) hints \(command.hints)",
                    kind: "request"
                )
                do throws(StationLifecycleError) {
                    switch command.type {
                    case .deAssociate:
                        try await agent.terminate(command.descriptor)
                        log.line("\(command.descriptor.vsiID): de-associated", kind: "result")
                    case .preAssociate, .preAssociateWithResourceReservation:
                        let state = try await agent.preAssociate(
                            command.descriptor,
                            reserveResources: command.type == .preAssociateWithResourceReservation,
                            immigrating: command.hints.migrating
                        )
                        log.line("\(command.descriptor.vsiID): \(state) \(state.filterInfo)", kind: "result")
                    case .associate:
                        let state =
                            if command.hints.suspended {
                                try await agent.suspend(command.descriptor)
                            } else {
                                try await agent.associate(command.descriptor, immigrating: command.hints.migrating)
                            }
                        log.line("\(command.descriptor.vsiID): \(state) \(state.filterInfo)", kind: "result")
                    }
                } catch {
                    log.line("\(command.descriptor.vsiID): \(error)", kind: "failure")
                    if case .failed(.rejected) = error {
                        status = status == .success ? bridgeRefused : status
                    } else {
                        status = transportFailure
                    }
                }
            }
            await waitForStop(options.duration ?? .zero)
            let states = await agent.states
            let counters = await agent.counters
            link.close()
            runner.cancel()
            await agent.stop()
            events.cancel()
            for (vsiID, state) in states.sorted(by: { $0.key.description < $1.key.description }) {
                log.line("\(vsiID) \(state) \(state.filterInfo)", kind: "vsi")
            }
            log.line("counters: \(counters); link \(link.statistics)", kind: "counters")
            return CommandResult(status: status)
        }

        /// Waits for `duration`, or for SIGINT/SIGTERM when there is none.
        private static func waitForStop(_ duration: Duration?) async {
            if let duration {
                try? await Task.sleep(for: duration)
                return
            }
            let waiter = SignalWaiter()
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                waiter.start(continuation)
            }
        }
    }

    /// Resumes a continuation once, on the first SIGINT or SIGTERM.
    private final class SignalWaiter: @unchecked Sendable {
        private let flag = Atomic<Bool>(false)
        // Only touched in `start`, before any handler can run; kept so the sources stay alive.
        private var sources: [any DispatchSourceSignal] = []

        func start(_ continuation: CheckedContinuation<Void, Never>) {
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [self] in
                    if !self.flag.exchange(true, ordering: .acquiringAndReleasing) {
                        continuation.resume()
                    }
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Set once EVB negotiation has been reported.
    private final class NegotiationFlag: Sendable {
        private let flag = Atomic<Bool>(false)

        var isSet: Bool { flag.load(ordering: .acquiring) }

        func set() {
            flag.store(true, ordering: .releasing)
        }
    }
#endif
