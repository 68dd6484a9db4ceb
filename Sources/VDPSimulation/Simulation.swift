import VDPProtocol
import VDPWire

/// Station ports and bridge ports joined by simulated links, run in virtual time.
///
/// Every frame crosses its link as octets (encoded by the sender, decoded by the receiver), with the link's
/// latency, loss, duplication and reordering drawn from a seeded generator. ``step()`` jumps the clock to the
/// next delivery or deadline, so hours of protocol time take milliseconds and every run replays from its seed.
public struct Simulation: Sendable {
    /// One station port and the bridge port it is cabled to.
    public struct Link: Sendable {
        /// The station (hypervisor) end.
        public var station: StationPort
        /// The bridge (NVE) end.
        public var bridge: BridgePort
        /// What the link does to frames.
        public var conditions: LinkConditions
        /// The station's LLDP agent, when EVB negotiation runs on the link.
        public var stationLLDP: LLDPAgent?
        /// The bridge's LLDP agent, when EVB negotiation runs on the link.
        public var bridgeLLDP: LLDPAgent?
        /// While true the station sends and receives nothing, as a hung hypervisor.
        public var stationSilent = false
        /// Completed station commands not yet collected.
        public var completions: [StationRequestID: Result<StationVSIState?, StationRequestFailure>] = [:]
        /// Bridge decisions not answered by the policy, oldest first.
        public var pendingDecisions: [BridgeDecisionRequest] = []
    }

    private struct Delivery: Sendable {
        var at: Instant
        var order: UInt64
        var link: Int
        var direction: LinkDirection
        var bytes: [UInt8]
    }

    /// The virtual time.
    public private(set) var now: Instant
    /// The links.
    public private(set) var links: [Link] = []
    /// The bridge policy: decides each request at once, or returns `nil` to leave it pending for ``decide(link:_:_:)``.
    public var policy: @Sendable (Int, BridgeDecisionRequest) -> BridgeDecision?
    /// Whether ``records`` is kept.
    public var recording: Bool
    /// The log, when ``recording`` is on; ``takeRecords()`` empties it.
    public private(set) var records: [SimulationRecord] = []
    /// Frames that failed to decode at a receiver (none, unless the codec and the encoder disagree).
    public private(set) var undecodableFrames = 0
    private var deliveries: [Delivery] = []
    private var nextOrder: UInt64 = 0
    private var random: SimulationRandom

    /// Creates an empty simulation starting at `start`.
    public init(
        seed: UInt64,
        start: Instant = .zero,
        recording: Bool = false,
        policy: @escaping @Sendable (Int, BridgeDecisionRequest) -> BridgeDecision? = { _, _ in .accept }
    ) {
        self.now = start
        self.random = SimulationRandom(seed: seed)
        self.recording = recording
        self.policy = policy
    }

    /// Adds a link between a new station port and a new bridge port; returns its index.
    ///
    /// With `evb` configurations, both ends run LLDP with the EVB TLV and apply the negotiated values;
    /// without, both run with the ports' configured parameters.
    @discardableResult
    public mutating func addLink(
        station: StationPortConfiguration,
        bridge: BridgePortConfiguration,
        conditions: LinkConditions = .perfect,
        evb: (station: EVBConfiguration, bridge: EVBConfiguration)? = nil
    ) -> Int {
        var link = Link(
            station: StationPort(configuration: station),
            bridge: BridgePort(configuration: bridge),
            conditions: conditions
        )
        if let evb {
            link.stationLLDP = LLDPAgent(
                configuration: LLDPAgentConfiguration(address: station.address, evb: evb.station),
                now: now
            )
            link.bridgeLLDP = LLDPAgent(
                configuration: LLDPAgentConfiguration(address: bridge.address, evb: evb.bridge),
                now: now
            )
        }
        links.append(link)
        return links.count - 1
    }

    // MARK: Commands

    /// Issues a station command on `link`.
    public mutating func request(
        _ type: VSITLVType,
        _ descriptor: VSIDescriptor,
        hints: VSIHints = .none,
        link index: Int
    ) throws(StationCommandError) -> StationRequestID {
        var output: [StationOutput] = []
        let id = try links[index].station.request(type, for: descriptor, hints: hints, at: now, into: &output)
        handle(output, link: index)
        return id
    }

    /// Answers a pending bridge decision on `link`.
    public mutating func decide(link index: Int, _ id: BridgeDecisionID, _ decision: BridgeDecision) {
        links[index].pendingDecisions.removeAll { $0.id == id }
        var output: [BridgeOutput] = []
        links[index].bridge.decide(id, decision, at: now, into: &output)
        handle(output, link: index)
    }

