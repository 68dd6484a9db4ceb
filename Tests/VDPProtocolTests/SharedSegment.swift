import VDPWire

@testable import VDPProtocol

/// One bridge port and several stations on a shared segment, in virtual time, for the attack tests.
///
/// Legitimate stations are real ``StationPort``s; an attacker is any other MAC address, whose frames a test
/// injects as it likes. Every frame takes ``latency`` and none is lost: a station's frames reach the bridge, the
/// bridge's reach the station they are addressed to (every station for a group address), and those addressed to
/// a MAC without a station port are kept in ``toOthers`` (acknowledged at once when that MAC is in ``acking``).
/// Each step delivers what has arrived before it runs the timers due, as a driver should.
struct SharedSegment {
    struct Completion {
        var at: Instant
        var result: Result<StationVSIState?, StationRequestFailure>
    }

    private struct Delivery {
        var at: Instant
        var toBridge: Bool
        var frame: Frame
    }

    var bridge: BridgePort
    var stations: [MACAddress: StationPort] = [:]
    var now = Instant.zero
    var latency: Duration = .microseconds(50)
    /// Answers decisions at once; `nil` leaves them pending.
    var policy: @Sendable (BridgeDecisionRequest) -> BridgeDecision? = { _ in .accept }
    var completions: [StationRequestID: Completion] = [:]
    var bridgeEvents: [BridgeEvent] = []
    /// Every decision the bridge asked for.
    var decisionRequests: [BridgeDecisionRequest] = []
    /// Those the policy left pending.
    var pendingDecisions: [BridgeDecisionRequest] = []
    /// Bridge frames addressed to MACs without a station port.
    var toOthers: [Frame] = []
    /// MACs without a station port whose ECP requests are acknowledged at once.
    var acking: Set<MACAddress> = []
    /// For each `advance` of the bridge, how many VSIs aged out in it.
    var agedOutPerAdvance: [Int] = []
    private var inFlight: [Delivery] = []

    init(bridge: BridgePortConfiguration, stations: [MACAddress] = []) {
        self.bridge = BridgePort(configuration: bridge)
        for address in stations {
            self.stations[address] = StationPort(
                configuration: StationPortConfiguration(address: address, parameters: bridge.parameters)
            )
        }
    }

    // MARK: Driving

    /// Asks station `address` to make a request.
    mutating func request(_ type: VSITLVType, _ vsi: VSIDescriptor, at address: MACAddress) throws
        -> StationRequestID
    {
        var output: [StationOutput] = []
        guard var station = stations[address] else {
            throw StationCommandError.unknownVSI
        }
        let id = try station.request(type, for: vsi, at: now, into: &output)
        stations[address] = station
        handle(output)
        return id
    }

    /// An attacker's (or any raw) frame, received by the bridge now.
    mutating func inject(_ frame: Frame) {
        var output: [BridgeOutput] = []
        bridge.receive(frame, at: now, into: &output)
        handle(output)
    }

    /// A policy's late answer.
    mutating func decide(_ id: BridgeDecisionID, _ decision: BridgeDecision) {
        var output: [BridgeOutput] = []
        bridge.decide(id, decision, at: now, into: &output)
        handle(output)
    }

    /// Runs until `deadline`, then sets the clock to it.
    mutating func run(until deadline: Instant) {
        while let next = nextEventTime, next <= deadline {
            now = max(now, next)
            step()
        }
        now = max(now, deadline)
    }

    /// Runs for `duration`.
    mutating func run(for duration: Duration) {
        run(until: now + duration)
    }

    /// Runs until `condition` holds or `deadline` passes; returns whether it held.
    mutating func run(until deadline: Instant, until condition: (SharedSegment) -> Bool) -> Bool {
        while !condition(self) {
            guard let next = nextEventTime, next <= deadline else {
                return false
            }
            now = max(now, next)
            step()
        }
        return true
    }

    var nextEventTime: Instant? {
        var times = [inFlight.first?.at, bridge.nextDeadline].compactMap { $0 }
        times += stations.values.compactMap(\.nextDeadline)
        return times.min()
    }

    /// Delivers every frame that has arrived, then runs the timers due: one slice of the bridge's.
    mutating func step() {
        while let first = inFlight.first, first.at <= now {
            inFlight.removeFirst()
            guard !first.toBridge else {
                inject(first.frame)
                continue
            }
            let destination = first.frame.header.destination
            let targets = destination.isMulticast ? stations.keys.sorted { $0.rawValue < $1.rawValue } : [destination]
            for address in targets {
                guard var station = stations[address] else {
                    continue
                }
                var output: [StationOutput] = []
                station.receive(first.frame, at: now, into: &output)
                stations[address] = station
                handle(output)
            }
        }
        var output: [BridgeOutput] = []
        bridge.advance(to: now, into: &output)
        agedOutPerAdvance.append(
            output.filter {
                if case .event(.vsiRemoved(_, .agedOut)) = $0 { true } else { false }
            }.count
        )
        handle(output)
        for address in stations.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard var station = stations[address] else {
                continue
            }
            var stationOutput: [StationOutput] = []
            station.advance(to: now, into: &stationOutput)
            stations[address] = station
            handle(stationOutput)
        }
    }

    // MARK: Observing

    /// The VSI TLVs the bridge sent to `address` (a MAC without a station port), in order.
    func responses(to address: MACAddress) -> [VSITLV] {
        toOthers.flatMap { frame -> [VSITLV] in
            guard frame.header.destination == address, case .ecp(let ecpdu) = frame.payload,
                case .vdp(let ulpdu) = ecpdu.payload
            else {
                return []
            }
            return ulpdu.vsiTLVs
        }
    }

    /// The ECP acknowledgements the bridge sent to `address`, by sequence number.
    func acknowledgements(to address: MACAddress) -> [UInt16] {
        toOthers.compactMap { frame in
            guard frame.header.destination == address, case .ecp(let ecpdu) = frame.payload,
                ecpdu.operation == .acknowledgement
            else {
                return nil
            }
            return ecpdu.sequenceNumber
        }
    }

    // MARK: Plumbing

    private mutating func handle(_ output: [BridgeOutput]) {
        for item in output {
            switch item {
            case .send(let frame):
                let destination = frame.header.destination
                if destination.isMulticast || stations[destination] != nil {
                    inFlight.append(Delivery(at: now + latency, toBridge: false, frame: frame))
                } else {
                    toOthers.append(frame)
                    if acking.contains(destination), case .ecp(let ecpdu) = frame.payload,
                        ecpdu.operation == .request
                    {
                        inject(.ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: destination))
                    }
                }
            case .decisionRequired(let request):
                decisionRequests.append(request)
                if let decision = policy(request) {
                    decide(request.id, decision)
                } else {
                    pendingDecisions.append(request)
                }
            case .event(let event):
                bridgeEvents.append(event)
            }
        }
    }

    private mutating func handle(_ output: [StationOutput]) {
        for item in output {
            switch item {
            case .send(let frame):
                inFlight.append(Delivery(at: now + latency, toBridge: true, frame: frame))
            case .completed(let id, _, let result):
                completions[id] = Completion(at: now, result: result)
            case .event:
                continue
            }
        }
    }
}
