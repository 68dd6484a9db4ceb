import VDPProtocol
import VDPWire

/// Drives one `BridgePort` through a sequence of events read from fuzz bytes, as a correct embedder would
/// (timers run at every deadline, decisions answered through `decide`), and checks the port's invariants after
/// every step. The `FuzzBridgePort` libFuzzer target and `PortFuzzRegressionTests` both run it.
///
/// Input: five header bytes (configuration and limits), then one event per opcode byte until the input ends or
/// ``maximumSteps`` have run; the choices each event needs follow its opcode. Past the end every choice reads
/// as 0. The events (opcode modulo 12):
///
/// | opcode | event |
/// |---|---|
/// | 0, 1, 2 | a VDP request ECPDU from one of four stations: one to three VSI TLVs (each a station's earlier TLV for that VSI again, or a new one), sometimes with one octet corrupted, decoded as a receiving port decodes |
/// | 3 | a station acknowledges one of the bridge's ECPDUs (the latest, an older one, or any number) |
/// | 4 | raw octets: an ECP header and fuzz octets as the ULPDU, or a whole frame of fuzz octets |
/// | 5, 6 | time passes (about an ackTimer, resourceWaitDelay, reinitKeepAlive, toutKeepAlive, or nothing) |
/// | 7, 8 | the policy answers a decision (the latest, or one up to 15 back, often long resolved): accept from the pool, with a fixed word or per entry (right or wrong count), or reject with or without keep and hard error |
/// | 9 | a local change: `deAssociate`, or `changeFilterInfo` with new VIDs or other filters |
/// | 10 | a station sends its last frame again (a retransmission, or the same sequence number re-used) |
/// | 11 | all peers are lost (`peerLost()`), one station is (`peerLost(station:)`), or the port goes down (`portDown`); frames after it are the port up again |
///
/// Invariants checked after every step:
/// - the port stays within its `BridgePortLimits`: VSIs per station (and `vsiCount(of:)` agrees) and in all,
///   stations, pending decisions per station and in all (and `pendingDecisionCount` agrees with the table),
///   queued responses, and no station creates more new VSIs at one instant than its burst (the port-wide bounds
///   are soft by design, within twice the bound: see `checkLimits`);
/// - the table and the VID pool agree: every non-null VID a VSI is granted is held by the pool for it (as its
///   GroupID's, its own or an explicit VID), and the pool holds no VID that no granted VSI uses;
/// - a granted VID outside the pool's range was named explicitly by a request, the policy or a local change;
/// - a frame from one station leaves every VSI of the other stations exactly as it was, and no VSI ever
///   changes station while it exists;
/// - after time passes, no decision is pending longer than resourceWaitDelay and no VSI lives longer than
///   toutKeepAlive without a keep-alive, and `nextDeadline` lies in the future once the port has been advanced
///   to the same instant as often as it asks (timer expiries come in slices);
/// - every frame the port sends comes from its address and re-decodes to itself;
/// - after `portDown`, and after the final drain (every timer left to expire once the input ends), the table is
///   empty and the pool holds nothing.
struct BridgePortScenario {
    /// The most events one input runs.
    static let maximumSteps = 400

    /// The port under test.
    private(set) var port: BridgePort
    /// What the scenario reached.
    private(set) var reach = ScenarioReach()