    /// The bridge on `link` ends a VSI on its own.
    @discardableResult
    public mutating func bridgeDeAssociate(link index: Int, _ vsiID: VSIID) -> Bool {
        var output: [BridgeOutput] = []
        let existed = links[index].bridge.deAssociate(vsiID, at: now, into: &output)
        handle(output, link: index)
        return existed
    }

    /// The bridge on `link` changes the VIDs/PCPs granted to a VSI.
    @discardableResult
    public mutating func bridgeChangeFilterInfo(link index: Int, _ vsiID: VSIID, to filterInfo: FilterInfo) -> Bool {
        var output: [BridgeOutput] = []
        let changed = links[index].bridge.changeFilterInfo(of: vsiID, to: filterInfo, into: &output)
        handle(output, link: index)
        return changed
    }

    /// Changes what `link` does to frames sent from now on.
    public mutating func setConditions(_ conditions: LinkConditions, link index: Int) {
        links[index].conditions = conditions
    }

    /// Silences or revives the station on `link`.
    public mutating func setStationSilent(_ silent: Bool, link index: Int) {
        links[index].stationSilent = silent
    }

    /// Removes and returns a finished command's result.
    public mutating func takeCompletion(_ id: StationRequestID, link index: Int)
        -> Result<StationVSIState?, StationRequestFailure>?
    {
        links[index].completions.removeValue(forKey: id)
    }

    /// Returns the log and empties it.
    public mutating func takeRecords() -> [SimulationRecord] {
        defer { records.removeAll() }
        return records
    }

    // MARK: Running

    /// The time of the next delivery or deadline, if any.
    public var nextEventTime: Instant? {
        var times: [Instant] = deliveries.map(\.at)
        for link in links {
            if !link.stationSilent {
                times += [link.station.nextDeadline, link.stationLLDP?.nextDeadline].compactMap { $0 }
            }
            times += [link.bridge.nextDeadline, link.bridgeLLDP?.nextDeadline].compactMap { $0 }
        }
        return times.min()
    }

    /// Jumps to the next delivery or deadline and handles everything due then. Returns `false` when nothing is
    /// scheduled at all.
    @discardableResult
    public mutating func step() -> Bool {
        guard let next = nextEventTime else {
            return false
        }
        now = max(now, next)
        deliverDue()
        for index in links.indices {
            advance(link: index)
        }
        return true
    }

    /// Runs until `deadline`, then sets the clock to it.
    public mutating func run(until deadline: Instant) {
        while let next = nextEventTime, next <= deadline {
            step()
        }
        now = max(now, deadline)
        for index in links.indices {
            advance(link: index)
        }
    }

    /// Runs for `duration` of virtual time.
    public mutating func run(for duration: Duration) {
        run(until: now + duration)
    }

    /// Runs until `condition` holds or `deadline` passes; returns whether the condition held.
    public mutating func run(until deadline: Instant, while condition: (Simulation) -> Bool) -> Bool {
        while condition(self) {
            guard let next = nextEventTime, next <= deadline else {
                return false
            }
            step()
        }
        return true
    }

    // MARK: Plumbing

    private mutating func advance(link index: Int) {
        if !links[index].stationSilent {
            var stationOutput: [StationOutput] = []
            links[index].station.advance(to: now, into: &stationOutput)
            handle(stationOutput, link: index)
        }
        var bridgeOutput: [BridgeOutput] = []
        links[index].bridge.advance(to: now, into: &bridgeOutput)
        handle(bridgeOutput, link: index)
        advanceLLDP(link: index)
    }

    private mutating func advanceLLDP(link index: Int) {
        if !links[index].stationSilent, var agent = links[index].stationLLDP {
            var frames: [LLDPDU] = []
            var events: [LLDPAgentEvent] = []
            agent.advance(to: now, into: &frames, events: &events)
            links[index].stationLLDP = agent
            for lldpdu in frames {
                transmit(.lldp(lldpdu, from: agent.configuration.address), link: index, direction: .stationToBridge)
            }
            apply(events, link: index, toStation: true)
        }
        if var agent = links[index].bridgeLLDP {
            var frames: [LLDPDU] = []
            var events: [LLDPAgentEvent] = []
            agent.advance(to: now, into: &frames, events: &events)
            links[index].bridgeLLDP = agent
            for lldpdu in frames {
                transmit(.lldp(lldpdu, from: agent.configuration.address), link: index, direction: .bridgeToStation)
            }
            apply(events, link: index, toStation: false)
        }
    }

    private mutating func apply(_ events: [LLDPAgentEvent], link index: Int, toStation: Bool) {
        for event in events {
            switch event {
            case .peerNegotiated(let parameters), .peerChanged(let parameters):
                if toStation {
                    links[index].station.update(parameters: parameters)
                    record(.negotiated(link: index, at: now, parameters))
                } else {
                    links[index].bridge.update(parameters: parameters)
                }
            case .peerLost:
                break
            }
        }
    }

