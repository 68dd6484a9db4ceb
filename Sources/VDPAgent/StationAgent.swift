import VDPProtocol
import VDPWire

/// The station (hypervisor) side of VDP as an actor: the lifecycle of each VM's VSI as `async` calls, over a
/// ``FrameLink`` and an ``AgentClock``. A thin driver of a ``StationEVBPort``, which holds every rule (negotiation,
/// peer loss, link outages, requesting VSIs again).
///
/// Call ``run()`` in a task of its own; it handles received frames until the link closes or ``stop()``. Each
/// lifecycle call returns when the bridge has answered, with the state it confirmed, or throws
/// ``StationLifecycleError``: ``StationLifecycleError/cancelled`` when the calling task is cancelled (the request
/// itself still runs to its end; the agent forgets the caller). Everything the bridge does unasked arrives on the
/// streams of ``events()``.
///
/// With EVB, a GroupID request made before the bridge's EVB TLV has arrived is refused
/// (``StationCommandError/groupIDsNotNegotiated``), and every request goes out with the configured timers rather
/// than the negotiated ones: call ``awaitNegotiation()`` after ``run()`` before the first request.
///
/// Losing the peer (TTL expiry, or a shutdown LLDPDU when the bridge restarts) or the link ends every VSI; when a
/// bridge is heard again, the VSIs that were established are requested again with the VIDs they had, each reported
/// as ``StationEVBEvent/reassociated(_:_:)``. A send that fails is counted and reported as
/// ``StationEVBEvent/sendFailed(_:)``; one that means the link is down (a ``LinkFailure``) takes the link down
/// until a frame is received again or ``linkUp()`` is called.
public actor StationAgent: EVBAgent {
    /// How many batches of events each subscriber of ``events()`` may fall behind before its oldest are dropped.
    public static let eventBufferLimit = 4_096
    /// How many received frames wait for the agent before new ones are dropped (``droppedFrames``).
    public static let frameBufferLimit = 4_096

    var core: AgentCore<StationEVBPort>
    private var waiting:
        [StationRequestID: CheckedContinuation<Result<StationVSIState?, StationLifecycleError>, Never>] = [:]
    private var finished: [StationRequestID: Result<StationVSIState?, StationRequestFailure>] = [:]
    /// Requests whose callers were cancelled: their completions are dropped.
    private var abandoned: Set<StationRequestID> = []
    /// The callers of ``request(_:)`` by batch number: the answers so far, and the caller once it waits.
    private var batchWaiting: [UInt64: StationBatchWaiter] = [:]
    private var batchContinuations:
        [UInt64: CheckedContinuation<[Result<StationVSIState?, StationLifecycleError>], Never>] = [:]
    /// The batch and slot of each request of a ``request(_:)`` batch still unanswered.
    private var batchSlots: [StationRequestID: (batch: UInt64, index: Int)] = [:]
    private var nextBatch: UInt64 = 0

    /// Creates an agent. With `evb`, it runs LLDP with the EVB TLV and applies the negotiated values. Without a
    /// first ECP sequence number, a random one is used.
    public init(
        configuration: StationPortConfiguration,
        evb: EVBConfiguration? = nil,
        link: any FrameLink,
        clock: any AgentClock = SystemAgentClock()
    ) {
        var configuration = configuration
        if configuration.firstSequenceNumber == nil {
            configuration.firstSequenceNumber = UInt16.random(in: 1...UInt16.max)
        }
        core = AgentCore(
            port: StationEVBPort(configuration: configuration, evb: evb, now: clock.now()),
            link: link,
            clock: clock,
            eventBufferLimit: Self.eventBufferLimit,
            frameBufferLimit: Self.frameBufferLimit
        )
    }

    /// Handles received frames and timers until the link closes or ``stop()``, then stops.
    public func run() async {
        await runCore()
    }

    /// Stops the loop and the timers and ends every event stream; pending calls fail with
    /// ``StationRequestFailure/portDown``.
    public func stop() {
        stopCore()
    }

    /// A new subscription to the agent's events from now on, buffered for this subscriber alone, a batch at a
    /// time (at most ``eventBufferLimit`` batches; when the subscriber falls behind, its oldest batches are dropped
    /// and their events counted in ``droppedEvents``). Already finished after ``stop()``.
    public func events() -> EventSubscription<StationAgentEvent> {
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

    /// Returns when the EVB parameters are in force (negotiated with a bridge; at once without EVB). Throws
    /// ``StationLifecycleError/cancelled`` when the task is cancelled, ``StationRequestFailure/portDown`` (as
    /// `.failed`) when the agent stops first. Needs ``run()``.
    public func awaitNegotiation() async throws(StationLifecycleError) {
        try await waitForNegotiation()
    }

    /// Whether the EVB parameters are in force.
    public var isNegotiated: Bool { core.port.isNegotiated }

    /// Announces that this end is going away: with EVB running, sends the shutdown LLDPDU (TTL 0), so the peer
    /// forgets it at once instead of after the TTL. Call before ``stop()`` when the process exits.
    public func shutdown() async {
        await sendShutdown()
    }

    /// Tells the port the link went down (a carrier loss the embedder saw): ``StationEVBPort/linkDown(at:into:)``.
    public func linkDown() async {
        await setLink(up: false)
    }

    /// Tells the port the link is up again: ``StationEVBPort/linkUp(at:into:)``.
    public func linkUp() async {
        await setLink(up: true)
    }

    // MARK: The lifecycle

    /// Pre-association: the VM is about to connect here. With `reserveResources`, Pre-Associate with RR; with
    /// `immigrating`, the M-bit (the VM is migrating to this server).
    public func preAssociate(
        _ vsi: VSIDescriptor,
        reserveResources: Bool = false,
        immigrating: Bool = false
    ) async throws(StationLifecycleError) -> StationVSIState {
        let type: VSITLVType = reserveResources ? .preAssociateWithResourceReservation : .preAssociate
        return try await confirmed(type, vsi, hints: VSIHints(migrating: immigrating))
    }

    /// Association: the VM connects. With `immigrating`, the M-bit (it arrives by migration).
    public func associate(_ vsi: VSIDescriptor, immigrating: Bool = false) async throws(StationLifecycleError)
        -> StationVSIState
    {
        try await confirmed(.associate, vsi, hints: VSIHints(migrating: immigrating))
    }

    /// Suspension: the VM is paused; an Associate with the S-bit. The bridge deactivates but keeps it.
    public func suspend(_ vsi: VSIDescriptor) async throws(StationLifecycleError) -> StationVSIState {
        try await confirmed(.associate, vsi, hints: VSIHints(suspended: true))
    }

    /// Resume: the VM runs again; an Associate with the S-bit clear.
    public func resume(_ vsi: VSIDescriptor) async throws(StationLifecycleError) -> StationVSIState {
        try await confirmed(.associate, vsi, hints: .none)
    }

    /// Emigration: the VM is leaving this server; its VSI is marked with the S-bit ("migrating from") and stays
    /// until ``terminate(_:)``, since the migration may still fail.
    public func emigrate(_ vsi: VSIDescriptor) async throws(StationLifecycleError) -> StationVSIState {
        try await confirmed(.associate, vsi, hints: VSIHints(suspended: true))
    }

    /// Immigration: the VM arrives; a Pre-Associate (before it runs here) or an Associate, with the M-bit.
    public func immigrate(_ vsi: VSIDescriptor, associate: Bool) async throws(StationLifecycleError)
        -> StationVSIState
    {
        try await confirmed(associate ? .associate : .preAssociate, vsi, hints: VSIHints(migrating: true))
    }

    /// Termination: the VM is gone; a De-Associate. The VSI is forgotten even when the bridge does not answer.
    public func terminate(_ vsi: VSIDescriptor) async throws(StationLifecycleError) {
        _ = try await perform(.deAssociate, vsi, hints: .none)
    }

    /// Termination of a VSI this agent may not know but the bridge may still hold (the process restarted
    /// between sending a De-Associate and its answer): a De-Associate with the descriptor's filters, also for an
    /// unknown VSI.
    package func terminateForgotten(_ vsi: VSIDescriptor) async throws(StationLifecycleError) {
        guard !core.stopped else {
            throw .failed(.portDown)
        }
        var output: [StationEVBOutput] = []
        let id: StationRequestID
        do {
            id = try core.port.deAssociateForgotten(vsi, at: core.clock.now(), into: &output)
        } catch {
            throw .refused(error)
        }
        await dispatch(output)
        schedule()
        _ = try await answer(to: id).get()
    }

    /// How many requests of a batch ``request(_:)`` hands to the port in one turn of the agent before it lets the
    /// agent's loop take what has arrived (acknowledgements, answers): small enough that a turn stays well within
    /// the shortest ack timer in use (RTE 8, 2.56 ms), so that the bridge's ECPDUs are acknowledged in time while a
    /// large batch is being issued.
    public static let requestsPerTurn = 512

    /// Issues many requests at once and waits for every answer: the requests leave together (batched into as
    /// few ECPDUs as fit), which is much cheaper than as many concurrent calls, and the caller is suspended once
    /// for the whole batch. Answers come back in the order of `requests`; a De-Associate answers `nil` on success.
    /// The requests go to the port ``requestsPerTurn`` at a time, the agent's loop running in between.
    ///
    /// The agent's work for the batch runs on the caller's executor. When the loop runs on a thread of its own
    /// (a `TaskExecutor`, possibly at real-time priority), call this from a task that prefers that executor
    /// (`withTaskExecutorPreference`): on an ordinary-priority pool thread that the scheduler holds back, the
    /// batch keeps the agent busy and the loop cannot acknowledge what has arrived in time.
    public func request(
        _ requests: [(type: VSITLVType, vsi: VSIDescriptor, hints: VSIHints)]
    ) async -> [Result<StationVSIState?, StationLifecycleError>] {
        guard !requests.isEmpty else {
            return []
        }
        let batch = nextBatch
        nextBatch &+= 1
        batchWaiting[batch] = StationBatchWaiter(count: requests.count)
        batchSlots.reserveCapacity(batchSlots.count + requests.count)
        core.port.reserveCapacity(forAdditionalVSIs: requests.count)
        var start = 0
        while start < requests.count, !core.stopped {
            let end = min(start + Self.requestsPerTurn, requests.count)
            var output: [StationEVBOutput] = []
            let now = core.clock.now()
            for index in start..<end {
                let request = requests[index]
                do {
                    let id = try core.port.request(
                        request.type,
                        for: request.vsi,
                        hints: request.hints,
                        at: now,
                        into: &output
                    )
                    batchSlots[id] = (batch, index)
                } catch {
                    batchWaiting[batch]?.fill(index, with: .failure(.refused(error)))
                }
            }
            await dispatch(output)
            schedule()
            start = end
            if start < requests.count {
                await awaitTurn()
            }
        }
        return await answers(to: batch)
    }

    /// What the bridge has confirmed for a VSI.
    /// What the bridge has confirmed for a VSI.
    public func state(of vsiID: VSIID) -> StationVSIState? {
        core.port.port.state(of: vsiID)
    }

    /// The number of VSIs known.
    public var vsiCount: Int { core.port.port.vsiCount }

    /// Every VSI the bridge has confirmed, with what it confirmed.
    public var states: [VSIID: StationVSIState] {
        var states: [VSIID: StationVSIState] = [:]
        for vsiID in core.port.port.vsiIDs {
            states[vsiID] = core.port.port.state(of: vsiID)
        }
        return states
    }

    /// The VDP port's counters.
    public var counters: StationPortCounters { core.port.port.counters }

    /// The EVB port's counters (send failures, peer losses, link outages, VSIs requested again).
    public var evbCounters: EVBPortCounters { core.port.counters }

    /// The EVB values in force (negotiated, or the configured ones before negotiation).
    public var parameters: EVBParameters { core.port.port.configuration.parameters }

    // MARK: EVBAgent

    func settle(_ output: [StationEVBOutput]) -> [StationEVBOutput] {
        for case .completed(let id, _, let result) in output {
            if abandoned.remove(id) != nil {
                continue
            }
            if let slot = batchSlots.removeValue(forKey: id) {
                fillBatch(slot.batch, slot.index, with: result.mapError { .failed($0) })
            } else if let continuation = waiting.removeValue(forKey: id) {
                continuation.resume(returning: result.mapError { .failed($0) })
            } else {
                finished[id] = result
            }
        }
        return []
    }

    func cancelRequest(_ waiter: AgentWaiterID) {
        if case .batch(let batch) = waiter {
            endBatch(batch, unanswered: .cancelled)
            return
        }
        guard case .request(let id) = waiter, let continuation = waiting.removeValue(forKey: id) else {
            return
        }
        abandoned.insert(id)
        continuation.resume(returning: .failure(.cancelled))
    }

    func stopRole() {
        var output: [StationEVBOutput] = []
        core.port.stop(into: &output)
        var events: [StationAgentEvent] = []
        for case .event(let event) in output {
            events.append(event)
        }
        core.events.yield(events)
        _ = settle(output)
        for continuation in waiting.values {
            continuation.resume(returning: .failure(.failed(.portDown)))
        }
        waiting.removeAll()
        for batch in Array(batchWaiting.keys) {
            endBatch(batch, unanswered: .failed(.portDown))
        }
        abandoned.removeAll()
    }

    // MARK: Plumbing

    private func confirmed(_ type: VSITLVType, _ vsi: VSIDescriptor, hints: VSIHints)
        async throws(StationLifecycleError)
        -> StationVSIState
    {
        guard let state = try await perform(type, vsi, hints: hints) else {
            throw .failed(.bridgeDeAssociated)
        }
        return state
    }

    private func perform(_ type: VSITLVType, _ vsi: VSIDescriptor, hints: VSIHints) async throws(StationLifecycleError)
        -> StationVSIState?
    {
        guard !core.stopped else {
            throw .failed(.portDown)
        }
        var output: [StationEVBOutput] = []
        let id: StationRequestID
        do {
            id = try core.port.request(type, for: vsi, hints: hints, at: core.clock.now(), into: &output)
        } catch {
            throw .refused(error)
        }
        await dispatch(output)
        schedule()
        return try await answer(to: id).get()
    }

    /// The answers to batch `batch`: at once if they have all come (or the agent stopped, or the caller was
    /// cancelled), otherwise when the last comes or the caller is cancelled.
    private func answers(to batch: UInt64) async -> [Result<StationVSIState?, StationLifecycleError>] {
        if core.stopped {
            endBatch(batch, unanswered: .failed(.portDown))
        } else if Task.isCancelled {
            endBatch(batch, unanswered: .cancelled)
        }
        guard let waiter = batchWaiting[batch] else {
            return []
        }
        guard waiter.remaining > 0 else {
            batchWaiting[batch] = nil
            return waiter.results(unanswered: .cancelled)
        }
        let inbox = core.inbox
        return await withTaskCancellationHandler {
            await withCheckedContinuation { batchContinuations[batch] = $0 }
        } onCancel: {
            inbox.cancel(.batch(batch))
        }
    }

    /// Records an answer of a batch (in place: the batch's answers are not copied); resumes its caller when it
    /// was the last.
    private func fillBatch(
        _ batch: UInt64,
        _ index: Int,
        with answer: Result<StationVSIState?, StationLifecycleError>
    ) {
        batchWaiting[batch]?.fill(index, with: answer)
        guard batchWaiting[batch]?.remaining == 0 else {
            return
        }
        resumeBatch(batch)
    }

    /// Ends a batch before all its answers came: the rest answer `unanswered`, and their completions are dropped.
    /// A caller not yet suspended finds the answers when it comes to wait.
    private func endBatch(_ batch: UInt64, unanswered: StationLifecycleError) {
        batchWaiting[batch]?.fillRest(with: unanswered)
        abandonSlots(of: batch)
        resumeBatch(batch)
    }

    /// Hands a complete batch to its caller, if the caller waits.
    private func resumeBatch(_ batch: UInt64) {
        guard let continuation = batchContinuations.removeValue(forKey: batch),
            let waiter = batchWaiting.removeValue(forKey: batch)
        else {
            return
        }
        continuation.resume(returning: waiter.results(unanswered: .cancelled))
    }

    /// Forgets the slots of a batch that ended, and drops the completions of its requests still running.
    private func abandonSlots(of batch: UInt64) {
        for (id, slot) in batchSlots where slot.batch == batch {
            batchSlots[id] = nil
            abandoned.insert(id)
        }
    }

    /// The answer to a request: at once if it has come, otherwise when it comes or the caller is cancelled.
    private func answer(to id: StationRequestID) async -> Result<StationVSIState?, StationLifecycleError> {
        if let early = finished.removeValue(forKey: id) {
            return early.mapError { .failed($0) }
        }
        guard !core.stopped else {
            return .failure(.failed(.portDown))
        }
        guard !Task.isCancelled else {
            abandoned.insert(id)
            return .failure(.cancelled)
        }
        let inbox = core.inbox
        return await withTaskCancellationHandler {
            await withCheckedContinuation { waiting[id] = $0 }
        } onCancel: {
            inbox.cancel(.request(id))
        }
    }
}