    private var input: FuzzInput
    private var now = Instant.zero
    private var step = 0
    /// The current event in words, formatted only when a violation is reported.
    private var event: () -> String = { "configuration" }
    private let vidRange: ClosedRange<UInt16>
    /// VIDs named explicitly by any request, policy answer or local change so far.
    private var explicitVIDs: Set<UInt16> = []
    private var nextSequence: [UInt16]
    private var lastFrames: [Frame?]
    /// Each station's latest TLV per VSIID, so a station can repeat itself (keep-alives, retries).
    private var lastTLVs: [BridgeVSIKey: VSITLV] = [:]
    /// Sequence numbers of the bridge's latest ECPDUs, newest last.
    private var bridgeSequences: [UInt16] = []
    /// The latest decision requests, newest last.
    private var decisions: [BridgeDecisionRequest] = []
    /// When each VSI's current timer (decision wait or keep-alive ageing) started.
    private var timerStarts: [VSIID: Instant] = [:]
    private var table: [VSIID: BridgeVSIRecord] = [:]
    /// New VSIs each station created since time last moved (`creationsSince`): at most a new-VSI burst.
    private var creations: [MACAddress: Int] = [:]
    private var creationsSince = Instant.zero
    /// VSIs whose filters a local `changeFilterInfo` changed while they were in the table.
    private var changedFilters: Set<VSIID> = []

    /// Reads the configuration from the first bytes of `bytes`.
    init(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let flags = input.byte()
        let exponents = input.byte()
        let limits = input.byte()
        let stationLimits = input.byte()
        let queueLimits = input.byte()
        let parameters = EVBParameters(
            maximumRetries: flags & 0x03,
            retransmissionExponent: 6 + (exponents & 0x03) * 2,
            resourceWaitDelayExponent: 10 + (exponents >> 2 & 0x03) * 2,
            reinitKeepAliveExponent: 12 + (exponents >> 4 & 0x03) * 2,
            groupIDsSupported: flags & 0x04 != 0
        )
        let lower = 100 + UInt16(limits & 0x03)
        let range = lower...(lower + UInt16(limits >> 2 & 0x07))
        let configuration = BridgePortConfiguration(
            address: FuzzVocabulary.bridge,
            batching: flags & 0x08 != 0 ? .disabled : .enabled,
            minimumSpacing: flags & 0x10 != 0 ? .microseconds(500) : .zero,
            parameters: parameters,
            vidRange: range,
            limits: Self.limits(limits, stationLimits, queueLimits),
            firstSequenceNumber: flags & 0x20 != 0 ? 0xFFFE : nil
        )
        self.port = BridgePort(configuration: configuration)
        self.vidRange = range
        self.nextSequence = Array(repeating: flags & 0x40 != 0 ? 0xFFFF : 1, count: FuzzVocabulary.stations.count)
        self.lastFrames = Array(repeating: nil, count: FuzzVocabulary.stations.count)
        self.input = input
    }

    /// The port's bounds from three header bytes: each bound small enough to be reached (1 to 15 VSIs, 1 to 4
    /// per station, 1 to 3 stations, 1 to 8 queued responses and pending decisions, new-VSI buckets of 1 to 4
    /// tokens, 1 to 4 timer expiries per advance) or, for one value of its bits, at its default.
    private static func limits(_ table: UInt8, _ stations: UInt8, _ queues: UInt8) -> BridgePortLimits {
        let defaults = BridgePortLimits.default
        func choose(_ byte: UInt8, _ shift: UInt8, _ small: [Int], _ fallback: Int) -> Int {
            let bits = Int(byte >> shift & 0x03)
            return bits < small.count ? small[bits] : fallback
        }
        let rate = Int(queues >> 4 & 0x03)
        return BridgePortLimits(
            maximumVSIs: 1 + Int(table >> 5) * 2,
            maximumVSIsPerStation: choose(stations, 0, [1, 2, 4], defaults.maximumVSIsPerStation),
            maximumStations: choose(stations, 2, [1, 2, 3], defaults.maximumStations),
            maximumQueuedResponses: choose(queues, 0, [1, 2, 8], defaults.maximumQueuedResponses),
            maximumQueuedResponsesPerStation: choose(queues, 2, [1, 2, 8], defaults.maximumQueuedResponsesPerStation),
            maximumPendingDecisions: choose(stations, 4, [1, 2, 8], defaults.maximumPendingDecisions),
            maximumPendingDecisionsPerStation: choose(
                stations,
                6,
                [1, 2, 4],
                defaults.maximumPendingDecisionsPerStation
            ),
            newVSIsPerSecondPerStation: [1, 100, 10, defaults.newVSIsPerSecondPerStation][rate],
            newVSIBurstPerStation: [1, 2, 4, defaults.newVSIBurstPerStation][rate],
            maximumTimerExpiriesPerAdvance: choose(queues, 6, [1, 2, 4], defaults.maximumTimerExpiriesPerAdvance)
        )
    }

