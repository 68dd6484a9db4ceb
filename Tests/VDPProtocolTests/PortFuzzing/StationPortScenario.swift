import VDPProtocol
import VDPWire

/// Drives one `StationPort` through a sequence of events read from fuzz bytes, as a correct embedder would
/// (timers run at every deadline), with the bridge played by the fuzzer, and checks the port's invariants after
/// every step. The `FuzzStationPort` libFuzzer target and `PortFuzzRegressionTests` both run it.
///
/// Input: three header bytes (configuration) and the filters of eight VSI descriptors (four VSIIDs, two
/// descriptors each), then one event per opcode byte until the input ends or ``maximumSteps`` have run. Past the
/// end every choice reads as 0. The events (opcode modulo 10):
///
/// | opcode | event |
/// |---|---|
/// | 0, 1 | a lifecycle command: Pre-Associate, Pre-Associate with RR, Associate or De-Associate of one of the descriptors, with M/S hints |
/// | 2, 3 | a bridge ECPDU of one to three VSI TLVs, each answering one of the station's recent TLVs (success, an error with keep or hard error, a De-Associate, another type, the filters as sent, with VIDs filled in, changed, or other filters, the right or another Manager ID) or an unsolicited De-Associate; sometimes one octet corrupted |
/// | 4 | the bridge acknowledges one of the station's ECPDUs (the latest, an older one, or any number) |
/// | 5, 6 | time passes (about an ackTimer, respWaitDelay, reinitKeepAlive, or nothing) |
/// | 7 | raw octets: an ECP header and fuzz octets as the ULPDU, or a whole frame of fuzz octets |
/// | 8 | the bridge sends its last ECPDU again |
/// | 9 | the port goes down (`portDown`); commands after it are the port up again |
///
/// Invariants checked after every step:
/// - every command the port accepted completes exactly once, and with its own VSIID; a success confirms the
///   requested type (nothing for a De-Associate);
/// - after time passes, no command is still outstanding respWaitDelay after it was issued, no VSI has gone
///   longer than reinitKeepAlive without a keep-alive, and `nextDeadline` lies in the future;
/// - a VSI with an outstanding command is known and busy;
/// - every frame the port sends comes from its address and re-decodes to itself;
/// - after `portDown` nothing is outstanding and no VSI is known, and after the final drain (every timer left to
///   expire once the input ends, the bridge silent) neither is anything.
struct StationPortScenario {
    /// The most events one input runs.
    static let maximumSteps = 400

    private struct Outstanding {
        var vsiID: VSIID
        var type: VSITLVType
        var deadline: Instant
    }

    /// The port under test.
    private(set) var port: StationPort
    /// What the scenario reached.
    private(set) var reach = ScenarioReach()

    private var input: FuzzInput
    private var now = Instant.zero
    private var step = 0
    /// The current event in words, formatted only when a violation is reported.
    private var event: () -> String = { "configuration" }
    private var descriptors: [[VSIDescriptor]] = []
    private var outstanding: [StationRequestID: Outstanding] = [:]
    private var issued: Set<StationRequestID> = []
    /// When each VSI that is not busy last became idle (its keep-alive timer started).
    private var idleSince: [VSIID: Instant] = [:]
    /// The station's latest VSI TLVs with their Manager IDs, newest last.
    private var sentTLVs: [(VSIManagerID?, VSITLV)] = []
    /// Sequence numbers of the station's latest ECPDUs, newest last.
    private var stationSequences: [UInt16] = []
    private var bridgeSequence: UInt16
    private var lastBridgeFrame: Frame?
    private let station = FuzzVocabulary.stations[0]

    /// Reads the configuration and the descriptors from the first bytes of `bytes`.
    init(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let flags = input.byte()
        let exponents = input.byte()
        let vids = input.byte()
        let parameters = EVBParameters(
            maximumRetries: flags & 0x03,
            retransmissionExponent: 6 + (exponents & 0x03) * 2,
            resourceWaitDelayExponent: 10 + (exponents >> 2 & 0x03) * 2,
            reinitKeepAliveExponent: 12 + (exponents >> 4 & 0x03) * 2,
            groupIDsSupported: flags & 0x04 != 0
        )
        let configuration = StationPortConfiguration(
            address: FuzzVocabulary.stations[0],
            batching: flags & 0x08 != 0 ? .disabled : .enabled,
            minimumSpacing: flags & 0x10 != 0 ? .microseconds(500) : .zero,
            parameters: parameters,
            firstSequenceNumber: flags & 0x20 != 0 ? 0xFFFE : nil
        )
        let range = (100 + UInt16(vids & 0x03))...(104 + UInt16(vids & 0x03))
        for index in 0..<4 {
            var variants: [VSIDescriptor] = []
            for _ in 0..<2 {
                variants.append(
                    VSIDescriptor(
                        managerID: FuzzVocabulary.managerIDs[index % 2],
                        typeID: input.pick(FuzzVocabulary.typeIDs),
                        typeVersion: 1,
                        vsiID: FuzzVocabulary.vsiIDs[index],
                        filterInfo: FuzzVocabulary.filterInfo(&input, range: range)
                    )
                )
            }
            descriptors.append(variants)
        }
        self.port = StationPort(configuration: configuration)
        self.bridgeSequence = flags & 0x40 != 0 ? 0xFFFF : 1
        self.input = input
    }

