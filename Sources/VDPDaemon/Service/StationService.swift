import VDPAgent
import VDPProtocol
import VDPWire

/// The station as a service: one `StationAgent` per configured interface, and the VSIs its clients want,
/// requested until the bridge confirms them, saved so that they survive a restart.
///
/// The rules:
/// - **Saved before sent.** A client's want (``perform(_:_:on:)``) is appended to the ``StateFile``'s journal
///   before its request goes out; the file keeps the wants only, not the protocol state.
/// - **Restart.** ``start()`` loads the file and requests every wanted VSI again once EVB is in force (a VSI
///   whose De-Associate was out is de-associated); until each answer, its status reads in flight.
/// - **Never dropped.** A wanted VSI that is not confirmed (the bridge ended it, its keep-alive failed, a request
///   went unanswered) is requested again after the ``RetryPolicy`` back-off and reported as
///   ``ServiceEvent/retryScheduled(interface:_:delay:failures:)``. Only a client's De-Associate, or the bridge
///   refusing a client's request, ends a want; a soft refusal of the service's own request (insufficient
///   resources, say) is retried like a failure, and a hard one holds the VSI (reported, kept) until a client asks
///   again.
/// - **Links.** From the ``LinkEventSource``: carrier loss → `linkDown()` at once; carrier back → `linkUp()`,
///   then, with EVB in force, every wanted VSI not confirmed is requested, in batches (``RetryPolicy/batchSize``),
///   one batch after the other.
/// - **Stop.** ``stop()`` sends no De-Associate and no shutdown LLDPDU: the VMs keep running, and the bridge must
///   keep their VSIs until the daemon is back and refreshes them.
public actor StationService {
    private var configuration: DaemonConfiguration
    private let stateFile: StateFile
    private let links: any StationLinkFactory
    private let linkSource: (any LinkEventSource)?
    private let clock: any AgentClock
    private let retry: RetryPolicy

    private var wanted = WantedSet()
    private var interfaces: [String: InterfaceRuntime] = [:]
    private var started = false
    private var stopping = false
    private var loops: [Task<Void, Never>] = []
    private var subscribers: [UInt64: AsyncStream<ServiceEvent>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0

    private let writer: StateWriter

    /// How many events each subscriber of ``events(bufferLimit:)`` may fall behind, by default, before its oldest
    /// are dropped: 4,096.
    public static let eventBufferLimit = 4_096

    /// Events dropped because a subscriber fell behind (summed over subscribers).
    public private(set) var droppedEvents: UInt64 = 0

    /// A service for `configuration`, saving its wants in `stateFile`, opening links with `links`, following
    /// carriers with `linkEvents` (without one, every link counts as up), on `clock`.
    public init(
        configuration: DaemonConfiguration,
        stateFile: StateFile,
        links: any StationLinkFactory,
        linkEvents: (any LinkEventSource)? = nil,
        clock: any AgentClock = SystemAgentClock(),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.configuration = configuration
        self.stateFile = stateFile
        self.writer = StateWriter(file: stateFile)
        self.links = links
        self.linkSource = linkEvents
        self.clock = clock
        self.retry = retry
    }

    // MARK: Starting and stopping

    /// Loads the state file (a corrupt one is set aside and reported), opens every interface and starts
    /// requesting the wanted VSIs. Returns what was set aside, if anything.
    @discardableResult
    public func start() async -> StateFile.SetAside? {
        guard !started else {
            return nil
        }
        started = true
        let loaded = stateFile.loadOrSetAside()
        let setAside = loaded.setAside
        wanted = loaded.set
        if let torn = loaded.tornLastLine {
            emit(.stateFileProblem("state file journal \(stateFile.journalPath): last line ignored: \(torn)"))
        }
        // The files are compacted at start after a journal was replayed; after a problem, the first save
        // writes the whole set too, so that nothing is appended to files that do not hold it.
        if setAside != nil {
            await writer.requireCompaction()
        } else if loaded.journalEntries > 0 || loaded.tornLastLine != nil {
            await writer.requireCompaction()
            if let error = await save() {
                emit(.stateFileProblem("\(error)"))
            }
        }
        if let setAside {
            emit(
                .stateFileProblem(
                    "\(setAside.error)"
                        + (setAside.movedTo.map { "; moved to \($0)" } ?? "")
                        + (setAside.journalMovedTo.map { "; journal moved to \($0)" } ?? "")
                        + "; starting with no wanted VSI"
                )
            )
        }
        if let linkSource {
            let stream = await linkSource.linkEvents()
            loops.append(
                Task { [weak self] in
                    for await event in stream {
                        await self?.linkEvent(event)
                    }
                }
            )
        }
        for interface in configuration.interfaces {
            interfaces[interface.name] = InterfaceRuntime(configuration: interface)
            await open(interface.name, reason: .restart)
        }
        let clock = self.clock
        let tick = retry.tickInterval
        loops.append(
            Task { [weak self] in
                while !Task.isCancelled {
                    do {
                        try await clock.sleep(until: clock.now() + tick)
                    } catch {
                        return
                    }
                    await self?.tick()
                }
            }
        )
        return setAside
    }

    /// Stops every agent without De-Associate or shutdown LLDPDU, waits for the state file to be written, and
    /// ends the event streams. Requests still waiting answer ``ServiceRequestError/shuttingDown`` or the
    /// agent's port-down failure.
    public func stop() async {
        guard !stopping else {
            return
        }
        stopping = true
        for task in loops {
            task.cancel()
        }
        loops.removeAll()
        for name in interfaces.keys.sorted() {
            await close(name, reason: "the daemon is stopping")
        }
        if await writer.isBusy {
            _ = await save()
        }
        for continuation in subscribers.values {
            continuation.finish()
        }
        subscribers.removeAll()
    }

    /// Applies a new configuration: interfaces added are started, removed ones stopped (their VSIs are not
    /// de-associated, and their wants are kept for when they return), changed ones restarted with their
    /// wanted VSIs requested again. The global keys wait for the next start (``ConfigurationChange``).
    @discardableResult
    public func reload(_ new: DaemonConfiguration) async -> ConfigurationChange {
        let change = ConfigurationChange(from: configuration, to: new)
        guard !stopping else {
            return change
        }
        let kept = configuration
        configuration = new
        // The global keys stay as they were until a restart.
        configuration.stateDirectory = kept.stateDirectory
        configuration.controlSocket = kept.controlSocket
        configuration.controlSocketMode = kept.controlSocketMode
        configuration.controlSocketGroup = kept.controlSocketGroup
        configuration.logFormat = kept.logFormat
        configuration.logLinesPerCause = kept.logLinesPerCause
        configuration.logLinesPerInterval = kept.logLinesPerInterval
        for name in change.removed {
            await close(name, reason: "removed from the configuration")
            interfaces.removeValue(forKey: name)
        }
        for name in change.changed {
            await close(name, reason: "its configuration changed")
            if let interface = new.interface(name) {
                interfaces[name]?.configuration = interface
                await open(name, reason: .restart)
            }
        }
        for name in change.added {
            if let interface = new.interface(name) {
                interfaces[name] = InterfaceRuntime(configuration: interface)
                await open(name, reason: .restart)
            }
        }
        emit(.reloaded(change))
        return change
    }

    // MARK: Client requests

    /// A client wants `operation` for `vsi` on `interface`: saved first (then `saved` is called), then requested.
    /// Returns the state the bridge confirmed (`nil` for a De-Associate), or why not. A failure that leaves the VSI
    /// wanted (no answer, port down) says so; the service keeps requesting it.
    public func perform(
        _ operation: WantedOperation,
        _ vsi: VSIDescriptor,
        on name: String,
        saved: @Sendable () -> Void = {}
    ) async -> Result<StationVSIState?, ServiceRequestError> {
        guard !stopping else {
            return .failure(.shuttingDown)
        }
        guard let runtime = interfaces[name] else {
            return .failure(.unknownInterface(name))
        }
        let vsiID = vsi.vsiID
        if wanted.wanted(vsiID, on: name) == nil, wanted.count(on: name) >= runtime.configuration.maximumWantedVSIs {
            interfaces[name]?.refusedForLimit &+= 1
            emit(.limitReached(interface: name, vsiID, limit: runtime.configuration.maximumWantedVSIs))
            return .failure(.tooManyVSIs(limit: runtime.configuration.maximumWantedVSIs))
        }
        let previous = wanted.want(operation, for: vsi, on: name)
        let attempt = begin(vsiID, on: name)
        if let error = await save(changing: vsiID, on: name) {
            if interfaces[name]?.progress[vsiID]?.attempt == attempt {
                wanted.restore(previous, vsiID: vsiID, on: name)
                await writer.noteChanged(WantedKey(interface: name, vsiID: vsiID))
                interfaces[name]?.progress[vsiID]?.inFlight = false
            }
            emit(.stateFileProblem("\(error)"))
            return .failure(.stateFile(error))
        }
        saved()
        guard !stopping else {
            return .failure(.shuttingDown)
        }
        guard interfaces[name]?.progress[vsiID]?.attempt == attempt else {
            return .failure(.lifecycle(.failed(.superseded)))
        }
        guard let agent = interfaces[name]?.running?.agent, interfaces[name]?.linkUp == true else {
            interfaces[name]?.progress[vsiID]?.inFlight = false
            return .failure(.portDown("the link of \(name) is down"))
        }
        if !(await agent.isNegotiated), !(await awaitNegotiation(agent)) {
            if interfaces[name]?.progress[vsiID]?.attempt == attempt {
                interfaces[name]?.progress[vsiID]?.inFlight = false
            }
            return .failure(.portDown("no bridge has negotiated EVB on \(name) yet"))
        }
        guard interfaces[name]?.progress[vsiID]?.attempt == attempt, let epoch = interfaces[name]?.epoch else {
            return .failure(.lifecycle(.failed(.superseded)))
        }
        emit(.requested(interface: name, vsiID, operation, .client))
        let result = await sendWhenNotBusy(operation, vsi, to: agent)
        await finish(result, of: operation, vsi, on: name, epoch: epoch, attempt: attempt, previous: previous)
        return result.mapError { .lifecycle($0) }
    }

    // MARK: Queries

    /// Every configured interface.
    public func status() async -> [ServiceInterfaceStatus] {
        var result: [ServiceInterfaceStatus] = []
        for interface in configuration.interfaces {
            guard let runtime = interfaces[interface.name] else {
                continue
            }
            let agent = runtime.running?.agent
            let wants = wanted.wants(on: interface.name)
            var confirmed = 0
            var inFlight = 0
            for want in wants {
                let progress = runtime.progress[want.descriptor.vsiID]
                if let state = progress?.confirmed, want.operation.isSatisfied(by: state) {
                    confirmed += 1
                }
                if isInFlight(want, progress) {
                    inFlight += 1
                }
            }
            result.append(
                ServiceInterfaceStatus(
                    name: interface.name,
                    running: agent != nil,
                    linkUp: runtime.linkUp,
                    negotiated: await agent?.isNegotiated ?? false,
                    parameters: await agent?.parameters,
                    wanted: wants.count,
                    confirmed: confirmed,
                    inFlight: inFlight,
                    refusedForLimit: runtime.refusedForLimit,
                    requestedAgain: runtime.requestedAgain,
                    portCounters: await agent?.counters,
                    evbCounters: await agent?.evbCounters
                )
            )
        }
        return result
    }

    /// Every wanted VSI, interface by interface (in configuration order, then interfaces no longer configured),
    /// each in the order it was first wanted.
    public func list() -> [ServiceVSIStatus] {
        var names = configuration.interfaces.map(\.name)
        names += wanted.interfaces.keys.filter { !names.contains($0) }.sorted()
        return names.flatMap { name in
            wanted.wants(on: name).map { status(of: $0, on: name) }
        }
    }

    /// One wanted VSI: on `interface`, or on the first interface that wants it.
    public func vsi(_ vsiID: VSIID, on interface: String? = nil) -> ServiceVSIStatus? {
        if let interface {
            return wanted.wanted(vsiID, on: interface).map { status(of: $0, on: interface) }
        }
        return list().first { $0.descriptor.vsiID == vsiID }
    }

    /// Whether `interface` is in the configuration.
    public func isConfigured(_ interface: String) -> Bool {
        interfaces[interface] != nil
    }

    /// The wanted set as saved.
    public var wantedSet: WantedSet { wanted }

    /// A new stream of the service's events from now on, buffered for this subscriber alone (at most
    /// `bufferLimit`, by default ``eventBufferLimit``; the oldest are dropped when it falls behind, and counted in
    /// ``droppedEvents``). Finished after ``stop()``.
    public func events(bufferLimit: Int = StationService.eventBufferLimit) -> AsyncStream<ServiceEvent> {
        let (stream, continuation) = AsyncStream<ServiceEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(max(bufferLimit, 1))
        )
        guard !stopping else {
            continuation.finish()
            return stream
        }
        let id = nextSubscriber
        nextSubscriber &+= 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    /// The agent running on an interface (for tests and embedders that want its counters).
    public func agent(on interface: String) -> StationAgent? {
        interfaces[interface]?.running?.agent
    }

    /// Looks for wanted VSIs to request now, as the periodic tick does (tests call it after moving the clock).
    public func reconcileNow() async {
        await tick()
    }

    // MARK: Link events

    /// A link event: carrier loss takes the port down at once; carrier back brings it up and requests every
    /// wanted VSI not confirmed (once EVB is in force); a removed interface stops until it is back.
    public func linkEvent(_ event: LinkEvent) async {
        let name = event.interface
        guard !stopping, interfaces[name] != nil else {
            return
        }
        switch event.kind {
        case .down:
            guard interfaces[name]?.linkUp == true else {
                return
            }
            interfaces[name]?.linkUp = false
            interfaces[name]?.readySince = nil
            emit(.linkDown(interface: name))
            await interfaces[name]?.running?.agent.linkDown()
        case .up:
            guard interfaces[name]?.running != nil else {
                interfaces[name]?.linkUp = true
                await open(name, reason: .linkUp)
                return
            }
            guard interfaces[name]?.linkUp == false else {
                return
            }
            interfaces[name]?.linkUp = true
            interfaces[name]?.readySince = clock.now()
            emit(.linkUp(interface: name))
            await interfaces[name]?.running?.agent.linkUp()
            await reconcile(name, reason: .linkUp)
        case .removed:
            emit(.linkRemoved(interface: name))
            await close(name, reason: "the interface disappeared")
            interfaces[name]?.linkUp = false
        }
    }

    // MARK: Interfaces

    /// Opens the interface's link and starts its agent; on failure, tries again after 5 s.
    private func open(_ name: String, reason: ServiceEvent.RequestReason) async {
        guard !stopping, let runtime = interfaces[name], runtime.running == nil else {
            return
        }
        if let linkSource, let up = await linkSource.isUp(name) {
            interfaces[name]?.linkUp = up
        }
        let handle: StationLinkHandle
        do {
            handle = try await links.open(runtime.configuration)
        } catch {
            interfaces[name]?.reopenAt = clock.now() + .seconds(5)
            emit(.interfaceUnavailable(interface: name, reason: "\(error)"))
            return
        }
        guard !stopping, let current = interfaces[name], current.running == nil else {
            handle.close()
            return
        }
        let configuration = current.configuration
        let agent = StationAgent(
            configuration: StationPortConfiguration(
                address: handle.address,
                batching: configuration.batching(linkMaximum: handle.maximumPayloadLength),
                minimumSpacing: configuration.minimumSpacing,
                parameters: configuration.parameters
            ),
            evb: configuration.evbConfiguration,
            link: handle.link,
            clock: clock
        )
        let epoch = current.epoch &+ 1
        let stream = await agent.events()
        let runner = Task(executorPreference: handle.agentExecutor) { [weak self] in
            await agent.run()
            await self?.agentEnded(name, epoch: epoch)
        }
        let listener = Task { [weak self] in
            for await event in stream {
                await self?.agentEvent(event, on: name, epoch: epoch)
            }
        }
        interfaces[name]?.epoch = epoch
        interfaces[name]?.reopenAt = nil
        interfaces[name]?.running = InterfaceRuntime.Running(agent: agent, handle: handle, tasks: [runner, listener])
        interfaces[name]?.firstPass = true
        // A new agent knows nothing: nothing is confirmed, nothing is out.
        for vsiID in progressIDs(on: name) {
            interfaces[name]?.progress[vsiID]?.confirmed = nil
            interfaces[name]?.progress[vsiID]?.inFlight = false
            interfaces[name]?.progress[vsiID]?.retryAt = nil
        }
        emit(.interfaceStarted(interface: name, address: handle.address))
        if interfaces[name]?.linkUp == false {
            await agent.linkDown()
        } else {
            interfaces[name]?.readySince = clock.now()
        }
        await reconcile(name, reason: reason)
    }

    /// Stops the interface's agent (no De-Associate, no shutdown LLDPDU) and closes its link.
    private func close(_ name: String, reason: String) async {
        guard let running = interfaces[name]?.running else {
            return
        }
        interfaces[name]?.running = nil
        interfaces[name]?.epoch &+= 1
        running.handle.close()
        await running.agent.stop()
        for task in running.tasks {
            task.cancel()
        }
        for vsiID in progressIDs(on: name) {
            interfaces[name]?.progress[vsiID]?.confirmed = nil
            interfaces[name]?.progress[vsiID]?.inFlight = false
        }
        emit(.interfaceStopped(interface: name, reason: reason))
    }

    /// The agent's loop ended on its own (its link closed): the interface is reopened after 5 s.
    private func agentEnded(_ name: String, epoch: UInt64) async {
        guard !stopping, interfaces[name]?.epoch == epoch, interfaces[name]?.running != nil else {
            return
        }
        await close(name, reason: "its link closed")
        interfaces[name]?.reopenAt = clock.now() + .seconds(5)
    }

    // MARK: Agent events

    private func agentEvent(_ event: StationAgentEvent, on name: String, epoch: UInt64) async {
        guard interfaces[name]?.epoch == epoch else {
            return
        }
        emit(.agent(interface: name, event))
        switch event {
        case .negotiated:
            await reconcile(name, reason: .linkUp)
        case .peerLost, .linkDown:
            for vsiID in progressIDs(on: name) {
                interfaces[name]?.progress[vsiID]?.confirmed = nil
            }
        case .vsi(.bridgeDeAssociated(let vsiID)):
            lost(vsiID, on: name)
        case .vsi(.keepAliveFailed(let vsiID, _)):
            lost(vsiID, on: name)
        case .vsi(.filterChanged(let vsiID, let filterInfo)):
            interfaces[name]?.progress[vsiID]?.confirmed?.filterInfo = filterInfo
            granted(filterInfo, vsiID, on: name)
        case .reassociated(let vsiID, .success(let state)):
            interfaces[name]?.progress[vsiID]?.confirmed = state
            granted(state.filterInfo, vsiID, on: name)
            interfaces[name]?.progress[vsiID]?.failures = 0
            interfaces[name]?.progress[vsiID]?.lastOutcome = .confirmed(state)
        case .reassociated(let vsiID, .failure(let error)):
            interfaces[name]?.progress[vsiID]?.lastOutcome = .failed(error)
            lost(vsiID, on: name)
        default:
            break
        }
    }

    /// Notes the filters the bridge confirmed on its own (a keep-alive's answer, a re-association) for a wanted VSI
    /// and, when its VIDs differ from what the state file holds, saves them in the background.
    private func granted(_ filterInfo: FilterInfo, _ vsiID: VSIID, on name: String) {
        if wanted.grant(filterInfo, for: vsiID, on: name) {
            saveInBackground(changing: vsiID, on: name)
        }
    }

    private func saveInBackground(changing vsiID: VSIID, on name: String) {
        Task { [weak self] in
            guard let self, let error = await self.save(changing: vsiID, on: name) else {
                return
            }
            await self.emit(.stateFileProblem("\(error)"))
        }
    }

    /// A wanted VSI the bridge no longer has: requested again after the back-off (unless a request is out).
    private func lost(_ vsiID: VSIID, on name: String) {
        guard let want = wanted.wanted(vsiID, on: name), want.operation != .deAssociate,
            var progress = interfaces[name]?.progress[vsiID]
        else {
            return
        }
        progress.confirmed = nil
        guard !progress.inFlight else {
            interfaces[name]?.progress[vsiID] = progress
            return
        }
        progress.failures += 1
        let delay = retry.delay(afterFailures: progress.failures)
        progress.retryAt = clock.now() + delay
        interfaces[name]?.progress[vsiID] = progress
        emit(.retryScheduled(interface: name, vsiID, delay: delay, failures: progress.failures))
    }

    // MARK: Requesting

    /// Marks a new request for the VSI; returns its attempt number.
    private func begin(_ vsiID: VSIID, on name: String) -> UInt64 {
        var progress = interfaces[name]?.progress[vsiID] ?? InterfaceRuntime.Progress()
        progress.attempt &+= 1
        progress.inFlight = true
        progress.held = false
        progress.retryAt = nil
        interfaces[name]?.progress[vsiID] = progress
        return progress.attempt
    }

    /// Sends one operation through the agent.
    private func send(_ operation: WantedOperation, _ vsi: VSIDescriptor, to agent: StationAgent) async -> Result<
        StationVSIState?, StationLifecycleError
    > {
        do throws(StationLifecycleError) {
            switch operation {
            case .preAssociate: return .success(try await agent.preAssociate(vsi))
            case .preAssociateWithReservation:
                return .success(try await agent.preAssociate(vsi, reserveResources: true))
            case .associate: return .success(try await agent.associate(vsi))
            case .suspend: return .success(try await agent.suspend(vsi))
            case .resume: return .success(try await agent.resume(vsi))
            case .emigrate: return .success(try await agent.emigrate(vsi))
            case .immigratePreAssociate: return .success(try await agent.immigrate(vsi, associate: false))
            case .immigrateAssociate: return .success(try await agent.immigrate(vsi, associate: true))
            case .deAssociate:
                try await agent.terminateForgotten(vsi)
                return .success(nil)
            }
        } catch {
            return .failure(error)
        }
    }

    /// A client's request for a VSI whose keep-alive (or a request the daemon made again) is still waiting for the
    /// bridge: the port refuses a second request while one is outstanding (``StationCommandError/busy``), so the
    /// client's waits until that one has ended, checking every ``busyRecheckInterval`` for at most one
    /// respWaitDelay (by then the outstanding request has been answered or has timed out), and then goes out.
    private func sendWhenNotBusy(_ operation: WantedOperation, _ vsi: VSIDescriptor, to agent: StationAgent) async
        -> Result<StationVSIState?, StationLifecycleError>
    {
        let deadline = clock.now() + (await agent.parameters.timers.respWaitDelay)
        while true {
            let result = await send(operation, vsi, to: agent)
            guard case .failure(.refused(.busy)) = result, clock.now() < deadline else {
                return result
            }
            do {
                try await clock.sleep(until: min(clock.now() + Self.busyRecheckInterval, deadline))
            } catch {
                return result
            }
        }
    }

    /// How often a client's request waiting behind an outstanding keep-alive checks whether it may go out.
    static let busyRecheckInterval = Duration.milliseconds(5)

    /// Applies the end of a request: the confirmed state, the end of a want, or a retry.
    private func finish(
        _ result: Result<StationVSIState?, StationLifecycleError>,
        of operation: WantedOperation,
        _ vsi: VSIDescriptor,
        on name: String,
        epoch: UInt64,
        attempt: UInt64,
        previous: WantedVSI?,
        byClient: Bool = true
    ) async {
        let vsiID = vsi.vsiID
        guard interfaces[name]?.epoch == epoch, var progress = interfaces[name]?.progress[vsiID],
            progress.attempt == attempt
        else {
            return
        }
        progress.inFlight = false
        switch result {
        case .success(let state):
            emit(.outcome(interface: name, vsiID, operation, state.map { .confirmed($0) } ?? .deAssociated))
            if operation == .deAssociate {
                wanted.forget(vsiID, on: name)
                interfaces[name]?.progress.removeValue(forKey: vsiID)
                if let error = await save(changing: vsiID, on: name) {
                    emit(.stateFileProblem("\(error)"))
                }
                return
            }
            progress.confirmed = state
            progress.failures = 0
            progress.lastOutcome = state.map { .confirmed($0) }
            interfaces[name]?.progress[vsiID] = progress
            // The VIDs told to a client are saved before it hears them; those of the daemon's own requests (a
            // batch after a restart, say) in the background, so that a batch does not wait for one write each.
            if let state, wanted.grant(state.filterInfo, for: vsiID, on: name) {
                if byClient {
                    if let error = await save(changing: vsiID, on: name) {
                        emit(.stateFileProblem("\(error)"))
                    }
                } else {
                    saveInBackground(changing: vsiID, on: name)
                }
            }
        case .failure(let error):
            emit(.outcome(interface: name, vsiID, operation, .failed(error)))
            progress.lastOutcome = .failed(error)
            switch Self.disposition(of: error, operation: operation, byClient: byClient) {
            case .ignore:
                interfaces[name]?.progress[vsiID] = progress
            case .retry:
                if case .failed(let failure) = error, failure == .bridgeDeAssociated || failure == .responseMismatch {
                    progress.confirmed = nil
                } else if operation == .deAssociate || progress.confirmed.map(operation.isSatisfied) != true {
                    progress.confirmed = nil
                }
                progress.failures += 1
                let delay = retry.delay(afterFailures: progress.failures)
                progress.retryAt = clock.now() + delay
                interfaces[name]?.progress[vsiID] = progress
                emit(.retryScheduled(interface: name, vsiID, delay: delay, failures: progress.failures))
            case .hold:
                progress.held = true
                progress.confirmed = nil
                interfaces[name]?.progress[vsiID] = progress
                emit(.held(interface: name, vsiID, error))
            case .revert:
                interfaces[name]?.progress[vsiID] = progress
                let keepsPrevious: Bool =
                    if case .failed(.rejected(_, _, keep: let keep)) = error { keep } else { true }
                let restored = keepsPrevious ? previous : nil
                if case .failed = error, !keepsPrevious {
                    interfaces[name]?.progress[vsiID]?.confirmed = nil
                }
                if wanted.wanted(vsiID, on: name)?.operation == operation {
                    wanted.restore(restored, vsiID: vsiID, on: name)
                    if restored == nil {
                        interfaces[name]?.progress.removeValue(forKey: vsiID)
                    }
                    if let error = await save(changing: vsiID, on: name) {
                        emit(.stateFileProblem("\(error)"))
                    }
                }
            }
        }
    }

    private enum Disposition {
        /// Nothing changes (a later request superseded this one).
        case ignore
        /// The VSI stays wanted and is requested again after the back-off.
        case retry
        /// The VSI stays wanted but is not requested again until a client asks.
        case hold
        /// The client's want is undone: the previous want is back (or, when the bridge ended the VSI, none).
        case revert
    }

    private static func disposition(of error: StationLifecycleError, operation: WantedOperation, byClient: Bool)
        -> Disposition
    {
        switch error {
        case .cancelled:
            return .retry
        case .refused(.busy), .refused(.groupIDsNotNegotiated):
            return .retry
        case .refused:
            return byClient ? .revert : .hold
        case .failed(.superseded):
            return .ignore
        case .failed(.rejected(_, let hardError, _)):
            if operation == .deAssociate {
                return .retry
            }
            // The bridge's refusal of the service's own request: a soft one (resources, say) may pass later.
            return byClient ? .revert : hardError ? .hold : .retry
        case .failed:
            return .retry
        }
    }

    /// Waits for EVB to be in force, at most ``RetryPolicy/negotiationWait``; returns whether it is.
    private func awaitNegotiation(_ agent: StationAgent) async -> Bool {
        let clock = self.clock
        let wait = retry.negotiationWait
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await agent.awaitNegotiation()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await clock.sleep(until: clock.now() + wait)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    // MARK: Reconciliation

    /// The periodic pass: reopens interfaces due, and requests the wanted VSIs due on every interface.
    private func tick() async {
        guard !stopping else {
            return
        }
        let now = clock.now()
        for name in interfaces.keys.sorted() {
            if interfaces[name]?.running == nil, let reopenAt = interfaces[name]?.reopenAt, reopenAt <= now {
                await open(name, reason: .restart)
            } else {
                await reconcile(name, reason: .retry)
            }
        }
    }

    /// Requests every wanted VSI of the interface that is not confirmed, has no request out and is due: the
    /// De-Associates one by one, the rest in batches. Needs the link up and EVB in force.
    private func reconcile(_ name: String, reason: ServiceEvent.RequestReason) async {
        guard !stopping, let runtime = interfaces[name], runtime.linkUp, let agent = runtime.running?.agent else {
            return
        }
        let now = clock.now()
        let waitedLongEnough = runtime.readySince.map { now - $0 >= retry.negotiationWait } ?? false
        guard await agent.isNegotiated || waitedLongEnough, let epoch = interfaces[name]?.epoch,
            epoch == runtime.epoch
        else {
            return
        }
        let reason = interfaces[name]?.firstPass == true ? .restart : reason
        interfaces[name]?.firstPass = false
        var due: [(want: WantedVSI, attempt: UInt64)] = []
        for want in wanted.wants(on: name) {
            let progress = interfaces[name]?.progress[want.descriptor.vsiID]
            if progress?.inFlight == true || progress?.held == true {
                continue
            }
            if let retryAt = progress?.retryAt, retryAt > now {
                continue
            }
            if want.operation != .deAssociate, let confirmed = progress?.confirmed,
                want.operation.isSatisfied(by: confirmed)
            {
                continue
            }
            let failures = progress?.failures ?? 0
            let attempt = begin(want.descriptor.vsiID, on: name)
            interfaces[name]?.progress[want.descriptor.vsiID]?.failures = failures
            due.append((want, attempt))
        }
        guard !due.isEmpty else {
            return
        }
        interfaces[name]?.requestedAgain &+= UInt64(due.count)
        for item in due {
            emit(.requested(interface: name, item.want.descriptor.vsiID, item.want.operation, reason))
        }
        for item in due where item.want.operation == .deAssociate {
            Task { [weak self] in
                guard let self else {
                    return
                }
                let result = await self.send(.deAssociate, item.want.descriptor, to: agent)
                await self.finish(
                    result,
                    of: .deAssociate,
                    item.want.descriptor,
                    on: name,
                    epoch: epoch,
                    attempt: item.attempt,
                    previous: item.want,
                    byClient: false
                )
            }
        }
        let requests = due.filter { $0.want.operation != .deAssociate }
        guard !requests.isEmpty else {
            return
        }
        let size = max(retry.batchSize, 1)
        // The agent's work for a batch runs on the agent's own thread (when it has one): on the cooperative pool,
        // a pool thread the scheduler holds back would keep the agent busy, and its loop from acknowledging.
        let executor = runtime.running?.handle.agentExecutor
        // One batch at a time: the next goes out when the bridge has answered the previous one, so that a large
        // set does not start every respWaitDelay timer at once behind a single ECP window.
        Task { [weak self] in
            for start in stride(from: 0, to: requests.count, by: size) {
                let batch = Array(requests[start..<min(start + size, requests.count)])
                let results = await withTaskExecutorPreference(executor) {
                    await agent.request(
                        batch.map { item in
                            let request = item.want.operation.request
                            return (request.type, item.want.descriptor, request.hints)
                        }
                    )
                }
                guard let self else {
                    return
                }
                for (item, result) in zip(batch, results) {
                    await self.finish(
                        result,
                        of: item.want.operation,
                        item.want.descriptor,
                        on: name,
                        epoch: epoch,
                        attempt: item.attempt,
                        previous: item.want,
                        byClient: false
                    )
                }
            }
        }
    }

    // MARK: Saving

    /// Sets the journal length past which a save compacts (tests).
    func setCompactionThreshold(_ entries: Int) async {
        await writer.setCompactionThreshold(entries)
    }

    /// Saves the wanted set as it is now, noting first that the VSI's want changed; returns when a save that
    /// includes it is on disk, with the error if that save failed.
    private func save(changing vsiID: VSIID? = nil, on name: String = "") async -> StateFileError? {
        await writer.save(wanted, changing: vsiID.map { WantedKey(interface: name, vsiID: $0) })
    }

    // MARK: Plumbing

    private func status(of want: WantedVSI, on name: String) -> ServiceVSIStatus {
        let progress = interfaces[name]?.progress[want.descriptor.vsiID]
        return ServiceVSIStatus(
            interface: name,
            descriptor: want.descriptor,
            operation: want.operation,
            confirmed: progress?.confirmed,
            granted: want.granted,
            inFlight: isInFlight(want, progress),
            lastOutcome: progress?.lastOutcome,
            failures: progress?.failures ?? 0,
            held: progress?.held ?? false
        )
    }

    /// In flight: a request is out, or one is due (not yet confirmed, not held): a want loaded at a restart
    /// reads in flight until its answer.
    private func isInFlight(_ want: WantedVSI, _ progress: InterfaceRuntime.Progress?) -> Bool {
        guard let progress else {
            return true
        }
        if progress.inFlight {
            return true
        }
        if progress.held {
            return false
        }
        if want.operation == .deAssociate {
            return true
        }
        guard let confirmed = progress.confirmed else {
            return progress.lastOutcome == nil
        }
        return !want.operation.isSatisfied(by: confirmed) && progress.lastOutcome == nil
    }

    private func progressIDs(on name: String) -> [VSIID] {
        interfaces[name].map { Array($0.progress.keys) } ?? []
    }

    private func emit(_ event: ServiceEvent) {
        for continuation in subscribers.values {
            if case .dropped = continuation.yield(event) {
                droppedEvents &+= 1
            }
        }
    }

    private func unsubscribe(_ id: UInt64) {
        subscribers.removeValue(forKey: id)
    }
}