    /// Runs every event, then lets every timer expire; throws at the first broken invariant.
    mutating func run() throws(ScenarioViolation) {
        try check(timersRan: false)
        while !input.isAtEnd, step < Self.maximumSteps {
            step += 1
            switch input.byte() % 12 {
            case 0, 1, 2: try stationRequest()
            case 3: try stationAcknowledgement()
            case 4: try rawFrame()
            case 5, 6: try timePasses()
            case 7, 8: try decide()
            case 9: try localChange()
            case 10: try repeatFrame()
            default: try peerOrPortDown()
            }
        }
        step += 1
        event = { "drain" }
        let timers = port.timers
        try advance(to: now + timers.resourceWaitDelay + timers.toutKeepAlive + .nanoseconds(1))
        guard port.vsiCount == 0, port.vidPool.allocatedCount == 0 else {
            throw violation(
                "not-empty-after-drain",
                "\(port.vsiCount) VSIs and \(port.vidPool.allocatedCount) pool VIDs left after every timer expired"
            )
        }
    }

    // MARK: Events

    private mutating func stationRequest() throws(ScenarioViolation) {
        let index = input.choice(FuzzVocabulary.stations.count)
        let station = FuzzVocabulary.stations[index]
        let managerID = input.pick(FuzzVocabulary.managerIDs)
        var tlvs: [VSITLV] = []
        for _ in 0...input.choice(3) {
            tlvs.append(vsiTLV(from: station))
        }
        event = { "request from \(station): \(tlvs.map { "\($0.type) \($0.vsiID)" }.joined(separator: ", "))" }
        let frame = Frame.ecp(
            .vdpRequest(sequenceNumber: sequenceNumber(for: index), VDPULPDU(managerID: managerID, vsis: tlvs)),
            from: station
        )
        lastFrames[index] = frame
        try deliver(encoded: frame.encoded())
    }

    private mutating func vsiTLV(from station: MACAddress) -> VSITLV {
        let vsiID = input.pick(FuzzVocabulary.vsiIDs)
        let key = BridgeVSIKey(station: station, vsiID: vsiID)
        let type = input.pick(FuzzVocabulary.requestTypes)
        if input.choice(3) < 2, var tlv = lastTLVs[key] {
            tlv.type = type
            lastTLVs[key] = tlv
            return tlv
        }
        let tlv = VSITLV(
            type: type,
            status: FuzzVocabulary.requestStatus(&input),
            typeID: input.pick(FuzzVocabulary.typeIDs),
            typeVersion: input.byte() & 0x01,
            vsiID: vsiID,
            filterInfo: FuzzVocabulary.filterInfo(&input, range: vidRange)
        )
        lastTLVs[key] = tlv
        return tlv
    }

    private mutating func sequenceNumber(for index: Int) -> UInt16 {
        switch input.choice(4) {
        case 2:
            return nextSequence[index] &- 1
        case 3:
            return input.uint16()
        default:
            defer { nextSequence[index] &+= 1 }
            return nextSequence[index]
        }
    }

    private mutating func stationAcknowledgement() throws(ScenarioViolation) {
        let station = input.pick(FuzzVocabulary.stations)
        let selector = input.byte()
        let sequence: UInt16
        if selector & 0x80 != 0 || bridgeSequences.isEmpty {
            sequence = input.uint16()
        } else {
            sequence = bridgeSequences[max(0, bridgeSequences.count - 1 - Int(selector & 0x03))]
        }
        event = { "acknowledgement \(sequence) from \(station)" }
        try deliver(Frame.ecp(.acknowledgement(of: sequence), from: station))
    }

