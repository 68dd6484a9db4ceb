import VDPProtocol
import VDPWire

/// The bridge (NVE) side of VDP as an actor: a thin driver of a ``BridgeEVBPort`` over a ``FrameLink`` and an
/// ``AgentClock``, deciding each request with a ``BridgeDecisionRule`` (at once, in the agent) or a
/// ``BridgePolicy`` (asynchronously, in a task the agent tracks and ``stop()`` cancels).
///
/// Call ``run()`` in a task of its own. The VSI table can be read at any time; its changes arrive on the streams
/// of ``events()``. ``deAssociate(_:)`` and ``changeFilterInfo(of:to:)`` are the NVE's own changes. A send that
/// fails is counted and reported as ``BridgeEVBEvent/sendFailed(_:)``; one that means the link is down takes the
/// link down until a frame is received again or ``linkUp()`` is called.
///
/// With a ``BridgeDataPlane``, the agent tells its ``DataPlaneBackend`` when each VSI's forwarding starts, changes
/// and stops, and answers an accepted request only once the backend has applied it; a backend failure becomes a
/// refusal with "insufficient resources". ``run()`` first reconciles the backend with the table (empty, or the one
/// ``restoreTable()`` put back).
///
/// With a ``BridgeTableStorage``, an accept is also made durable in its ``BridgeTableStore`` before the station is
/// told (after the data plane applied it), and ``restoreTable()`` must be called before ``run()``.
public actor BridgeAgent: EVBAgent {
    /// How many batches of events each subscriber of ``events()`` may fall behind before its oldest are dropped.
    public static let eventBufferLimit = 4_096
    /// How many received frames wait for the agent before new ones are dropped (``droppedFrames``).
    public static let frameBufferLimit = 4_096

    /// How the agent decides.
    private enum Policy: Sendable {
        case rule(BridgeDecisionRule)
        case async(any BridgePolicy)
    }

    var core: AgentCore<BridgeEVBPort>
    private let policy: Policy
    /// The asynchronous policy's decisions under way.
    private var policyTasks: [BridgeDecisionID: Task<Void, Never>] = [:]
    /// Requests the rule left undecided, for ``decide(_:_:)``.
    private var undecided: [BridgeDecisionID: BridgeDecisionRequest] = [:]
    /// The data plane's bookkeeping, when the agent drives one.
    private var dataPlane: DataPlaneDriver?
    /// Told of every VSI the table's changes touch (``observeTable(_:)``).
    private var tableObserver: (@Sendable (BridgeVSIKey, BridgeVSIRecord?) -> Void)?
    /// The table store's bookkeeping, when the agent keeps its table durable.
    var tableStore: TableStoreDriver?
    /// How long the agent waits before it retries changes or a reconciliation that failed.
    static let dataPlaneRetryDelay = Duration.seconds(1)

    /// Creates an agent with an asynchronous policy. With `evb`, it runs LLDP with the EVB TLV and applies the
    /// negotiated values; with `dataPlane`, it drives that data plane. Without a first ECP sequence number, a
    /// random one is used.
    public init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration? = nil,
        policy: any BridgePolicy,
        dataPlane: BridgeDataPlane? = nil,
        storage: BridgeTableStorage? = nil,
        link: any FrameLink,
        clock: any AgentClock = SystemAgentClock()
    ) {
        self.init(
            configuration: configuration,
            evb: evb,
            policy: .async(policy),
            dataPlane: dataPlane,
            storage: storage,
            link: link,
            clock: clock
        )
    }

    /// Creates an agent with a synchronous rule, the type the simulation takes too. Requests the rule leaves
    /// undecided wait for ``decide(_:_:)``. With `dataPlane`, it drives that data plane.
    public init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration? = nil,
        rule: BridgeDecisionRule,
        dataPlane: BridgeDataPlane? = nil,
        storage: BridgeTableStorage? = nil,
        link: any FrameLink,
        clock: any AgentClock = SystemAgentClock()
    ) {
        self.init(
            configuration: configuration,
            evb: evb,
            policy: .rule(rule),
            dataPlane: dataPlane,
            storage: storage,
            link: link,
            clock: clock
        )
    }

    private init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration?,
        policy: Policy,
        dataPlane: BridgeDataPlane?,
        storage: BridgeTableStorage?,
        link: any FrameLink,
        clock: any AgentClock
    ) {
        var configuration = configuration
        if configuration.firstSequenceNumber == nil {
            configuration.firstSequenceNumber = UInt16.random(in: 1...UInt16.max)
        }
        self.policy = policy
        self.dataPlane = dataPlane.map { DataPlaneDriver(configuration: $0, limits: configuration.limits) }
        self.tableStore = storage.map { TableStoreDriver(storage: $0, limits: configuration.limits) }
        core = AgentCore(
            port: BridgeEVBPort(configuration: configuration, evb: evb, now: clock.now()),
            link: link,
            clock: clock,
            eventBufferLimit: Self.eventBufferLimit,
            frameBufferLimit: Self.frameBufferLimit
        )
        core.port.tracksChanges = storage != nil
    }

    /// Handles received frames and timers until the link closes or ``stop()``, then stops.
    public func run() async {
        if tableStore?.restored == false {
            tableStore?.lastError = BridgeTableStoreError(.notRestored, "restoreTable() must come before run()")
            stopCore()
            return
        }
        startDataPlaneJobs()
        await runCore()
    }

    /// Stops the loop, the timers, the policy's tasks and the data plane's task, and ends every event stream. The
    /// data plane keeps forwarding what it forwards; the next run reconciles it.
    public func stop() {
        stopCore()
    }

    /// A new subscription to the agent's events from now on, buffered for this subscriber alone, a batch at a
    /// time (at most ``eventBufferLimit`` batches; when the subscriber falls behind, its oldest batches are dropped
    /// and their events counted in ``droppedEvents``). Already finished after ``stop()``.
    public func events() -> EventSubscription<BridgeAgentEvent> {
        subscribe()
    }

    /// Events dropped because a subscriber fell behind (summed over subscribers).
    public var droppedEvents: UInt64 { core.events.dropped }

    /// Received frames dropped because the agent fell ``frameBufferLimit`` frames behind.
    public var droppedFrames: UInt64 { core.inbox.droppedFrames }

    /// The longest a received frame waited between its arrival (its ``ReceivedFrame/receivedAt`` stamp) and the
    /// agent handling it: how far the process fell behind its link.
    public var longestHandlingDelay: Duration { core.longestHandlingDelay }

    /// The longest time between an ECP request's arrival (its ``ReceivedFrame/receivedAt`` stamp) and the send of
    /// its acknowledgement, which the agent sends before it does the request's VDP work.
    public var longestAcknowledgementDelay: Duration { core.longestAcknowledgementDelay }

    /// The ECP transmitter's counters: retransmissions, and acknowledgements that arrived late (the peer was late)
    /// or in time but after a retransmission (this end was late).
    public var ecpTransmitterCounters: ECPTransmitterCounters { core.port.port.ecpTransmitterCounters }

    /// Returns when the EVB parameters are in force (negotiated with a station; at once without EVB). Throws
    /// ``StationLifecycleError/cancelled`` when the task is cancelled, `.failed(.portDown)` when the agent stops
    /// first. Needs ``run()``.
    public func awaitNegotiation() async throws(StationLifecycleError) {
        try await waitForNegotiation()
    }

    /// Whether the EVB parameters are in force.
    public var isNegotiated: Bool { core.port.isNegotiated }

    /// The VSI table.
    public var records: [BridgeVSIRecord] { core.port.port.records }

    /// The VDP port's counters.
    public var counters: BridgePortCounters { core.port.port.counters }

    /// The EVB port's counters (send failures, peer losses, link outages).
    public var evbCounters: EVBPortCounters { core.port.counters }

    /// The EVB values in force (negotiated, or the configured ones before negotiation).
    public var parameters: EVBParameters { core.port.port.configuration.parameters }

    /// The data plane's counters (all zero without a data plane).
    public var dataPlaneCounters: DataPlaneCounters { dataPlane?.counters ?? DataPlaneCounters() }

    /// The data plane's latest failure, if any.
    public var dataPlaneError: DataPlaneError? { dataPlane?.lastError }

    /// Makes the data plane forward exactly the VSIs of the table that are associated and not suspended (after
    /// the data plane was restarted or changed behind the agent's back). Runs after the job under way.
    public func reconcileDataPlane() {
        dataPlane?.reconcileRequested = true
        startDataPlaneJobs()
    }

    /// The requests the rule left undecided and the port still waits for.
    public var undecidedRequests: [BridgeDecisionRequest] {
        undecided.values.sorted { $0.id < $1.id }
    }

    /// One row of the VSI table.
    public func record(of vsiID: VSIID) -> BridgeVSIRecord? {
        core.port.port.record(of: vsiID)
    }

    /// Answers a request the rule left undecided (or any pending one); answers to decisions no longer pending are
    /// ignored.
    public func decide(_ id: BridgeDecisionID, _ decision: BridgeDecision) async {
        await decided(id, decision)
    }

    /// Ends a VSI on the NVE's side: an unsolicited De-Associate goes to the station. Returns whether it existed.
    @discardableResult
    public func deAssociate(_ vsiID: VSIID) async -> Bool {
        var output: [BridgeEVBOutput] = []
        let existed = core.port.deAssociate(vsiID, at: core.clock.now(), into: &output)
        await dispatch(output)
        schedule()
        return existed
    }

    /// Tells `observer`, in the agent and before any later request is decided, of every VSI a change of the table
    /// touches: its key and its row as it now is (`nil` once it is gone). It is told of every row at once, so that
    /// a policy that counts the table's VSIs (per station, per type) starts exact and stays so. One observer at a
    /// time; a new one replaces the old. It must return quickly and must not call the agent.
    public func observeTable(_ observer: @escaping @Sendable (BridgeVSIKey, BridgeVSIRecord?) -> Void) {
        tableObserver = observer
        for record in core.port.port.records {
            observer(record.key, record)
        }
    }

    /// Tells the table's observer, if any, of every row (after the table was restored).
    func tellObserverOfEveryRow() {
        guard let tableObserver else {
            return
        }
        for record in core.port.port.records {
            tableObserver(record.key, record)
        }
    }

    /// Changes a VSI's granted VIDs/PCPs; the station learns them from the response to its next keep-alive.
    @discardableResult
    public func changeFilterInfo(of vsiID: VSIID, to filterInfo: FilterInfo) async -> Bool {
        var output: [BridgeEVBOutput] = []
        let changed = core.port.changeFilterInfo(of: vsiID, to: filterInfo, into: &output)
        await dispatch(output)
        schedule()
        return changed
    }

    /// Announces that this end is going away: with EVB running, sends the shutdown LLDPDU (TTL 0), so the peer
    /// forgets it at once instead of after the TTL. Call before ``stop()`` when the process exits.
    public func shutdown() async {
        await sendShutdown()
    }

    /// Tells the port the link went down: ``BridgeEVBPort/linkDown(at:into:)``.
    public func linkDown() async {
        await setLink(up: false)
    }

    /// Tells the port the link is up again: ``BridgeEVBPort/linkUp(at:into:)``.
    public func linkUp() async {
        await setLink(up: true)
    }

    // MARK: EVBAgent

    func settle(_ output: [BridgeEVBOutput]) -> [BridgeEVBOutput] {
        var more: [BridgeEVBOutput] = []
        if dataPlane != nil {
            noteTableChanges(output)
        }
        if let tableObserver {
            for case .event(.vsi(let event)) in output {
                switch event {
                case .vsiChanged(let key, _), .vsiRemoved(let key, _), .requestRefused(let key, _):
                    let record = core.port.port.record(of: key.vsiID)
                    tableObserver(key, record?.key == key ? record : nil)
                default:
                    continue
                }
            }
        }
        if tableStore != nil {
            noteChangedRecords()
        }
        for case .decisionRequired(let request) in output {
            switch policy {
            case .rule(let rule):
                if let decision = rule.decide(request) {
                    hand(request.id, decision, into: &more)
                } else {
                    forgetStaleUndecided()
                    undecided[request.id] = request
                }
            case .async(let policy):
                policyTasks[request.id] = Task { [weak self] in
                    let decision = await policy.decide(request)
                    guard !Task.isCancelled else {
                        return
                    }
                    await self?.decided(request.id, decision)
                }
            }
        }
        return more
    }

    func cancelRequest(_ waiter: AgentWaiterID) {}

    func stopRole() {
        for task in policyTasks.values {
            task.cancel()
        }
        policyTasks.removeAll()
        undecided.removeAll()
        dataPlane?.task?.cancel()
        dataPlane?.task = nil
        tableStore?.task?.cancel()
        tableStore?.task = nil
    }

    // MARK: Plumbing

    private func decided(_ id: BridgeDecisionID, _ decision: BridgeDecision) async {
        policyTasks.removeValue(forKey: id)
        undecided.removeValue(forKey: id)
        guard !core.stopped else {
            return
        }
        var output: [BridgeEVBOutput] = []
        hand(id, decision, into: &output)
        await dispatch(output)
        schedule()
    }

    /// Hands a decision to the port; with a data plane, an accept that changes what the VSI forwards waits for
    /// the backend first; with a table store, an accept waits until it is durable.
    private func hand(_ id: BridgeDecisionID, _ decision: BridgeDecision, into output: inout [BridgeEVBOutput]) {
        guard dataPlane != nil || tableStore != nil, case .accept(let assignment) = decision else {
            core.port.decide(id, decision, at: core.clock.now(), into: &output)
            return
        }
        guard case .granted(let key, let state, let descriptor, let previous) = core.port.prepareAccept(id, assignment)
        else {
            // Not pending any more, or refused by the port itself (it refuses the same way now).
            core.port.decide(id, decision, at: core.clock.now(), into: &output)
            return
        }
        let target = dataPlane.flatMap { plane in
            state.isActive
                ? DataPlaneVSI(port: plane.configuration.port, key: key, descriptor: descriptor, state: state) : nil
        }
        let grant = DataPlaneDriver.Grant(
            id: id,
            decision: decision,
            key: key,
            state: state,
            descriptor: descriptor,
            target: target,
            hadPrevious: previous != nil
        )
        guard var plane = dataPlane, !plane.grantNeedsNoChange(key, target: grant.target) else {
            applied(grant, into: &output)
            return
        }
        dataPlane = nil  // no copy of the driver while it is modified
        let queued = plane.enqueue(grant)
        if !queued {
            plane.counters.grantsRefused += 1
        }
        dataPlane = plane
        if queued {
            startDataPlaneJobs()
        } else {
            refuse(grant, into: &output)
        }
    }

    /// A grant the data plane has applied (or had no need to): decided now, or, with a table store, once it is
    /// durable.
    private func applied(_ grant: DataPlaneDriver.Grant, into output: inout [BridgeEVBOutput]) {
        guard tableStore != nil else {
            core.port.decide(grant.id, grant.decision, at: core.clock.now(), into: &output)
            return
        }
        dataPlane?.held[grant.key] = .some(grant.target)
        store(
            TableStoreDriver.Grant(
                id: grant.id,
                decision: grant.decision,
                key: grant.key,
                state: grant.state,
                descriptor: grant.descriptor,
                hadPrevious: grant.hadPrevious
            ),
            into: &output
        )
    }

    /// Refuses a grant the backend could not apply: insufficient resources, the VSI kept as it was.
    private func refuse(_ grant: DataPlaneDriver.Grant, into output: inout [BridgeEVBOutput]) {
        refuse(grant.id, grant.key, hadPrevious: grant.hadPrevious, into: &output)
    }

    /// Refuses a grant that could not be carried out: insufficient resources, the VSI kept as it was.
    func refuse(
        _ id: BridgeDecisionID,
        _ key: BridgeVSIKey,
        hadPrevious: Bool,
        into output: inout [BridgeEVBOutput]
    ) {
        let refusal = BridgeDecision.reject(.insufficientResources, keep: hadPrevious)
        core.port.decide(id, refusal, at: core.clock.now(), into: &output)
        core.port.restoreHoldings(of: key.vsiID)
    }

    /// Has the data plane bring a VSI in line with the table again once the table store is done with its grant
    /// (decided, refused, or too late for the port).
    func recheckDataPlane(_ key: BridgeVSIKey) {
        guard dataPlane != nil else {
            return
        }
        dataPlane?.held.removeValue(forKey: key)
        dataPlane?.markDirty(key)
        startDataPlaneJobs()
    }

    /// Notes the VSIs whose forwarding a change of the table may have changed.
    private func noteTableChanges(_ output: [BridgeEVBOutput]) {
        var touched = false
        for case .event(.vsi(let event)) in output {
            switch event {
            case .vsiChanged(let key, _):
                dataPlane?.markDirty(key)
                touched = true
            case .vsiRemoved(let key, let reason):
                dataPlane?.markDirty(key, removal: reason)
                touched = true
            default:
                continue
            }
        }
        if touched {
            startDataPlaneJobs()
        }
    }

    // MARK: Data plane

    /// Starts the task that runs the data plane's jobs, unless it runs or there is nothing to do.
    private func startDataPlaneJobs() {
        guard let plane = dataPlane, plane.task == nil, plane.hasWork, !core.stopped else {
            return
        }
        dataPlane?.task = Task { [weak self] in
            await self?.runDataPlaneJobs()
        }
    }

    /// Runs the data plane's jobs until none is left.
    private func runDataPlaneJobs() async {
        while !core.stopped, !Task.isCancelled, let configuration = dataPlane?.configuration {
            let backend = configuration.backend
            var decideNow: [DataPlaneDriver.Grant] = []
            let job = takeDataPlaneJob(decideNow: &decideNow)
            if !decideNow.isEmpty {
                var output: [BridgeEVBOutput] = []
                for grant in decideNow {
                    applied(grant, into: &output)
                }
                await dispatch(output)
                schedule()
            }
            guard let job else {
                if decideNow.isEmpty {
                    break
                }
                continue
            }
            var failed = false
            switch job {
            case .reconcile(let table):
                var failure: DataPlaneError?
                do throws(DataPlaneError) {
                    try await backend.reconcile(table)
                } catch {
                    failure = error
                }
                dataPlane?.reconciled(table, error: failure)
                failed = failure != nil
            case .apply(let changes, let grants):
                let outcome = await Self.apply(changes, with: backend)
                dataPlane?.counters.batchesApplied += outcome.calls
                if let batchFailure = outcome.batchFailure {
                    dataPlane?.counters.batchFailures += 1
                    dataPlane?.lastError = batchFailure
                }
                failed = await finish(changes, grants: grants, failures: outcome.failures)
            }
            if failed {
                try? await core.clock.sleep(until: core.clock.now() + Self.dataPlaneRetryDelay)
            }
        }
        dataPlane?.task = nil
        if !core.stopped, !Task.isCancelled {
            startDataPlaneJobs()
        }
    }

    /// The data plane's next job (the port's table read in place: no copy of it outlives the call).
    private func takeDataPlaneJob(decideNow: inout [DataPlaneDriver.Grant]) -> DataPlaneDriver.Job? {
        guard var plane = dataPlane else {
            return nil
        }
        dataPlane = nil  // no second reference to the driver's storage while it is modified
        let port = plane.configuration.port
        let bridgePort = core.port.port
        let held = plane.held
        let job = plane.takeJob(
            decideNow: &decideNow,
            table: { Self.forwardingTable(of: bridgePort, on: port) },
            desired: { key in
                if let target = held[key] {
                    return (target, true)
                }
                return Self.desired(key, in: bridgePort, on: port)
            }
        )
        dataPlane = plane
        return job
    }

    /// Applies a batch; when it fails, each change alone. Returns the changes that failed, by VSI, the calls
    /// that succeeded and the batch's own failure.
    private static func apply(
        _ changes: [DataPlaneChange],
        with backend: any DataPlaneBackend
    ) async -> (failures: [BridgeVSIKey: DataPlaneError], calls: UInt64, batchFailure: DataPlaneError?) {
        let batchFailure: DataPlaneError
        do throws(DataPlaneError) {
            try await backend.apply(changes)
            return ([:], 1, nil)
        } catch {
            batchFailure = error
        }
        guard changes.count > 1 else {
            return (
                Dictionary(changes.map { ($0.vsi.key, batchFailure) }, uniquingKeysWith: { first, _ in first }), 0,
                batchFailure
            )
        }
        var failures: [BridgeVSIKey: DataPlaneError] = [:]
        var calls: UInt64 = 0
        for change in changes {
            do throws(DataPlaneError) {
                try await backend.apply([change])
                calls += 1
            } catch {
                failures[change.vsi.key] = error
            }
        }
        return (failures, calls, batchFailure)
    }

    /// Records a batch's outcome and hands its grants to the port: granted when applied, refused otherwise.
    /// Returns whether a change without a grant failed (to be retried after a delay).
    private func finish(
        _ changes: [DataPlaneChange],
        grants: [BridgeVSIKey: DataPlaneDriver.Grant],
        failures: [BridgeVSIKey: DataPlaneError]
    ) async -> Bool {
        dataPlane?.applied(changes, failures: failures)
        var output: [BridgeEVBOutput] = []
        for change in changes {
            let key = change.vsi.key
            guard let grant = grants[key] else {
                continue
            }
            if failures[key] != nil {
                dataPlane?.counters.grantsRefused += 1
                refuse(grant, into: &output)
            } else if core.port.port.record(of: key.vsiID)?.decisionPending == true {
                applied(grant, into: &output)
            } else {
                dataPlane?.counters.lateGrants += 1
            }
        }
        dataPlane?.recheck(changes.map(\.vsi.key))
        if !output.isEmpty {
            await dispatch(output)
            schedule()
        }
        return failures.keys.contains { grants[$0] == nil }
    }

    /// What the table says a VSI should forward, and whether the VSI is in the table.
    private static func desired(
        _ key: BridgeVSIKey,
        in bridgePort: BridgePort,
        on port: String
    ) -> (DataPlaneVSI?, known: Bool) {
        guard let record = bridgePort.record(of: key.vsiID), record.key == key else {
            return (nil, false)
        }
        return (forwarding(record, on: port), true)
    }

    /// Every VSI of the table that forwards.
    private static func forwardingTable(of bridgePort: BridgePort, on port: String) -> [DataPlaneVSI] {
        bridgePort.records.compactMap { forwarding($0, on: port) }
    }

    private static func forwarding(_ record: BridgeVSIRecord, on port: String) -> DataPlaneVSI? {
        guard let state = record.state, state.isActive else {
            return nil
        }
        return DataPlaneVSI(port: port, key: record.key, descriptor: record.descriptor, state: state)
    }

    /// Drops undecided requests the port no longer waits for (timed out, or their VSI went away), so the list
    /// never outgrows the VSI table.
    private func forgetStaleUndecided() {
        guard undecided.count >= max(core.port.port.vsiCount, 64) else {
            return
        }
        undecided = undecided.filter { core.port.port.record(of: $0.value.key.vsiID)?.decisionPending == true }
    }
}