    /// Runs every event, then lets every timer expire; throws at the first broken invariant.
    mutating func run() throws(ScenarioViolation) {
        try check(timersRan: false)
        while !input.isAtEnd, step < Self.maximumSteps {
            step += 1
            switch input.byte() % 10 {
            case 0, 1: try command()
            case 2, 3: try bridgeResponse()
            case 4: try bridgeAcknowledgement()
            case 5, 6: try timePasses()
            case 7: try rawFrame()
            case 8: try repeatFrame()
            default: try portDown()
            }
        }
        step += 1
        event = { "drain" }
        let timers = port.timers
        try advance(to: now + timers.reinitKeepAlive + timers.respWaitDelay + .nanoseconds(1))
        guard outstanding.isEmpty, port.vsiCount == 0 else {
            throw violation(
                "not-empty-after-drain",
                "\(outstanding.count) commands outstanding, \(port.vsiCount) VSIs known after the drain"
            )
        }
    }

    // MARK: Events

    private mutating func command() throws(ScenarioViolation) {
        let variants = input.pick(descriptors)
        let descriptor = input.pick(variants)
        let type = input.pick(FuzzVocabulary.requestTypes)
        let hintBits = input.byte()
        let hints = VSIHints(migrating: hintBits & 0x01 != 0, suspended: hintBits & 0x02 != 0)
        event = { "command \(type) \(descriptor.vsiID) \(hints)" }
        var output: [StationOutput] = []
        let requestID: StationRequestID
        do {
            requestID = try port.request(type, for: descriptor, hints: hints, at: now, into: &output)
        } catch {
            reach.note("commandRefused")
            guard output.isEmpty else {
                throw violation("refused-command-output", "a refused command (\(error)) produced \(output)")
            }
            try check(timersRan: false)
            return
        }
        reach.note("commands")
        guard issued.insert(requestID).inserted else {
            throw violation("request-id-reused", "request ID \(requestID) issued twice")
        }
        outstanding[requestID] = Outstanding(
            vsiID: descriptor.vsiID,
            type: type,
            deadline: now + port.timers.respWaitDelay
        )
        try absorb(output)
        try check(timersRan: false)
    }

    private mutating func bridgeResponse() throws(ScenarioViolation) {
        var managerID = FuzzVocabulary.managerIDs[0]
        var tlvs: [VSITLV] = []
        for _ in 0...input.choice(3) {
            let (answeredManager, tlv) = response()
            managerID = answeredManager ?? managerID
            tlvs.append(tlv)
        }
        if input.choice(4) == 0 {
            managerID = input.pick(FuzzVocabulary.managerIDs)
        }
        event = { "bridge ECPDU: \(tlvs.map { "\($0.type) \($0.vsiID) status \($0.status.rawValue)" })" }
        let sequence: UInt16
        switch input.choice(4) {
        case 2: sequence = bridgeSequence &- 1
        case 3: sequence = input.uint16()
        default:
            sequence = bridgeSequence
            bridgeSequence &+= 1
        }
        let frame = Frame.ecp(
            .vdpRequest(sequenceNumber: sequence, VDPULPDU(managerID: managerID, vsis: tlvs)),
            from: FuzzVocabulary.bridge
        )
        lastBridgeFrame = frame
        var octets = frame.encoded()
        if input.byte() & 0xE0 == 0xE0, !octets.isEmpty {
            octets[Int(input.uint16()) % octets.count] ^= input.byte() | 0x01
        }
        try deliver(octets: octets)
    }