    private mutating func rawFrame() throws(ScenarioViolation) {
        let index = input.choice(FuzzVocabulary.stations.count)
        let whole = input.flag()
        var octets: [UInt8] = []
        if !whole {
            let header = Frame.ecp(
                .vdpRequest(sequenceNumber: sequenceNumber(for: index), VDPULPDU(tlvs: [])),
                from: FuzzVocabulary.stations[index]
            )
            octets = Array(header.encoded().prefix(18))
        }
        octets += input.blob(limit: 255)
        event = { "raw \(whole ? "frame" : "ULPDU"), \(octets.count) octets" }
        try deliver(encoded: octets, corrupt: false)
    }

    private mutating func timePasses() throws(ScenarioViolation) {
        let timers = port.timers
        let base = input.pick([
            Duration.zero, timers.ackTimer, timers.ackTimer * 2, timers.resourceWaitDelay, timers.reinitKeepAlive,
            timers.toutKeepAlive,
        ])
        let delta = base + .microseconds(Int(input.byte()))
        event = { "time passes by \(delta)" }
        try advance(to: now + delta)
    }

    private mutating func decide() throws(ScenarioViolation) {
        // The latest decision asked for, or (high bit) one up to 15 back: late answers, often to decisions long
        // resolved or timed out. A forged ID cannot be made outside the package (the initializer is `package`).
        let selector = input.byte()
        let back = Int(selector & (selector & 0x80 != 0 ? 0x0F : 0x07))
        guard !decisions.isEmpty else {
            event = { "decide (no decision asked for yet)" }
            return
        }
        let request = decisions[max(0, decisions.count - 1 - back)]
        let id = request.id
        let entryCount = request.descriptor.filterInfo.entries.count
        let decision: BridgeDecision
        switch input.choice(8) {
        case 0, 1:
            decision = .accept(.fromPool)
        case 2:
            let word = FuzzVocabulary.filterVID(&input, range: vidRange)
            noteExplicitVIDs([word])
            decision = .accept(.fixed(word))
        case 3:
            let count = max(0, entryCount + input.choice(3) - 1)
            var words: [FilterVID] = []
            for _ in 0..<count {
                words.append(FuzzVocabulary.filterVID(&input, range: vidRange))
            }
            noteExplicitVIDs(words)
            decision = .accept(.perEntry(words))
        default:
            let reasons: [BridgeRejectionReason] = [
                .authorizationFailed, .policyUnreachable, .conflictingPolicy, .invalidAddressOrVLAN,
                .insufficientResources, .invalidFormat,
            ]
            let flags = input.byte()
            decision = .reject(input.pick(reasons), hardError: flags & 0x01 != 0, keep: flags & 0x02 != 0)
        }
        event = { "decide \(id): \(decision)" }
        var output: [BridgeOutput] = []
        port.decide(id, decision, at: now, into: &output)
        try absorb(output)
        try check(timersRan: false)
    }

    private mutating func localChange() throws(ScenarioViolation) {
        let vsiID = input.pick(FuzzVocabulary.vsiIDs)
        var output: [BridgeOutput] = []
        if input.flag() {
            event = { "local deAssociate \(vsiID)" }
            port.deAssociate(vsiID, at: now, into: &output)
        } else {
            let current = port.record(of: vsiID).map { $0.state?.filterInfo ?? $0.descriptor.filterInfo }
            let filterInfo =
                if let current, input.choice(4) != 0 {
                    FuzzVocabulary.revisedVIDs(of: current, &input, range: vidRange)
                } else {
                    FuzzVocabulary.filterInfo(&input, range: vidRange)
                }
            noteExplicitVIDs(filterInfo.entries.map(\.vid))
            event = { "local changeFilterInfo \(vsiID) to \(filterInfo)" }
            if port.changeFilterInfo(of: vsiID, to: filterInfo, into: &output) {
                changedFilters.insert(vsiID)
            }
        }
        try absorb(output)
        try check(timersRan: false)
    }

