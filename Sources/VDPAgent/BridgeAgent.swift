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
public actor BridgeAgent: EVBAgent {
    /// How many events each subscriber of ``events()`` may fall behind before its oldest are dropped.
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

    /// Creates an agent with an asynchronous policy. With `evb`, it runs LLDP with the EVB TLV and applies the
    /// negotiated values. Without a first ECP sequence number, a random one is used.
    public init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration? = nil,
        policy: any BridgePolicy,
        link: any FrameLink,
        clock: any AgentClock = SystemAgentClock()
    ) {
        self.init(configuration: configuration, evb: evb, policy: .async(policy), link: link, clock: clock)
    }

    /// Creates an agent with a synchronous rule, the type the simulation takes too. Requests the rule leaves
    /// undecided wait for ``decide(_:_:)``.
    public init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration? = nil,
        rule: BridgeDecisionRule,
        link: any FrameLink,
        clock: any AgentClock = SystemAgentClock()
    ) {
        self.init(configuration: configuration, evb: evb, policy: .rule(rule), link: link, clock: clock)
    }

    private init(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration?,
        policy: Policy,
        link: any FrameLink,
        clock: any AgentClock
    ) {
        var configuration = configuration
        if configuration.firstSequenceNumber == nil {
            configuration.firstSequenceNumber = UInt16.random(in: 1...UInt16.max)
        }
        self.policy = policy
        core = AgentCore(
            port: BridgeEVBPort(configuration: configuration, evb: evb, now: clock.now()),
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

    /// Stops the loop, the timers and the policy's tasks, and ends every event stream.
    public func stop() {
        stopCore()
    }

    /// A new stream of the agent's events from now on, buffered for this subscriber alone (at most
    /// ``eventBufferLimit``; when the subscriber falls behind, its oldest events are dropped and counted in
    /// ``droppedEvents``). Already finished after ``stop()``.
    public func events() -> AsyncStream<BridgeAgentEvent> {
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
        for case .decisionRequired(let request) in output {
            switch policy {
            case .rule(let rule):
                if let decision = rule.decide(request) {
                    core.port.decide(request.id, decision, at: core.clock.now(), into: &more)
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
    }

    // MARK: Plumbing

    private func decided(_ id: BridgeDecisionID, _ decision: BridgeDecision) async {
        policyTasks.removeValue(forKey: id)
        undecided.removeValue(forKey: id)
        guard !core.stopped else {
            return
        }
        var output: [BridgeEVBOutput] = []
        core.port.decide(id, decision, at: core.clock.now(), into: &output)
        await dispatch(output)
        schedule()
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
