import Foundation
import Testing
import VDPCapture
import VDPProtocol
import VDPWire

/// Replays the lldpad captures into our ports.
///
/// - The station side of each capture goes into our ``BridgePort``. The policy answers each request as the
///   lldpad bridge did in the same capture (accept with the VIDs it returned, or refuse with its error code and
///   hard bit), so what is compared is how our bridge turns decisions, keep-alives, De-Associates and ageing
///   into responses: every response field must equal the lldpad bridge's.
/// - The bridge side goes into our ``StationPort``, driven by the commands the lldpad station was given: every
///   request our station sends (keep-alives included) must equal the lldpad station's, and the station must end
///   in the state lldpad reached.
///
/// The captures ran with RTE 14, RWD 20 and RKA 20 (MANIFEST), so the ports run with those values.
@Suite struct LldpadReplayTests {
    static let station = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let bridge = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    static let parameters = EVBParameters(retransmissionExponent: 14, groupIDsSupported: true)

    /// Captures with VDP traffic between an lldpad station and an lldpad bridge.
    static let captures = [
        "vdp22-assoc-mac-vid", "vdp22-assoc-vid-only", "vdp22-groupid-vid", "vdp22-preassoc-then-assoc",
        "vdp22-preassoc-rr", "vdp22-deassoc", "vdp22-null-vid", "vdp22-null-vid-bridge-assigns",
        "vdp22-keepalive-60s", "ecp22-retransmit", "vdp22-bridge-deassoc-kato", "vdp22-bridge-reject-no-resources",
        "vdp22-bridge-reject-hard-error", "vdp22-assoc-changed-filter", "vdp22-groupid-not-negotiated",
        "vdp22-perf-assoc-100-rte8",
    ]

    struct TimedFrame {
        var at: Instant
        var frame: Frame
    }