    /// A TLV answering one of the station's recent TLVs (or about any VSI), and the Manager ID it belongs under.
    private mutating func response() -> (VSIManagerID?, VSITLV) {
        let selector = input.byte()
        var managerID: VSIManagerID? = nil
        var tlv: VSITLV
        if sentTLVs.isEmpty || selector & 0x80 != 0 {
            let descriptor = input.pick(input.pick(descriptors))
            managerID = descriptor.managerID
            tlv = VSITLV(
                type: input.pick(FuzzVocabulary.requestTypes),
                status: .response(),
                typeID: descriptor.typeID,
                typeVersion: descriptor.typeVersion,
                vsiID: descriptor.vsiID,
                filterInfo: descriptor.filterInfo
            )
        } else {
            (managerID, tlv) = sentTLVs[max(0, sentTLVs.count - 1 - Int(selector & 0x07))]
        }
        let range: ClosedRange<UInt16> = 100...104
        switch input.choice(8) {
        case 0, 1, 2:
            tlv.status = .response()
        case 3:
            let codes: [VDPErrorCode] = [
                .invalidFormat, .insufficientResources, .unableToContactVSIManager, .otherFailure,
                .invalidVIDGroupIDOrMAC, .success,
            ]
            let bits = input.byte()
            tlv.status = .response(input.pick(codes), keep: bits & 0x01 != 0, hardError: bits & 0x02 != 0)
        case 4:
            tlv.status = .response()
            tlv.type = .deAssociate
        case 5:
            tlv.status = .request()
            tlv.type = .deAssociate
        case 6:
            tlv.status = .response()
            tlv.type = input.pick(FuzzVocabulary.requestTypes)
        default:
            tlv.status = VDPStatus(rawValue: input.byte())
        }
        switch input.choice(6) {
        case 0, 1:
            break
        case 2, 3:
            var entries = tlv.filterInfo.entries
            for index in entries.indices where entries[index].vid.isNullVID {
                let vid = 100 + UInt16(input.choice(5))
                entries[index].vid = FilterVID(rawValue: entries[index].vid.rawValue & 0xF000 | vid)
            }
            tlv.filterInfo = (try? FilterInfo(format: tlv.filterInfo.format, entries: entries)) ?? tlv.filterInfo
        case 4:
            tlv.filterInfo = FuzzVocabulary.revisedVIDs(of: tlv.filterInfo, &input, range: range)
        default:
            tlv.filterInfo = FuzzVocabulary.filterInfo(&input, range: range)
        }
        return (managerID, tlv)
    }

    private mutating func bridgeAcknowledgement() throws(ScenarioViolation) {
        let selector = input.byte()
        let sequence: UInt16
        if selector & 0x80 != 0 || stationSequences.isEmpty {
            sequence = input.uint16()
        } else {
            sequence = stationSequences[max(0, stationSequences.count - 1 - Int(selector & 0x03))]
        }
        event = { "acknowledgement \(sequence)" }
        try deliver(Frame.ecp(.acknowledgement(of: sequence), from: FuzzVocabulary.bridge))
    }

    private mutating func timePasses() throws(ScenarioViolation) {
        let timers = port.timers
        let base = input.pick([
            Duration.zero, timers.ackTimer, timers.ackTimer * 2, timers.respWaitDelay, timers.reinitKeepAlive,
        ])
        let delta = base + .microseconds(Int(input.byte()))
        event = { "time passes by \(delta)" }
        try advance(to: now + delta)
    }

    private mutating func rawFrame() throws(ScenarioViolation) {
        let whole = input.flag()
        var octets: [UInt8] = []
        if !whole {
            let header = Frame.ecp(
                .vdpRequest(sequenceNumber: bridgeSequence, VDPULPDU(tlvs: [])),
                from: FuzzVocabulary.bridge
            )
            bridgeSequence &+= 1
            octets = Array(header.encoded().prefix(18))
        }
        octets += input.blob(limit: 255)
        event = { "raw \(whole ? "frame" : "ULPDU"), \(octets.count) octets" }
        try deliver(octets: octets)
    }

    private mutating func repeatFrame() throws(ScenarioViolation) {
        guard let frame = lastBridgeFrame else {
            event = { "repeat (nothing sent yet)" }
            return
        }
        event = { "repeat of the bridge's last ECPDU" }
        try deliver(frame)
    }

    private mutating func portDown() throws(ScenarioViolation) {
        event = { "port down" }
        var output: [StationOutput] = []
        port.portDown(into: &output)
        stationSequences.removeAll()
        try absorb(output)
        try check(timersRan: false)
        guard outstanding.isEmpty, port.vsiCount == 0 else {
            throw violation(
                "not-empty-after-port-down",
                "\(outstanding.count) commands outstanding, \(port.vsiCount) VSIs known after portDown"
            )
        }
    }

    // MARK: Driving the port

    /// Hands `octets` to the port through the receiving decoder, as on a real link; octets that do not decode
    /// are dropped, as the link drops them.
    private mutating func deliver(octets: [UInt8]) throws(ScenarioViolation) {
        guard let frame = try? Frame(decoding: octets, options: .receiving) else {
            return
        }
        try deliver(frame)
    }