    private mutating func repeatFrame() throws(ScenarioViolation) {
        let index = input.choice(FuzzVocabulary.stations.count)
        guard let frame = lastFrames[index] else {
            event = { "repeat (nothing sent yet)" }
            return
        }
        event = { "repeat of \(frame.header.source)'s last frame" }
        try deliver(frame)
    }

    private mutating func peerOrPortDown() throws(ScenarioViolation) {
        let choice = input.choice(3)
        if choice == 1 {
            event = { "peer lost" }
            port.peerLost()
            bridgeSequences.removeAll()
            try check(timersRan: false)
        } else if choice == 2 {
            let station = input.pick(FuzzVocabulary.stations)
            event = { "peer lost: \(station)" }
            port.peerLost(station: station)
            try check(timersRan: false)
        } else {
            event = { "port down" }
            var output: [BridgeOutput] = []
            port.portDown(into: &output)
            bridgeSequences.removeAll()
            creations.removeAll()
            try absorb(output)
            try check(timersRan: false)
            guard port.vsiCount == 0, port.vidPool.allocatedCount == 0 else {
                throw violation(
                    "not-empty-after-port-down",
                    "\(port.vsiCount) VSIs and \(port.vidPool.allocatedCount) pool VIDs after portDown"
                )
            }
        }
    }

    // MARK: Driving the port

    /// Hands `octets` to the port through the receiving decoder, as on a real link, sometimes with one octet
    /// corrupted first; octets that do not decode are dropped, as the link drops them.
    private mutating func deliver(encoded octets: [UInt8], corrupt: Bool = true) throws(ScenarioViolation) {
        var octets = octets
        if corrupt, input.byte() & 0xE0 == 0xE0, !octets.isEmpty {
            octets[Int(input.uint16()) % octets.count] ^= input.byte() | 0x01
        }
        guard let frame = try? Frame(decoding: octets, options: .receiving) else {
            return
        }
        try deliver(frame)
    }

    private mutating func deliver(_ frame: Frame) throws(ScenarioViolation) {
        if case .ecp(let ecpdu) = frame.payload {
            switch ecpdu.payload {
            case .vdp(let ulpdu): noteExplicitVIDs(ulpdu.vsiTLVs.flatMap { $0.filterInfo.entries.map(\.vid) })
            case .salvagedVDP(let salvage):
                noteExplicitVIDs(salvage.vsiTLVs.flatMap { $0.filterInfo.entries.map(\.vid) })
            case .acknowledgement, .opaque: break
            }
        }
        let before = table
        var output: [BridgeOutput] = []
        port.receive(frame, at: now, into: &output)
        try absorb(output)
        try check(timersRan: false)
        let sender = frame.header.source
        for (vsiID, record) in before where record.key.station != sender && table[vsiID] != record {
            throw violation(
                "foreign-change",
                "a frame from \(sender) changed \(record.key): \(record) became \(String(describing: table[vsiID]))"
            )
        }
    }

    /// Runs the port's timers at every deadline up to `target`, as a driver sleeping until `nextDeadline` does.
    private mutating func advance(to target: Instant) throws(ScenarioViolation) {
        while let deadline = port.nextDeadline, deadline <= target {
            now = max(now, deadline)
            try runTimers()
        }
        now = target
        try runTimers()
    }

    /// Runs the port's timers at `now`, again while `nextDeadline` says work is left (an advance handles at most
    /// `maximumTimerExpiriesPerAdvance` expiries), then checks the timer bounds.
    private mutating func runTimers() throws(ScenarioViolation) {
        if now != creationsSince {
            creations.removeAll()
            creationsSince = now
        }
        for slice in 1...Self.maximumSlices {
            var output: [BridgeOutput] = []
            port.advance(to: now, into: &output)
            try absorb(output)
            guard let next = port.nextDeadline, next <= now else {
                try check(timersRan: true)
                return
            }
            try check(timersRan: false)
            if slice == Self.maximumSlices {
                throw violation(
                    "deadline-not-future",
                    "nextDeadline \(next) still not after \(now) after \(slice) advances to it"
                )
            }
        }
    }

