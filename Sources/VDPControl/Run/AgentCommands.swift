#if os(Linux)
    import Dispatch
    import Glibc
    import Synchronization
    import VDPAgent
    import VDPBridgeStore
    import VDPLog
    import VDPOpenvSwitch
    import VDPProtocol
    import VDPTransport
    import VDPTypeDatabase
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
            guard options.commandFile == nil else {
                return CommandResult(status: .usage, standardError: "vdpctl bridge: --commands is a station option\n")
            }
            // The type database: --types, else the default file when it exists (and --reject-type is not given).
            let typesPath =
                options.typesPath
                ?? (options.rejectedTypes.isEmpty && TypeDatabaseFile.exists(TypeDatabaseFile.defaultPath)
                    ? TypeDatabaseFile.defaultPath : nil)
            var database: VSITypeDatabase?
            if let typesPath {
                switch TypeDatabaseFile.load(typesPath) {
                case .success(let loaded): database = loaded
                case .failure(let error):
                    return CommandResult(status: .usage, standardError: "vdpctl bridge: \(error.message)\n")
                }
                // Until the ports run and the reloader listens, a SIGHUP is ignored rather than fatal.
                signal(SIGHUP, SIG_IGN)
            }
            var links: [PacketLink] = []
            for interface in options.interfaces {
                do {
                    links.append(
                        try PacketLink.open(
                            interface: interface,
                            capturePath: options.capturePath(for: interface),
                            readerPriority: options.realTimePriority.flatMap(RealTimePriority.init)
                        )
                    )
                } catch {
                    links.forEach { $0.close() }
                    return CommandResult(status: transportFailure, standardError: "vdpctl bridge: \(error)\n")
                }
            }
            var stateFile: BridgeStateFile?
            if let path = options.statePath {
                do throws(BridgeTableStoreError) {
                    stateFile = try BridgeStateFile.open(path: path)
                } catch {
                    links.forEach { $0.close() }
                    return CommandResult(
                        status: .unreadableFile,
                        standardError: "vdpctl bridge: refusing to start: state file \(error)\n"
                    )
                }
            }
            defer { stateFile?.close() }
            let rejected = options.rejectedTypes
            let legacyRule = BridgeDecisionRule { request in
                rejected.contains(request.descriptor.typeID.rawValue)
                    ? .reject(.authorizationFailed, hardError: true) : .accept(.fromPool)
            }
            let output = EventLogOutput(json: options.json, limits: options.logLimits, write: write)
            let log = EventLog(output: output)
            let ticker = Self.tick(output)
            var typedPorts: [TypeDatabaseReloader.Port] = []
            // One agent per port, one policy for all; each port binds its VSIs to its own station and has its
            // own VID pool (local VIDs are significant per port).
            var agents: [(link: PacketLink, agent: BridgeAgent, tasks: [Task<Void, Never>])] = []
            var threads: [AgentThread] = []
            for link in links {
                let dataPlane = options.openvSwitch.map { openvSwitch in
                    BridgeDataPlane(
                        backend: OpenvSwitchBackend(
                            configuration: openvSwitch.configuration(stationPort: link.interface.name)
                        ),
                        port: link.interface.name
                    )
                }
                let portLog = links.count > 1 ? log.prefixed(link.interface.name) : log
                let typePolicy = database.map { database in
                    VSITypePolicy(database: database) { key, refusal in
                        portLog.line(
                            "type database refuses \(key): \(refusal)",
                            kind: "policy",
                            fields: [
                                ("station", .string(key.station.description)),
                                ("vsiID", .string(key.vsiID.description)),
                                ("reason", .string(refusal.description)),
                            ]
                        )
                    }
                }
                let agent = BridgeAgent(
                    configuration: BridgePortConfiguration(
                        address: link.interface.address,
                        batching: options.batching(linkMaximum: link.maximumPayloadLength),
                        minimumSpacing: options.spacing,
                        parameters: options.parameters,
                        vidRange: options.vidRange,
                        limits: options.limits
                    ),
                    evb: options.evbConfiguration(.bridge),
                    rule: typePolicy?.rule ?? legacyRule,
                    dataPlane: dataPlane,
                    storage: stateFile.map {
                        BridgeTableStorage(store: $0.table(port: link.interface.name), wallClock: SystemWallClock.now)
                    },
                    link: link
                )
                do throws(BridgeTableStoreError) {
                    let restored = try await agent.restoreTable()
                    if let stateFile {
                        portLog.line("restored \(restored) VSIs from \(stateFile.path)", kind: "start")
                    }
                } catch {
                    for (link, agent, tasks) in agents {
                        await agent.stop()
                        tasks.forEach { $0.cancel() }
                        link.close()
                    }
                    links.forEach { $0.close() }
                    ticker.cancel()
                    output.finish()
                    return CommandResult(
                        status: .unreadableFile,
                        standardError: "vdpctl bridge: refusing to start: state file \(error)\n"
                    )
                }
                if let typePolicy {
                    await typePolicy.attach(to: agent)
                    typedPorts.append(.init(policy: typePolicy, agent: agent, log: portLog))
                }
                portLog.line(
                    "bridge on \(link.interface): VIDs \(options.vidRange.lowerBound)-\(options.vidRange.upperBound)"
                        + (rejected.isEmpty ? "" : ", refusing types \(rejected.sorted())")
                        + (options.openvSwitch.map { ", forwarding on OVS bridge \($0.bridge)" } ?? "")
                        + options.frameSizeNote(linkMaximum: link.maximumPayloadLength),
                    kind: "start"
                )
                let stream = await agent.events()
                let thread: AgentThread
                do {
                    thread = try Self.agentThread(options.realTimePriority)
                } catch {
                    for (_, started, tasks) in agents {
                        await started.stop()
                        tasks.forEach { $0.cancel() }
                    }
                    threads.forEach { $0.shutdown() }
                    links.forEach { $0.close() }
                    return CommandResult(status: transportFailure, standardError: "vdpctl bridge: \(error)\n")
                }
                let runner = Self.run(
                    agent.run,
                    on: thread,
                    realTime: options.realTimePriority != nil,
                    link: link,
                    log: portLog
                )
                let events = Task {
                    for await batch in stream.batches {
                        for event in batch {
                            portLog.bridge(event)
                        }
                    }
                }
                agents.append((link, agent, [runner, events]))
                threads.append(thread)
            }
            let reloader = typesPath.map { TypeDatabaseReloader(path: $0, ports: typedPorts, log: log) }
            let reloading = reloader.map { reloader in Task { await reloader.run() } }
            // Logged once SIGHUP reloads: a script may send it as soon as it reads this line.
            Self.describePolicy(database, path: typesPath, options: options, log: log)
            await waitForStop(options.duration)
            reloader?.stop()
            reloading?.cancel()
            var finals: [(log: EventLog, records: [BridgeVSIRecord], counters: String)] = []
            for (link, agent, tasks) in agents {
                let records = await agent.records
                let counters = await agent.counters
                let ecp = await Self.describeECP(
                    agent.ecpTransmitterCounters,
                    agent.longestAcknowledgementDelay,
                    agent.longestHandlingDelay
                )
                let dataPlane =
                    options.openvSwitch == nil
                    ? ""
                    : "; data plane \(await agent.dataPlaneCounters)"
                        + ((await agent.dataPlaneError).map { ", last error \($0)" } ?? "")
                let store =
                    options.statePath == nil
                    ? ""
                    : "; state \(await agent.tableStoreCounters)"
                        + ((await agent.tableStoreError).map { ", last error \($0)" } ?? "")
                await agent.shutdown()
                link.close()
                await agent.stop()
                tasks.forEach { $0.cancel() }
                await tasks[0].value
                let portLog = links.count > 1 ? log.prefixed(link.interface.name) : log
                finals.append(
                    (portLog, records, "counters: \(counters); \(ecp); link \(link.statistics)\(dataPlane)\(store)")
                )
            }
            threads.forEach { $0.shutdown() }
            ticker.cancel()
            // Everything the agents logged is out before the table, which is written in full, however long it takes.
            output.finish()
            for (portLog, records, counters) in finals {
                portLog.table(records)
                portLog.line(counters, kind: "counters")
            }
            for port in typedPorts {
                port.log.line("type policy: \(port.policy.counters)", kind: "counters")
            }
            log.line(Self.describe(output), kind: "counters")
            return CommandResult(status: .success)
        }

        /// Logs which policy the bridge decides with, warning when it accepts every type or when entries with
        /// VIDs of their own overlap the port's pool.
        private static func describePolicy(
            _ database: VSITypeDatabase?,
            path: String?,
            options: AgentOptions,
            log: EventLog
        ) {
            guard let database, let path else {
                if options.rejectedTypes.isEmpty {
                    log.line(
                        "no VSI type database (--types FILE, or \(TypeDatabaseFile.defaultPath)): "
                            + "accepting every VSI type",
                        kind: "warning"
                    )
                }
                return
            }
            log.line(
                "VSI type database \(path): \(database.entries.count) entries (SIGHUP reloads it)",
                kind: "start",
                fields: [("path", .string(path)), ("entries", .int(Int64(database.entries.count)))]
            )
            let overlapping = database.entries.filter { entry in
                switch entry.vlans {
                case .range(let ranges): ranges.contains { $0.overlaps(options.vidRange) }
                case .fixed(let vids): vids.contains { options.vidRange.contains($0) }
                default: false
                }
            }
            if !overlapping.isEmpty {
                log.line(
                    "type database entries with VIDs of their own overlap --vid-range "
                        + "\(options.vidRange.lowerBound)-\(options.vidRange.upperBound) (the pool may hand their "
                        + "VIDs to other networks): \(overlapping.prefix(5).map(\.name).joined(separator: " "))"
                        + (overlapping.count > 5 ? " …" : ""),
                    kind: "warning"
                )
            }
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
            guard options.statePath == nil else {
                return CommandResult(status: .usage, standardError: "vdpctl station: --state is a bridge option\n")
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
                guard options.interfaces.count == 1, let interface = options.interfaces.first else {
                    return CommandResult(status: .usage, standardError: "vdpctl station: one --interface only\n")
                }
                link = try PacketLink.open(
                    interface: interface,
                    capturePath: options.capturePath,
                    readerPriority: options.realTimePriority.flatMap(RealTimePriority.init)
                )
            } catch {
                return CommandResult(status: transportFailure, standardError: "vdpctl station: \(error)\n")
            }
            let agent = StationAgent(
                configuration: StationPortConfiguration(
                    address: link.interface.address,
                    batching: options.batching(linkMaximum: link.maximumPayloadLength),
                    minimumSpacing: options.spacing,
                    parameters: options.parameters
                ),
                evb: options.evbConfiguration(.station),
                link: link
            )
            let output = EventLogOutput(json: options.json, limits: options.logLimits, write: write)
            let log = EventLog(output: output)
            let ticker = Self.tick(output)
            log.line(
                "station on \(link.interface)\(options.frameSizeNote(linkMaximum: link.maximumPayloadLength))",
                kind: "start"
            )
            let stream = await agent.events()
            let thread: AgentThread
            do {
                thread = try Self.agentThread(options.realTimePriority)
            } catch {
                link.close()
                return CommandResult(status: transportFailure, standardError: "vdpctl station: \(error)\n")
            }
            let runner = Self.run(
                agent.run,
                on: thread,
                realTime: options.realTimePriority != nil,
                link: link,
                log: log
            )
            let events = Task {
                for await batch in stream.batches {
                    for event in batch {
                        log.station(event)
                    }
                }
            }
            if options.evb {
                log.line("waiting up to 10 s for EVB negotiation…", kind: "progress")
                let waiting = Task { try await agent.awaitNegotiation() }
                let timeout = Task {
                    try? await Task.sleep(for: .seconds(10))
                    waiting.cancel()
                }
                let negotiated = (try? await waiting.value) != nil
                timeout.cancel()
                if !negotiated {
                    log.line("no EVB TLV from a bridge yet; sending with the configured values", kind: "progress")
                }
            }
            var status = ExitStatus.success
            if options.concurrent {
                for command in commands {
                    logRequest(command, log: log)
                }
                let results = await withTaskExecutorPreference(thread) {
                    await agent.request(commands.map { ($0.type, $0.descriptor, $0.hints) })
                }
                for (command, result) in zip(commands, results) {
                    status = worse(status, logResult(result, of: command, log: log))
                }
            } else {
                for command in commands {
                    status = worse(status, await perform(command, on: agent, log: log))
                }
            }
            let feed = options.commandFile.map { path in
                Task { await CommandFeed.follow(path, agent: agent, on: thread, log: log) }
            }
            await waitForStop(options.duration ?? (feed == nil ? .zero : nil))
            feed?.cancel()
            let states = await agent.states
            let counters = await agent.counters
            let ecp = await Self.describeECP(
                agent.ecpTransmitterCounters,
                agent.longestAcknowledgementDelay,
                agent.longestHandlingDelay
            )
            await agent.shutdown()
            link.close()
            runner.cancel()
            await agent.stop()
            await runner.value
            thread.shutdown()
            events.cancel()
            ticker.cancel()
            output.finish()
            let rows = states.map { (text: $0.key.description, vsiID: $0.key, state: $0.value) }
            for (text, vsiID, state) in rows.sorted(by: { $0.text < $1.text }) {
                log.line(
                    "\(text) \(state) \(state.filterInfo)",
                    kind: "vsi",
                    fields: EventLog.vsiFields(vsiID, state.filterInfo) + [("state", .string(state.type.description))]
                )
            }
            log.line("counters: \(counters); \(ecp); link \(link.statistics)", kind: "counters")
            log.line(Self.describe(output), kind: "counters")
            return CommandResult(status: status)
        }

        /// The thread an agent's loop runs on: always a thread of its own, so that the loop never waits for the
        /// cooperative pool (where the event log and the command feed run); real-time with `--realtime-priority`.
        private static func agentThread(_ priority: Int32?) throws(TransportError) -> AgentThread {
            try AgentThread(priority: priority.flatMap(RealTimePriority.init))
        }

        /// Starts `run` (an agent's loop) in a task that prefers `thread`, and logs how the real-time priority of
        /// the thread and of the link's reader went when one was asked for.
        private static func run(
            _ run: @escaping @Sendable () async -> Void,
            on thread: AgentThread,
            realTime: Bool,
            link: PacketLink,
            log: EventLog
        ) -> Task<Void, Never> {
            if realTime {
                log.line(
                    "real-time scheduling: agent thread \(thread.scheduling), link reader \(link.readerScheduling)",
                    kind: "start"
                )
            }
            return Task(executorPreference: thread) { await run() }
        }

        /// Runs one station command and logs its outcome; returns the exit status it calls for.
        private static func perform(_ command: VSICommand, on agent: StationAgent, log: EventLog) async -> ExitStatus {
            logRequest(command, log: log)
            let descriptor = command.descriptor
            let result: Result<StationVSIState?, StationLifecycleError>
            do throws(StationLifecycleError) {
                switch command.type {
                case .deAssociate:
                    try await agent.terminate(descriptor)
                    result = .success(nil)
                case .preAssociate, .preAssociateWithResourceReservation:
                    result = .success(
                        try await agent.preAssociate(
                            descriptor,
                            reserveResources: command.type == .preAssociateWithResourceReservation,
                            immigrating: command.hints.migrating
                        )
                    )
                case .associate:
                    result = .success(
                        command.hints.suspended
                            ? try await agent.suspend(descriptor)
                            : try await agent.associate(descriptor, immigrating: command.hints.migrating)
                    )
                }
            } catch {
                result = .failure(error)
            }
            return logResult(result, of: command, log: log)
        }

        private static func logRequest(_ command: VSICommand, log: EventLog) {
            let descriptor = command.descriptor
            log.line(
                "\(command.type) \(descriptor.vsiID) \(descriptor.filterInfo) hints \(command.hints)",
                kind: "request"
            )
        }

        /// Logs a command's outcome; returns the exit status it calls for.
        private static func logResult(
            _ result: Result<StationVSIState?, StationLifecycleError>,
            of command: VSICommand,
            log: EventLog
        ) -> ExitStatus {
            let vsiID = command.descriptor.vsiID
            switch result {
            case .success(let state?):
                log.line("\(vsiID): \(state) \(state.filterInfo)", kind: "result")
                return .success
            case .success(nil):
                log.line("\(vsiID): de-associated", kind: "result")
                return .success
            case .failure(let error):
                log.line("\(vsiID): \(error)", kind: "failure")
                if case .failed(.rejected) = error {
                    return bridgeRefused
                }
                return transportFailure
            }
        }

        /// The more serious of two statuses: transport failure over refusal over success.
        private static func worse(_ a: ExitStatus, _ b: ExitStatus) -> ExitStatus {
            let rank: (ExitStatus) -> Int = { $0 == transportFailure ? 2 : $0 == bridgeRefused ? 1 : 0 }
            return rank(b) > rank(a) ? b : a
        }

        /// Reports the log's suppressions once per window, also when no new event arrives; cancel it when done.
        private static func tick(_ output: EventLogOutput) -> Task<Void, Never> {
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: output.limits.interval)
                    output.tick()
                }
            }
        }

        /// The ECP transmitter's timing counters and the longest acknowledgement delay, for the counters line.
        static func describeECP(
            _ counters: ECPTransmitterCounters,
            _ longestAcknowledgementDelay: Duration,
            _ longestHandlingDelay: Duration
        ) -> String {
            "ECP retransmitted=\(counters.retransmitted) lateAcknowledgements=\(counters.lateAcknowledgements) "
                + "needlessRetransmissions=\(counters.needlessRetransmissions) "
                + "longestAcknowledgementDelay=\(longestAcknowledgementDelay) "
                + "longestHandlingDelay=\(longestHandlingDelay)"
        }

        /// The log's own counters, for the last line.
        private static func describe(_ output: EventLogOutput) -> String {
            let counters = output.counters
            return "event log: \(counters.suppressed) lines suppressed by the rate limits, "
                + "\(counters.dropped) dropped because standard output was too slow"
        }

        /// Waits for SIGINT or SIGTERM, or for `duration` to pass, whichever comes first.
        private static func waitForStop(_ duration: Duration?) async {
            let waiter = StopWaiter()
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                waiter.start(continuation, timeout: duration)
            }
        }
    }

    /// Resumes a continuation once: on the first SIGINT or SIGTERM, or when the timeout passes.
    private final class StopWaiter: @unchecked Sendable {
        private let resumed = Atomic<Bool>(false)
        // Written only in `start`, before any handler can run; kept so the signal sources stay alive.
        private var sources: [any DispatchSourceSignal] = []

        func start(_ continuation: CheckedContinuation<Void, Never>, timeout: Duration?) {
            let resumeOnce: @Sendable () -> Void = { [self] in
                if !self.resumed.exchange(true, ordering: .acquiringAndReleasing) {
                    continuation.resume()
                }
            }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler(handler: resumeOnce)
                source.resume()
                sources.append(source)
            }
            if let timeout {
                Task {
                    try? await Task.sleep(for: timeout)
                    resumeOnce()
                }
            }
        }
    }
#endif
