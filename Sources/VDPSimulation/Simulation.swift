import VDPProtocol
import VDPWire

/// Station and bridge EVB ports joined by simulated links, run in virtual time: the same ``StationEVBPort`` and
/// ``BridgeEVBPort`` the agents drive, so EVB negotiation, peer loss, restarts and link flaps behave here exactly as
/// on a real interface.
///
/// Every frame crosses its link as octets (encoded by the sender, decoded by the receiver), with the link's
/// latency, loss, duplication and reordering drawn from a seeded generator. ``step()`` jumps the clock to the
/// next delivery or deadline, so hours of protocol time take milliseconds and every run replays from its seed.
public struct Simulation: Sendable {
    /// One station EVB port and the bridge EVB port it is cabled to.
    public struct Link: Sendable {
        /// The station (hypervisor) end: VDP port and, with EVB, its LLDP agent.
        public internal(set) var stationEVB: StationEVBPort
        /// The bridge (NVE) end: VDP port and, with EVB, its LLDP agent.
        public internal(set) var bridgeEVB: BridgeEVBPort
        /// What the link does to frames.
        public var conditions: LinkConditions
        /// While true the station sends and receives nothing, as a hung hypervisor.
        public var stationSilent = false
        /// While false the link carries nothing, and both ends know it (``Simulation/setLinkUp(_:link:)``).
        public internal(set) var isUp = true
        /// Completed station commands not yet collected.
        public var completions: [StationRequestID: Result<StationVSIState?, StationRequestFailure>] = [:]
        /// Bridge decisions not answered by the policy, oldest first.
        public var pendingDecisions: [BridgeDecisionRequest] = []
        /// The configurations the ends were created with, for restarts.
        let configurations: (station: StationPortConfiguration, bridge: BridgePortConfiguration)
        let evb: (station: EVBConfiguration, bridge: EVBConfiguration)?

        /// The station's VDP port.
        public var station: StationPort { stationEVB.port }
        /// The bridge's VDP port.
        public var bridge: BridgePort { bridgeEVB.port }
        /// The station's LLDP agent, when EVB negotiation runs on the link.
        public var stationLLDP: LLDPAgent? { stationEVB.lldp }
        /// The bridge's LLDP agent, when EVB negotiation runs on the link.
        public var bridgeLLDP: LLDPAgent? { bridgeEVB.lldp }
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
    /// The bridge policy, the type `BridgeAgent` takes too: decides each request at once, or returns `nil` to
    /// leave it pending for ``decide(link:_:_:)``.
    public var policy: BridgeDecisionRule
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
        policy: BridgeDecisionRule = .acceptAll
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
        links.append(
            Link(
                stationEVB: StationEVBPort(configuration: station, evb: evb?.station, now: now),
                bridgeEVB: BridgeEVBPort(configuration: bridge, evb: evb?.bridge, now: now),
                conditions: conditions,
                configurations: (station, bridge),
                evb: evb
            )
        )
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
        var output: [StationEVBOutput] = []
        let id = try links[index].stationEVB.request(type, for: descriptor, hints: hints, at: now, into: &output)
        handle(output, link: index)
        return id
    }

    /// Answers a pending bridge decision on `link`.
    public mutating func decide(link index: Int, _ id: BridgeDecisionID, _ decision: BridgeDecision) {
        links[index].pendingDecisions.removeAll { $0.id == id }
        var output: [BridgeEVBOutput] = []
        links[index].bridgeEVB.decide(id, decision, at: now, into: &output)
        handle(output, link: index)
    }

    /// The bridge on `link` ends a VSI on its own.
    @discardableResult
    public mutating func bridgeDeAssociate(link index: Int, _ vsiID: VSIID) -> Bool {
        var output: [BridgeEVBOutput] = []
        let existed = links[index].bridgeEVB.deAssociate(vsiID, at: now, into: &output)
        handle(output, link: index)
        return existed
    }