    /// The most advances to one instant before the port must have run every timer due (each handles at least one
    /// expiry, and a scenario holds a few dozen VSIs and stations at most).
    private static let maximumSlices = 1_000

    private mutating func absorb(_ output: [BridgeOutput]) throws(ScenarioViolation) {
        for item in output {
            switch item {
            case .send(let frame):
                guard frame.header.source == FuzzVocabulary.bridge else {
                    throw violation("frame-source", "a frame sent from \(frame.header.source), not the port's address")
                }
                guard (try? Frame(decoding: frame.encoded())) == frame else {
                    throw violation("frame-invalid", "a frame the port sent does not decode to itself: \(frame)")
                }
                if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request {
                    reach.note("responsePDUs")
                    bridgeSequences.append(ecpdu.sequenceNumber)
                    if bridgeSequences.count > 4 {
                        bridgeSequences.removeFirst()
                    }
                }
            case .decisionRequired(let request):
                reach.note("decisions")
                decisions.append(request)
                if decisions.count > 16 {
                    decisions.removeFirst()
                }
                timerStarts[request.key.vsiID] = now
                if request.current == nil {
                    creations[request.key.station, default: 0] += 1
                }
            case .event(let event):
                switch event {
                case .vsiChanged: reach.note("vsiChanged")
                case .vsiRemoved: reach.note("vsiRemoved")
                case .requestRefused: reach.note("requestRefused")
                case .malformedRequest: reach.note("malformedRequest")
                }
            }
        }
    }

    private mutating func noteExplicitVIDs(_ words: [FilterVID]) {
        for word in words where !word.isNullVID {
            explicitVIDs.insert(word.vid)
        }
    }

    // MARK: Invariants

    private mutating func check(timersRan: Bool) throws(ScenarioViolation) {
        let records = port.records
        try checkLimits(records)
        var current: [VSIID: BridgeVSIRecord] = [:]
        for record in records {
            let vsiID = record.key.vsiID
            if let previous = table[vsiID] {
                guard previous.key.station == record.key.station else {
                    throw violation(
                        "station-moved",
                        "\(vsiID) moved from \(previous.key.station) to \(record.key.station)"
                    )
                }
                if previous.counters != record.counters {
                    timerStarts[vsiID] = now
                }
            } else if timerStarts[vsiID] == nil {
                timerStarts[vsiID] = now
            }
            current[vsiID] = record
        }
        for vsiID in timerStarts.keys where current[vsiID] == nil {
            timerStarts[vsiID] = nil
        }
        changedFilters.formIntersection(current.keys)
        table = current
        try checkPool(records)
        if timersRan {
            try checkTimers(records)
        }
    }