    static func frames(_ capture: String) throws -> [TimedFrame] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 {
            url.deleteLastPathComponent()
        }
        let packets = try CaptureFile.packets(atPath: url.path + "/Fixtures/lldpad/\(capture).pcap")
        guard let start = packets.first?.timestamp else {
            return []
        }
        return try packets.map { packet in
            let nanoseconds = Int64((packet.timestamp.seconds(since: start) * 1e9).rounded())
            return TimedFrame(at: Instant(nanoseconds: nanoseconds), frame: try Frame(decoding: packet.data))
        }
    }

    /// The frames `source` sent, without ECP retransmissions (a request repeating the previous sequence number).
    static func withoutRetransmissions(_ frames: [TimedFrame], from source: MACAddress) -> [TimedFrame] {
        var lastSequenceNumber: UInt16?
        return frames.filter { timed in
            guard timed.frame.header.source == source, case .ecp(let ecpdu) = timed.frame.payload,
                ecpdu.operation == .request
            else {
                return false
            }
            defer { lastSequenceNumber = ecpdu.sequenceNumber }
            return ecpdu.sequenceNumber != lastSequenceNumber
        }
    }

    /// The VDP TLVs of an ECP request frame, with the Manager ID in force for each.
    static func vsiTLVs(_ frame: Frame) -> [(VSIManagerID, VSITLV)] {
        guard case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request, case .vdp(let ulpdu) = ecpdu.payload,
            let managerID = ulpdu.managerID
        else {
            return []
        }
        return ulpdu.vsiTLVs.map { (managerID, $0) }
    }

    static func parametersFor(_ capture: String) -> EVBParameters {
        var parameters = Self.parameters
        if capture.hasSuffix("rte8") {
            parameters.retransmissionExponent = 8
        }
        return parameters
    }

    // MARK: Station side into our bridge

    @Test(arguments: captures)
    func ourBridgeAnswersAsTheLldpadBridgeDid(capture: String) throws {
        let frames = try Self.frames(capture)
        let lldpadResponses = Self.withoutRetransmissions(frames, from: Self.bridge).flatMap { Self.vsiTLVs($0.frame) }
        #expect(!lldpadResponses.isEmpty)
        // The lldpad bridge's answers, per VSI, in order: the policy replays them.
        var answers: [VSIID: [VSITLV]] = [:]
        for (_, tlv) in lldpadResponses where tlv.status.isResponse {
            answers[tlv.vsiID, default: []].append(tlv)
        }
        var port = BridgePort(
            configuration: BridgePortConfiguration(
                address: Self.bridge,
                parameters: Self.parametersFor(capture)
            )
        )
        var ours: [VSITLV] = []
        func run(_ output: [BridgeOutput], at now: Instant) {
            var pending = output
            while !pending.isEmpty {
                var next: [BridgeOutput] = []
                for item in pending {
                    switch item {
                    case .send(let frame):
                        ours += Self.vsiTLVs(frame).map(\.1)
                        // Acknowledge our bridge's requests at once, as the lldpad station did.
                        if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request {
                            port.receive(
                                .ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: Self.station),
                                at: now,
                                into: &next
                            )
                        }
                    case .decisionRequired(let request):
                        port.decide(request.id, Self.decision(replaying: &answers, for: request), at: now, into: &next)
                    case .event:
                        break
                    }
                }
                pending = next
            }
        }
        for timed in frames where timed.frame.header.source == Self.station {
            while let deadline = port.nextDeadline, deadline < timed.at {
                var timerOutput: [BridgeOutput] = []
                port.advance(to: max(deadline, .zero), into: &timerOutput)
                run(timerOutput, at: max(deadline, .zero))
            }
            var output: [BridgeOutput] = []
            port.advance(to: timed.at, into: &output)
            port.receive(timed.frame, at: timed.at, into: &output)
            run(output, at: timed.at)
        }
        // Let timers run out to the end of the capture (ageing, in the keep-alive timeout capture).
        if let end = frames.last?.at {
            while let deadline = port.nextDeadline, deadline < end {
                var timerOutput: [BridgeOutput] = []
                port.advance(to: max(deadline, .zero), into: &timerOutput)
                run(timerOutput, at: max(deadline, .zero))
            }
            var output: [BridgeOutput] = []
            port.advance(to: end, into: &output)
            run(output, at: end)
        }
        let theirs = lldpadResponses.map(\.1)
        #expect(ours == theirs, "\(capture): our responses differ from lldpad's")
    }

    /// The decision that makes our bridge give the lldpad bridge's next answer about this VSI.
    static func decision(replaying answers: inout [VSIID: [VSITLV]], for request: BridgeDecisionRequest)
        -> BridgeDecision
    {
        guard var queue = answers[request.key.vsiID], !queue.isEmpty else {
            return .reject(.invalidFormat)
        }
        let answer = queue.removeFirst()
        answers[request.key.vsiID] = queue
        guard let response = answer.status.response, response.error == .success, answer.type != .deAssociate else {
            let reason: BridgeRejectionReason =
                switch answer.status.response?.error {
                case .insufficientResources?: .insufficientResources
                case .invalidVIDGroupIDOrMAC?: .invalidAddressOrVLAN
                case .unableToContactVSIManager?: .policyUnreachable
                case .invalidFormat?: .invalidFormat
                default: .authorizationFailed
                }
            return .reject(
                reason,
                hardError: answer.status.response?.hardError ?? false,
                keep: answer.status.response?.keep ?? false
            )
        }
        return .accept(.perEntry(answer.filterInfo.entries.map(\.vid)))
    }

    // MARK: Bridge side into our station

    @Test(arguments: captures)
    func ourStationSendsWhatTheLldpadStationSentAndEndsWhereItDid(capture: String) throws {
        let frames = try Self.frames(capture)
        let lldpadRequests = Self.withoutRetransmissions(frames, from: Self.station)
        let bridgeFrames = Self.withoutRetransmissions(frames, from: Self.bridge)
        var port = StationPort(
            configuration: StationPortConfiguration(
                address: Self.station,
                batching: .disabled,
                parameters: Self.parametersFor(capture)
            )
        )
        var sent: [(Instant, VSITLV)] = []
        var lastRequested: [VSIID: VSITLV] = [:]
        func run(_ output: [StationOutput], at now: Instant) {
            var pending = output
            while !pending.isEmpty {
                var next: [StationOutput] = []
                for case .send(let frame) in pending {
                    sent += Self.vsiTLVs(frame).map { (now, $0.1) }
                    if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request {
                        port.receive(
                            .ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: Self.bridge),
                            at: now,
                            into: &next
                        )
                    }
                }
                pending = next
            }
        }
        // Interleave, in capture order, the commands the lldpad station was given and the bridge's frames.
        let events =
            (lldpadRequests.map { (timed: $0, fromStation: true) }
            + bridgeFrames.map { (timed: $0, fromStation: false) })
            .sorted { $0.timed.at < $1.timed.at }
        for event in events {
            // Run our timers at their own deadlines up to the event.
            while let deadline = port.nextDeadline, deadline < event.timed.at {
                var timerOutput: [StationOutput] = []
                port.advance(to: max(deadline, .zero), into: &timerOutput)
                run(timerOutput, at: max(deadline, .zero))
            }
            var output: [StationOutput] = []
            port.advance(to: event.timed.at, into: &output)
            if event.fromStation {
                for (managerID, tlv) in Self.vsiTLVs(event.timed.frame) {
                    // A repeat of the previous request is a keep-alive our station makes by itself.
                    defer { lastRequested[tlv.vsiID] = tlv }
                    if lastRequested[tlv.vsiID]?.type == tlv.type, lastRequested[tlv.vsiID]?.status == tlv.status,
                        port.state(of: tlv.vsiID) != nil || port.isBusy(tlv.vsiID)
                    {
                        continue
                    }
                    _ = try? port.request(
                        tlv.type,
                        for: VSIDescriptor(tlv, managerID: managerID),
                        hints: VSIHints(tlv.status),
                        at: event.timed.at,
                        into: &output
                    )
                }
            } else {
                port.receive(event.timed.frame, at: event.timed.at, into: &output)
            }
            run(output, at: event.timed.at)
        }
        let theirs = lldpadRequests.flatMap { timed in Self.vsiTLVs(timed.frame).map { (timed.at, $0.1) } }
        if capture != "vdp22-bridge-deassoc-kato" {
            // (The lldpad station of that capture was frozen past its keep-alive; ours was not.)
            #expect(sent.map(\.1) == theirs.map(\.1), "\(capture): our requests differ from lldpad's")
            for ((ourTime, _), (theirTime, _)) in zip(sent, theirs) {
                #expect(abs((ourTime - theirTime) / .milliseconds(1)) < 20, "\(capture): request timing")
            }
        }
        // The state each VSI ends in: established as the bridge last confirmed it, or gone.
        var expected: [VSIID: VSITLVType?] = [:]
        for (_, tlv) in bridgeFrames.flatMap({ Self.vsiTLVs($0.frame) }) {
            let granted = tlv.status.response?.isSuccess == true && tlv.type != .deAssociate
            expected[tlv.vsiID] = granted ? tlv.type : VSITLVType?.none
        }
        if capture == "vdp22-bridge-deassoc-kato" {
            // lldpad's station ignored the bridge's late re-association (MANIFEST): it has no VSI.
            for key in expected.keys {
                expected[key] = VSITLVType?.none
            }
            var output: [StationOutput] = []
            port.portDown(into: &output)
        }
        for (vsiID, type) in expected {
            #expect(port.state(of: vsiID)?.type == type, "\(capture): \(vsiID)")
        }
    }

    @Test func theRequestsLldpadRefusedLocallyAreRefusedHereToo() throws {
        // vdp22-assoc-changed-filter: after the Associate, three commands were refused before reaching the wire.
        let frames = try Self.frames("vdp22-assoc-changed-filter")
        let (managerID, associate) = try #require(Self.vsiTLVs(frames[0].frame).first)
        var port = StationPort(
            configuration: StationPortConfiguration(address: Self.station, parameters: Self.parameters)
        )
        var output: [StationOutput] = []
        let vsi = VSIDescriptor(associate, managerID: managerID)
        _ = try port.request(.associate, for: vsi, at: .zero, into: &output)
        for case .send(let frame) in output {
            if case .ecp(let ecpdu) = frame.payload {
                port.receive(
                    .ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: Self.bridge),
                    at: .zero,
                    into: &output
                )
            }
        }
        port.receive(frames[2].frame, at: .zero, into: &output)
        #expect(port.state(of: vsi.vsiID)?.type == .associate)
        var changed = vsi
        changed.filterInfo = .macVID(MACAddress(0x52, 0x54, 0, 0, 0x14, 0x01), FilterVID(rawValue: 1401))
        #expect(throws: StationCommandError.filterMismatch) {
            try port.request(.associate, for: changed, at: .zero, into: &output)
        }
        var unknown = vsi
        unknown.vsiID = .uuid(VSIUUID(octets: Octets16(high: 1, low: 2)))
        #expect(throws: StationCommandError.unknownVSI) {
            try port.request(.deAssociate, for: unknown, at: .zero, into: &output)
        }
        #expect(throws: StationCommandError.invalidTransition(from: .associate, to: .preAssociate)) {
            try port.request(.preAssociate, for: vsi, at: .zero, into: &output)
        }
    }
}
