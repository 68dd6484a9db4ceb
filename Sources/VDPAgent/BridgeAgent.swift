import VDPProtocol
import VDPWire

/// The bridge (NVE) side of VDP as an actor: a ``BridgePort`` driven over a ``FrameLink`` and an
/// ``AgentClock``, asking a ``BridgePolicy`` to decide each request.
///
/// Call ``run()`` in a task of its own. The VSI table can be read at any time; its changes arrive on
/// ``events``. ``deAssociate(_:)`` and ``changeFilterInfo(of:to:)`` are the NVE's own changes.
public actor BridgeAgent {
    private var port: BridgePort
    private var lldp: LLDPAgent?
    private let link: any FrameLink
    private let clock: any AgentClock
    private let policy: any BridgePolicy
    private var timer = WakeUpTimer()
    /// Set by ``stop()``: no more timers, transmissions or frame handling.
    private var stopped = false
    private let eventContinuation: AsyncStream<BridgeAgentEvent>.Continuation
    /// Changes of the VSI table, negotiation, loss of the peer.
    public nonisolated let events: AsyncStream<BridgeAgentEvent>

    /// Creates an agent. With `evb`, it runs LLDP with the EVB TLV and applies the negotiated values.
    public init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration? = nil,
        policy: any BridgePolicy,
        link: any FrameLink,
        clock: any AgentClock = SystemAgentClock()
    ) {
        var configuration = configuration
        if configuration.firstSequenceNumber == nil {
            configuration.firstSequenceNumber = UInt16.random(in: 1...UInt16.max)
        }
        self.port = BridgePort(configuration: configuration)
        self.policy = policy
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

    /// Stops the timers and ends ``events``.
    public func stop() {
        stopped = true
        timer.cancel()
        eventContinuation.finish()
    }

    /// The VSI table.
    public var records: [BridgeVSIRecord] { port.records }

    /// The port's counters.
    public var counters: BridgePortCounters { port.counters }

    /// The EVB values in force (negotiated, or the configured ones before negotiation).
    public var parameters: EVBParameters { port.configuration.parameters }

    /// One row of the VSI table.
    public func record(of vsiID: VSIID) -> BridgeVSIRecord? {
        port.record(of: vsiID)
    }

    /// Ends a VSI on the NVE's side: an unsolicited De-Associate goes to the station. Returns whether it existed.
    @discardableResult
    public func deAssociate(_ vsiID: VSIID) async -> Bool {
        var output: [BridgeOutput] = []
        let existed = port.deAssociate(vsiID, at: clock.now(), into: &output)
        await dispatch(output)
        schedule()
        return existed
    }

    /// Changes a VSI's granted VIDs/PCPs; the station learns them from the response to its next keep-alive.
    @discardableResult
    public func changeFilterInfo(of vsiID: VSIID, to filterInfo: FilterInfo) async -> Bool {
        var output: [BridgeOutput] = []
        let changed = port.changeFilterInfo(of: vsiID, to: filterInfo, into: &output)
        await dispatch(output)
        schedule()
        return changed
    }

    /// Announces that this end is going away: with EVB running, sends the shutdown LLDPDU (TTL 0), so the peer
    /// forgets it at once instead of after the TTL. Call before ``stop()`` when the process exits.
    public func shutdown() async {
        guard let agent = lldp else {
            return
        }
        try? await link.send(.lldp(agent.shutdownLLDPDU(), from: port.configuration.address))
    }

    // MARK: Plumbing

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
            var output: [BridgeOutput] = []
            port.receive(frame, at: now, into: &output)
            await dispatch(output)
        }
        await service()
    }

    private func apply(_ events: [LLDPAgentEvent]) {
        for event in events {
            switch event {
            case .peerNegotiated(let parameters), .peerChanged(let parameters):
                port.update(parameters: parameters)
                eventContinuation.yield(.negotiated(parameters))
            case .peerLost:
                port.peerLost()
                eventContinuation.yield(.peerLost)
            }
        }
    }

    private func decided(_ id: BridgeDecisionID, _ decision: BridgeDecision) async {
        var output: [BridgeOutput] = []
        port.decide(id, decision, at: clock.now(), into: &output)
        await dispatch(output)
        schedule()
    }

    private func service() async {
        guard !stopped else {
            return
        }
        let now = clock.now()
        var output: [BridgeOutput] = []
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

    private func dispatch(_ output: [BridgeOutput]) async {
        report(output)
        for item in output {
            switch item {
            case .send(let frame):
                try? await link.send(frame)
            case .decisionRequired(let request):
                let policy = self.policy
                Task { [weak self] in
                    let decision = await policy.decide(request)
                    await self?.decided(request.id, decision)
                }
            case .event:
                continue
            }
        }
    }

    private func report(_ output: [BridgeOutput]) {
        for case .event(let event) in output {
            eventContinuation.yield(.vsi(event))
        }
    }
}