    private mutating func deliver(_ frame: Frame) throws(ScenarioViolation) {
        var output: [StationOutput] = []
        port.receive(frame, at: now, into: &output)
        try absorb(output)
        try check(timersRan: false)
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

    private mutating func runTimers() throws(ScenarioViolation) {
        var output: [StationOutput] = []
        port.advance(to: now, into: &output)
        try absorb(output)
        try check(timersRan: true)
        if let next = port.nextDeadline, next <= now {
            throw violation(
                "deadline-not-future",
                "nextDeadline \(next) is not after \(now), where the port's timers just ran"
            )
        }
    }

    private mutating func absorb(_ output: [StationOutput]) throws(ScenarioViolation) {
        for item in output {
            switch item {
            case .send(let frame):
                guard frame.header.source == station else {
                    throw violation("frame-source", "a frame sent from \(frame.header.source), not the port's address")
                }
                guard (try? Frame(decoding: frame.encoded())) == frame else {
                    throw violation("frame-invalid", "a frame the port sent does not decode to itself: \(frame)")
                }
                if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request,
                    case .vdp(let ulpdu) = ecpdu.payload
                {
                    reach.note("requestPDUs")
                    stationSequences.append(ecpdu.sequenceNumber)
                    if stationSequences.count > 4 {
                        stationSequences.removeFirst()
                    }
                    for tlv in ulpdu.vsiTLVs {
                        sentTLVs.append((ulpdu.managerID, tlv))
                    }
                    if sentTLVs.count > 8 {
                        sentTLVs.removeFirst(sentTLVs.count - 8)
                    }
                }
            case .completed(let requestID, let vsiID, let result):
                try complete(requestID, vsiID, result)
            case .event(let event):
                switch event {
                case .bridgeDeAssociated: reach.note("bridgeDeAssociated")
                case .filterChanged: reach.note("filterChanged")
                case .keepAliveFailed: reach.note("keepAliveFailed")
                }
            }
        }
    }

    private mutating func complete(
        _ requestID: StationRequestID,
        _ vsiID: VSIID,
        _ result: Result<StationVSIState?, StationRequestFailure>
    ) throws(ScenarioViolation) {
        guard let request = outstanding.removeValue(forKey: requestID) else {
            throw violation("completion-unknown", "completion of \(requestID), which is not outstanding")
        }
        guard request.vsiID == vsiID else {
            throw violation("completion-wrong-vsi", "\(requestID) was for \(request.vsiID) but completed for \(vsiID)")
        }
        switch result {
        case .success(let state):
            reach.note("completedSuccess")
            if request.type == .deAssociate {
                guard state == nil else {
                    throw violation(
                        "completion-state",
                        "a De-Associate of \(vsiID) completed with a state: \(String(describing: state))"
                    )
                }
            } else {
                guard let state, state.type == request.type else {
                    throw violation(
                        "completion-state",
                        "\(request.type) of \(vsiID) confirmed as \(String(describing: state))"
                    )
                }
            }
        case .failure(let failure):
            reach.note("completedFailure")
            if failure == .timeout {
                reach.note("completedTimeout")
            }
        }
    }

    // MARK: Invariants

    private mutating func check(timersRan: Bool) throws(ScenarioViolation) {
        guard port.vsiCount <= descriptors.count else {
            throw violation("table-limit", "\(port.vsiCount) VSIs known; only \(descriptors.count) were ever commanded")
        }
        for (requestID, request) in outstanding where !port.isBusy(request.vsiID) {
            throw violation(
                "outstanding-not-busy",
                "\(requestID) for \(request.vsiID) is outstanding but the VSI is not busy"
            )
        }
        var idle: [VSIID: Instant] = [:]
        for vsiID in port.vsiIDs where !port.isBusy(vsiID) {
            idle[vsiID] = idleSince[vsiID] ?? now
        }
        idleSince = idle
        guard timersRan else {
            return
        }
        for (requestID, request) in outstanding where request.deadline <= now {
            throw violation(
                "completion-overdue",
                "\(requestID) for \(request.vsiID) still outstanding at \(now), due by \(request.deadline)"
            )
        }
        let keepAlive = port.timers.reinitKeepAlive
        for (vsiID, since) in idleSince where since + keepAlive <= now {
            throw violation("keep-alive-overdue", "\(vsiID) sent no keep-alive since \(since) (now \(now))")
        }
    }

    private func violation(_ kind: String, _ message: String) -> ScenarioViolation {
        ScenarioViolation(kind: kind, step: step, event: event(), message: message)
    }
}