    private mutating func handle(_ output: [StationOutput], link index: Int) {
        for item in output {
            switch item {
            case .send(let frame):
                transmit(frame, link: index, direction: .stationToBridge)
            case .completed(let id, let vsiID, let result):
                links[index].completions[id] = result
                record(.completed(link: index, at: now, id, vsiID, result))
            case .event(let event):
                record(.stationEvent(link: index, at: now, event))
            }
        }
    }

    private mutating func handle(_ output: [BridgeOutput], link index: Int) {
        var decided: [(BridgeDecisionID, BridgeDecision)] = []
        for item in output {
            switch item {
            case .send(let frame):
                transmit(frame, link: index, direction: .bridgeToStation)
            case .decisionRequired(let request):
                record(.decisionRequired(link: index, at: now, request))
                if let decision = policy(index, request) {
                    decided.append((request.id, decision))
                } else {
                    links[index].pendingDecisions.append(request)
                }
            case .event(let event):
                record(.bridgeEvent(link: index, at: now, event))
            }
        }
        for (id, decision) in decided {
            var next: [BridgeOutput] = []
            links[index].bridge.decide(id, decision, at: now, into: &next)
            handle(next, link: index)
        }
    }

    private mutating func transmit(_ frame: Frame, link index: Int, direction: LinkDirection) {
        let conditions = links[index].conditions
        if links[index].stationSilent {
            record(.frame(link: index, at: now, direction: direction, frame: frame, fate: .silenced))
            return
        }
        let bytes = frame.encoded()
        if Double.random(in: 0..<1, using: &random) < conditions.lossProbability {
            record(.frame(link: index, at: now, direction: direction, frame: frame, fate: .lost))
            return
        }
        var fate = FrameFate.delivered
        var at = now + conditions.latency
        if Double.random(in: 0..<1, using: &random) < conditions.reorderProbability {
            let extra = Int64.random(in: 0...max(0, conditions.reorderDelay.nanosecondsValue), using: &random)
            at = at + .nanoseconds(extra)
            fate = .reordered
        }
        enqueue(Delivery(at: at, order: 0, link: index, direction: direction, bytes: bytes))
        if Double.random(in: 0..<1, using: &random) < conditions.duplicationProbability {
            enqueue(Delivery(at: at + conditions.latency, order: 0, link: index, direction: direction, bytes: bytes))
            fate = .duplicated
        }
        record(.frame(link: index, at: now, direction: direction, frame: frame, fate: fate))
    }

    private mutating func enqueue(_ delivery: Delivery) {
        var delivery = delivery
        delivery.order = nextOrder
        nextOrder += 1
        deliveries.append(delivery)
    }

    private mutating func deliverDue() {
        while true {
            let due = deliveries.indices.filter { deliveries[$0].at <= now }
            guard
                let first = due.min(by: {
                    (deliveries[$0].at, deliveries[$0].order) < (deliveries[$1].at, deliveries[$1].order)
                })
            else {
                return
            }
            let delivery = deliveries.remove(at: first)
            deliver(delivery)
        }
    }

    private mutating func deliver(_ delivery: Delivery) {
        let index = delivery.link
        guard delivery.direction == .stationToBridge || !links[index].stationSilent else {
            return
        }
        let frame: Frame
        do {
            frame = try Frame(decoding: delivery.bytes, options: .receiving)
        } catch {
            undecodableFrames += 1
            return
        }
        record(.arrived(link: index, at: now, direction: delivery.direction, frame: frame))
        switch delivery.direction {
        case .stationToBridge:
            if case .lldp(let lldpdu) = frame.payload, var agent = links[index].bridgeLLDP {
                var events: [LLDPAgentEvent] = []
                agent.receive(lldpdu, at: now, into: &events)
                links[index].bridgeLLDP = agent
                apply(events, link: index, toStation: false)
                return
            }
            var output: [BridgeOutput] = []
            links[index].bridge.receive(frame, at: now, into: &output)
            handle(output, link: index)
        case .bridgeToStation:
            if case .lldp(let lldpdu) = frame.payload, var agent = links[index].stationLLDP {
                var events: [LLDPAgentEvent] = []
                agent.receive(lldpdu, at: now, into: &events)
                links[index].stationLLDP = agent
                apply(events, link: index, toStation: true)
                return
            }
            var output: [StationOutput] = []
            links[index].station.receive(frame, at: now, into: &output)
            handle(output, link: index)
        }
    }

    private mutating func record(_ record: SimulationRecord) {
        if recording {
            records.append(record)
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? .min : .max) : scaled &+ attoseconds / 1_000_000_000
    }
}