    /// The bridge on `link` changes the VIDs/PCPs granted to a VSI.
    @discardableResult
    public mutating func bridgeChangeFilterInfo(link index: Int, _ vsiID: VSIID, to filterInfo: FilterInfo) -> Bool {
        var output: [BridgeEVBOutput] = []
        let changed = links[index].bridgeEVB.changeFilterInfo(of: vsiID, to: filterInfo, into: &output)
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

    /// Takes `link` down or brings it back up: both ends are told (``StationEVBPort/linkDown(at:into:)``,
    /// ``BridgeEVBPort/linkDown(at:into:)`` and their `linkUp`), and while it is down the link carries nothing
    /// (frames already on the wire are lost).
    public mutating func setLinkUp(_ up: Bool, link index: Int) {
        guard links[index].isUp != up else {
            return
        }
        links[index].isUp = up
        var stationOutput: [StationEVBOutput] = []
        var bridgeOutput: [BridgeEVBOutput] = []
        if up {
            links[index].stationEVB.linkUp(at: now, into: &stationOutput)
            links[index].bridgeEVB.linkUp(at: now, into: &bridgeOutput)
        } else {
            deliveries.removeAll { $0.link == index }
            links[index].stationEVB.linkDown(at: now, into: &stationOutput)
            links[index].bridgeEVB.linkDown(at: now, into: &bridgeOutput)
        }
        handle(stationOutput, link: index)
        handle(bridgeOutput, link: index)
    }

    /// Restarts the station on `link`: with `shutdown`, it first sends its shutdown LLDPDU (a clean exit; without,
    /// a crash); then a fresh station port with the original configuration takes its place, knowing no VSI.
    /// Commands not yet completed are forgotten.
    public mutating func restartStation(link index: Int, shutdown: Bool) {
        if shutdown, let frame = links[index].stationEVB.shutdownFrame() {
            transmit(frame, link: index, direction: .stationToBridge)
        }
        let link = links[index]
        links[index].stationEVB = StationEVBPort(
            configuration: link.configurations.station,
            evb: link.evb?.station,
            now: now
        )
        links[index].completions.removeAll()
    }

    /// Restarts the bridge on `link`: with `shutdown`, it first sends its shutdown LLDPDU; then a fresh bridge port
    /// with the original configuration takes its place, with an empty VSI table.
    public mutating func restartBridge(link index: Int, shutdown: Bool) {
        if shutdown, let frame = links[index].bridgeEVB.shutdownFrame() {
            transmit(frame, link: index, direction: .bridgeToStation)
        }
        let link = links[index]
        links[index].bridgeEVB = BridgeEVBPort(
            configuration: link.configurations.bridge,
            evb: link.evb?.bridge,
            now: now
        )
        links[index].pendingDecisions.removeAll()
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
            if !link.stationSilent, let deadline = link.stationEVB.nextDeadline {
                times.append(deadline)
            }
            if let deadline = link.bridgeEVB.nextDeadline {
                times.append(deadline)
            }
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

    /// Runs while `condition` holds, checking it before every step, and stops at the first step after which it no
    /// longer holds, or when the next event would be after `deadline` (or nothing is scheduled). Returns whether it
    /// stopped because `condition` no longer held. The clock is left at the last event run, not at `deadline`.
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
            var stationOutput: [StationEVBOutput] = []
            links[index].stationEVB.advance(to: now, into: &stationOutput)
            handle(stationOutput, link: index)
        }
        var bridgeOutput: [BridgeEVBOutput] = []
        links[index].bridgeEVB.advance(to: now, into: &bridgeOutput)
        handle(bridgeOutput, link: index)
    }

    private mutating func handle(_ output: [StationEVBOutput], link index: Int) {
        for item in output {
            switch item {
            case .send(let frame):
                transmit(frame, link: index, direction: .stationToBridge)
            case .completed(let id, let vsiID, let result):
                links[index].completions[id] = result
                record(.completed(link: index, at: now, id, vsiID, result))
            case .event(.vsi(let event)):
                record(.stationEvent(link: index, at: now, event))
            case .event(.negotiated(let parameters)):
                record(.negotiated(link: index, at: now, parameters))
            case .event(let event):
                record(.stationEVBEvent(link: index, at: now, event))
            }
        }
    }

    private mutating func handle(_ output: [BridgeEVBOutput], link index: Int) {
        var decided: [(BridgeDecisionID, BridgeDecision)] = []
        for item in output {
            switch item {
            case .send(let frame):
                transmit(frame, link: index, direction: .bridgeToStation)
            case .decisionRequired(let request):
                record(.decisionRequired(link: index, at: now, request))
                if let decision = policy.decide(request) {
                    decided.append((request.id, decision))
                } else {
                    links[index].pendingDecisions.append(request)
                }
            case .event(.vsi(let event)):
                record(.bridgeEvent(link: index, at: now, event))
            case .event(let event):
                record(.bridgeEVBEvent(link: index, at: now, event))
            }
        }
        for (id, decision) in decided {
            var next: [BridgeEVBOutput] = []
            links[index].bridgeEVB.decide(id, decision, at: now, into: &next)
            handle(next, link: index)
        }
    }

    private mutating func transmit(_ frame: Frame, link index: Int, direction: LinkDirection) {
        let conditions = links[index].conditions
        if links[index].stationSilent || !links[index].isUp {
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
            frame = try Frame(
                decoding: delivery.bytes,
                options: FrameDecodingOptions(
                    salvagesMalformedVDP: FrameDecodingOptions.receiving.salvagesMalformedVDP,
                    maximumPayloadLength: links[index].conditions.maximumPayloadLength
                )
            )
        } catch {
            undecodableFrames += 1
            return
        }
        record(.arrived(link: index, at: now, direction: delivery.direction, frame: frame))
        switch delivery.direction {
        case .stationToBridge:
            var output: [BridgeEVBOutput] = []
            links[index].bridgeEVB.receive(frame, at: now, into: &output)
            handle(output, link: index)
        case .bridgeToStation:
            var output: [StationEVBOutput] = []
            links[index].stationEVB.receive(frame, at: now, into: &output)
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
