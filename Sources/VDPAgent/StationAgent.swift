import VDPProtocol
import VDPWire

/// The station (hypervisor) side of VDP as an actor: the lifecycle of each VM's VSI as `async` calls, over a
/// ``FrameLink`` and an ``AgentClock``.
///
/// Call ``run()`` in a task of its own; it handles received frames until the link closes. Each lifecycle call
/// returns when the bridge has answered, with the state it confirmed, or throws ``StationLifecycleError``.
/// Everything the bridge does unasked arrives on ``events``.
///
/// With EVB (LLDP) running, losing the peer (TTL expiry, or a shutdown LLDPDU when the bridge restarts) ends
/// every VSI; when a bridge is heard again, the VSIs that were established are requested again, each reported
/// as ``StationAgentEvent/reassociated(_:_:)``.
public actor StationAgent {
    private var port: StationPort
    private var lldp: LLDPAgent?
    private let link: any FrameLink
    private let clock: any AgentClock
    private var waiting:
        [StationRequestID: CheckedContinuation<Result<StationVSIState?, StationRequestFailure>, Never>] = [:]
    private var finished: [StationRequestID: Result<StationVSIState?, StationRequestFailure>] = [:]
    private var timer = WakeUpTimer()
    /// Set by ``stop()``: no more timers, transmissions or frame handling.
    private var stopped = false
    /// What was established when the peer was lost, to request again when a bridge is heard.
    private var toRestore: [(VSIDescriptor, StationVSIState)] = []
    /// Output produced outside a dispatch (restoring VSIs), sent with the next one.
    private var pendingOutput: [StationOutput] = []
    /// Requests made to restore VSIs; their completions become ``StationAgentEvent/reassociated(_:_:)``.
    private var restoring: Set<StationRequestID> = []
    private let eventContinuation: AsyncStream<StationAgentEvent>.Continuation
    /// Unsolicited events: bridge-initiated changes, negotiation, loss of the peer.
    public nonisolated let events: AsyncStream<StationAgentEvent>

    /// Creates an agent. With `evb`, it runs LLDP with the EVB TLV and applies the negotiated values.
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
        self.port = StationPort(configuration: configuration)
        self.link = link
        self.clock = clock
        if let evb {
            self.lldp = LLDPAgent(
                configuration: LLDPAgentConfiguration(address: configuration.address, evb: evb),
                now: clock.now()
            )
        }
        (events, eventContinuation) = AsyncStream.makeStream()
    }

    /// Handles received frames until the link closes, then stops the timers and ends ``events``.
    public func run() async {
        await service()
        for await frame in link.frames {
            await receive(frame)
        }
        stop()
    }

    /// Stops the timers and ends ``events``; pending calls fail with ``StationRequestFailure/portDown``.
    public func stop() {
        stopped = true
        timer.cancel()
        var output: [StationOutput] = []
        port.portDown(into: &output)
        settle(output)
        eventContinuation.finish()
    }

    /// Announces that this end is going away: with EVB running, sends the shutdown LLDPDU (TTL 0), so the peer
    /// forgets it at once instead of after the TTL. Call before ``stop()`` when the process exits.
    public func shutdown() async {
        guard let agent = lldp else {
            return
        }
        try? await link.send(.lldp(agent.shutdownLLDPDU(), from: port.configuration.address))
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

    /// Issues many requests at once and waits for every answer: the requests leave together (batched into as
    /// few ECPDUs as fit), which is much cheaper than as many concurrent calls. Answers come back in the order of
    /// `requests`; a De-Associate answers `nil` on success.
    public func request(
        _ requests: [(type: VSITLVType, vsi: VSIDescriptor, hints: VSIHints)]
    ) async -> [Result<StationVSIState?, StationLifecycleError>] {
        var output: [StationOutput] = []
        var issued: [Result<StationRequestID, StationLifecycleError>] = []
        issued.reserveCapacity(requests.count)
        let now = clock.now()
        for request in requests {
            do {
                let id = try port.request(request.type, for: request.vsi, hints: request.hints, at: now, into: &output)
                issued.append(.success(id))
            } catch {
                issued.append(.failure(.refused(error)))
            }
        }
        await dispatch(output)
        schedule()
        var results: [Result<StationVSIState?, StationLifecycleError>] = []
        results.reserveCapacity(requests.count)
        for item in issued {
            switch item {
            case .failure(let error):
                results.append(.failure(error))
            case .success(let id):
                results.append(await answer(to: id).mapError { .failed($0) })
            }
        }
        return results
    }

    /// What the bridge has confirmed for a VSI.
    public func state(of vsiID: VSIID) -> StationVSIState? {
        port.state(of: vsiID)
    }

    /// The number of VSIs known.
    public var vsiCount: Int { port.vsiCount }

    /// Every VSI the bridge has confirmed, with what it confirmed.
    public var states: [VSIID: StationVSIState] {
        var states: [VSIID: StationVSIState] = [:]
        for vsiID in port.vsiIDs {
            states[vsiID] = port.state(of: vsiID)
        }
        return states
    }

    /// The port's counters.
    public var counters: StationPortCounters { port.counters }

    /// The EVB values in force (negotiated, or the configured ones before negotiation).
    public var parameters: EVBParameters { port.configuration.parameters }

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
        var output: [StationOutput] = []
        let id: StationRequestID
        do {
            id = try port.request(type, for: vsi, hints: hints, at: clock.now(), into: &output)
        } catch {
            throw .refused(error)
        }
        await dispatch(output)
        schedule()
        switch await answer(to: id) {
        case .success(let state): return state
        case .failure(let failure): throw .failed(failure)
        }
    }

    /// The answer to a request: at once if it has come, otherwise when it comes.
    private func answer(to id: StationRequestID) async -> Result<StationVSIState?, StationRequestFailure> {
        if let early = finished.removeValue(forKey: id) {
            return early
        }
        return await withCheckedContinuation { waiting[id] = $0 }
    }

    private func receive(_ frame: Frame) async {
        guard !stopped else {
            return
        }
        let now = clock.now()
        if case .lldp(let lldpdu) = frame.payload, var agent = lldp {
            var events: [LLDPAgentEvent] = []
            agent.receive(lldpdu, at: now, into: &events)
            lldp = agent
            apply(events)
        } else {
            var output: [StationOutput] = []
            port.receive(frame, at: now, into: &output)
            await dispatch(output)
        }
        await service()
    }

    private func apply(_ events: [LLDPAgentEvent]) {
        for event in events {
            switch event {
            case .peerNegotiated(let parameters):
                port.update(parameters: parameters)
                eventContinuation.yield(.negotiated(parameters))
                restore()
            case .peerChanged(let parameters):
                port.update(parameters: parameters)
                eventContinuation.yield(.negotiated(parameters))
            case .peerLost:
                toRestore += port.vsiIDs.compactMap { vsiID in
                    guard let descriptor = port.descriptor(of: vsiID), let state = port.state(of: vsiID) else {
                        return nil
                    }
                    return (descriptor, state)
                }
                var output: [StationOutput] = []
                port.portDown(into: &output)
                settle(output)
                eventContinuation.yield(.peerLost)
            }
        }
    }

    /// Requests again what was established before the peer was lost (the frames go out with the next dispatch).
    private func restore() {
        let now = clock.now()
        var output: [StationOutput] = []
        for (descriptor, state) in toRestore {
            do {
                let id = try port.request(state.type, for: descriptor, hints: state.hints, at: now, into: &output)
                restoring.insert(id)
            } catch {
                eventContinuation.yield(.reassociated(descriptor.vsiID, .failure(.refused(error))))
            }
        }
        toRestore.removeAll()
        pendingOutput += output
    }

    /// Runs due timers and LLDP transmissions, then sleeps until the next deadline.
    private func service() async {
        guard !stopped else {
            return
        }
        let now = clock.now()
        var output: [StationOutput] = pendingOutput
        pendingOutput.removeAll()
        port.advance(to: now, into: &output)
        if var agent = lldp {
            var events: [LLDPAgentEvent] = []
            output += agent.advance(to: now, from: port.configuration.address, events: &events).map { .send($0) }
            lldp = agent
            apply(events)
        }
        await dispatch(output)
        schedule()
    }

    private func schedule() {
        guard !stopped else {
            return
        }
        let next = [port.nextDeadline, lldp?.nextDeadline].compactMap { $0 }.min()
        timer.set(next, clock: clock) { [weak self] in
            await self?.timerFired()
        }
    }

    private func timerFired() async {
        timer.fired()
        await service()
    }

    private func dispatch(_ output: [StationOutput]) async {
        var frames: [Frame] = []
        for item in output {
            if case .send(let frame) = item {
                frames.append(frame)
            }
        }
        settle(output)
        for frame in frames {
            try? await link.send(frame)
        }
    }

    private func settle(_ output: [StationOutput]) {
        for item in output {
            switch item {
            case .send:
                continue
            case .completed(let id, let vsiID, let result):
                if restoring.remove(id) != nil {
                    let outcome: Result<StationVSIState, StationLifecycleError> =
                        switch result {
                        case .success(let state?): .success(state)
                        case .success(nil): .failure(.failed(.bridgeDeAssociated))
                        case .failure(let failure): .failure(.failed(failure))
                        }
                    eventContinuation.yield(.reassociated(vsiID, outcome))
                } else if let continuation = waiting.removeValue(forKey: id) {
                    continuation.resume(returning: result)
                } else {
                    finished[id] = result
                }
            case .event(let event):
                eventContinuation.yield(.vsi(event))
            }
        }
    }
}