    /// The port-wide bounds (VSIs, pending decisions, queued responses) are soft by design: when one is reached, a
    /// station below its fair share may still take one more, "so the port holds at most twice this bound"
    /// (`BridgePortLimits`). Those are checked against twice the bound; the per-station bounds, the station count
    /// and the new-VSI burst are checked exactly.
    private func checkLimits(_ records: [BridgeVSIRecord]) throws(ScenarioViolation) {
        let limits = port.configuration.limits
        guard records.count == port.vsiCount, records.count <= 2 * limits.maximumVSIs else {
            throw violation(
                "table-limit",
                "\(records.count) records, vsiCount \(port.vsiCount), maximumVSIs \(limits.maximumVSIs) (at most twice that)"
            )
        }
        var vsis: [MACAddress: Int] = [:]
        var pending: [MACAddress: Int] = [:]
        for record in records {
            vsis[record.key.station, default: 0] += 1
            if record.decisionPending {
                pending[record.key.station, default: 0] += 1
            }
        }
        for (station, count) in vsis {
            guard count == port.vsiCount(of: station), count <= limits.maximumVSIsPerStation else {
                throw violation(
                    "station-vsi-limit",
                    "\(station) has \(count) VSIs, vsiCount(of:) \(port.vsiCount(of: station)), limit \(limits.maximumVSIsPerStation)"
                )
            }
        }
        let totalPending = pending.values.reduce(0, +)
        guard totalPending == port.pendingDecisionCount, totalPending <= 2 * limits.maximumPendingDecisions,
            pending.values.allSatisfy({ $0 <= limits.maximumPendingDecisionsPerStation })
        else {
            throw violation(
                "decision-limit",
                "pending decisions \(pending) (pendingDecisionCount \(port.pendingDecisionCount)), maximumPendingDecisions \(limits.maximumPendingDecisions) (at most twice that), \(limits.maximumPendingDecisionsPerStation) per station"
            )
        }
        guard port.stationCount <= limits.maximumStations else {
            throw violation("station-limit", "\(port.stationCount) stations, limit \(limits.maximumStations)")
        }
        guard port.queuedResponseCount <= 2 * limits.maximumQueuedResponses else {
            throw violation(
                "queue-limit",
                "\(port.queuedResponseCount) responses queued, maximumQueuedResponses \(limits.maximumQueuedResponses) (at most twice that)"
            )
        }
        for (station, count) in creations where count > limits.newVSIBurstPerStation {
            throw violation(
                "new-vsi-rate",
                "\(station) created \(count) VSIs at \(now), burst \(limits.newVSIBurstPerStation)"
            )
        }
    }

    private func checkPool(_ records: [BridgeVSIRecord]) throws(ScenarioViolation) {
        let pool = port.vidPool
        var used: Set<UInt16> = []
        for record in records {
            guard let state = record.state else {
                continue
            }
            for entry in state.filterInfo.entries where !entry.vid.isNullVID {
                let vid = entry.vid.vid
                used.insert(vid)
                var holders: [VIDPool.Owner] = [.explicit(vid), .vsi(record.key)]
                if let groupID = entry.groupID {
                    holders.append(.group(groupID))
                }
                guard holders.contains(where: { pool.vid(of: $0) == vid }) else {
                    throw violation(
                        changedFilters.contains(record.key.vsiID) ? "pool-after-changeFilterInfo" : "pool-hold-missing",
                        "\(record.key) is granted VID \(vid), which the pool does not hold for it"
                    )
                }
                guard pool.range.contains(vid) || explicitVIDs.contains(vid) else {
                    throw violation(
                        "vid-outside-range",
                        "\(record.key) is granted VID \(vid), outside \(pool.range) and never named"
                    )
                }
            }
        }
        guard pool.allocatedCount == used.count else {
            throw violation(
                changedFilters.isEmpty ? "pool-count" : "pool-after-changeFilterInfo",
                "the pool holds \(pool.allocatedCount) VIDs, the table uses \(used.sorted())"
            )
        }
    }

    private func checkTimers(_ records: [BridgeVSIRecord]) throws(ScenarioViolation) {
        let timers = port.timers
        for record in records {
            guard let start = timerStarts[record.key.vsiID] else {
                continue
            }
            let bound = record.decisionPending ? timers.resourceWaitDelay : timers.toutKeepAlive
            guard start + bound > now else {
                let what = record.decisionPending ? "a decision pending" : "no keep-alive"
                throw violation(
                    "timer-overdue",
                    "\(record.key) still in the table at \(now) with \(what) since \(start)"
                )
            }
        }
    }

    private func violation(_ kind: String, _ message: String) -> ScenarioViolation {
        ScenarioViolation(kind: kind, step: step, event: event(), message: message)
    }
}
