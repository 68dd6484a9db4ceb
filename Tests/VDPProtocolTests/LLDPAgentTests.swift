import Testing
import VDPWire

@testable import VDPProtocol

/// The sans-I/O LLDP agent, transition by transition, with an injected clock in milliseconds.
@Suite struct LLDPAgentTests {
    typealias S = ECPTestSupport
    typealias V = ECPTestSupport.Vectors

    static let stationMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0xAA, 0x01)
    static let bridgeMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0xBB, 0x01)

    static func configuration(
        _ role: EVBRole = .station,
        messageInterval: Duration = .seconds(30),
        holdMultiplier: UInt16 = 4,
        fastStartCount: Int = 4
    ) -> LLDPAgentConfiguration {
        LLDPAgentConfiguration(
            address: role == .station ? stationMAC : bridgeMAC,
            messageInterval: messageInterval,
            holdMultiplier: holdMultiplier,
            fastStartCount: fastStartCount,
            evb: S.vectorConfiguration(role)
        )
    }

    /// The station's LLDPDU with the given Time To Live and EVB TLV.
    static func ours(_ evb: String, ttl: UInt16 = 120) -> LLDPDU {
        LLDPDU(
            chassisID: LLDPChassisID(macAddress: stationMAC),
            portID: LLDPPortID(macAddress: stationMAC),
            timeToLive: ttl,
            optionalTLVs: [.evb(S.evb(evb))]
        )
    }

    /// A bridge LLDPDU with the given Time To Live and, optionally, EVB TLV.
    static func peer(_ evb: String?, ttl: UInt16 = 120) -> LLDPDU {
        LLDPDU(
            chassisID: LLDPChassisID(macAddress: bridgeMAC),
            portID: LLDPPortID(macAddress: bridgeMAC),
            timeToLive: ttl,
            optionalTLVs: evb.map { [.evb(S.evb($0))] } ?? []
        )
    }

    enum Step: Sendable {
        case advance(at: Int64)
        case receive(LLDPDU, at: Int64)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration = LLDPAgentTests.configuration()
        var script: [Step]
        var event: Step
        var frames: [LLDPDU]
        var events: [LLDPAgentEvent]
        var deadline: Instant?
        var negotiated: Bool
        var testDescription: String { name }
    }

    static let fastStart: [Step] = fast(from: 0)
    /// The four fast transmissions a neighbour heard at 10 s brings.
    static let fastAfterNeighbour: [Step] = fast(from: 10000)

    /// Advances at `start` and the three seconds after it: a run of fast transmissions.
    static func fast(from start: Int64) -> [Step] {
        (0..<4).map { .advance(at: start + 1000 * Int64($0)) }
    }
    static let negotiatedParameters = EVBParameters(groupIDsSupported: true)
    /// The station TLV after hearing the bridge's steady TLV.
    static let steady = V.stationSteady

    static let rows: [Row] = [
        Row(
            name: "start: the first LLDPDU at once, TTL 4 × 30 s = 120",
            script: [],
            event: .advance(at: 0),
            frames: [ours(V.stationBeforeBridge)],
            events: [],
            deadline: S.ms(1000),
            negotiated: false
        ),
        Row(
            name: "fast start: nothing before 1 s",
            script: [.advance(at: 0)],
            event: .advance(at: 999),
            frames: [],
            events: [],
            deadline: S.ms(1000),
            negotiated: false
        ),
        Row(
            name: "fast start: the 2nd LLDPDU 1 s later",
            script: [.advance(at: 0)],
            event: .advance(at: 1000),
            frames: [ours(V.stationBeforeBridge)],
            events: [],
            deadline: S.ms(2000),
            negotiated: false
        ),
        Row(
            name: "fast start: the 4th LLDPDU at 3 s, then the 30 s interval",
            script: [.advance(at: 0), .advance(at: 1000), .advance(at: 2000)],
            event: .advance(at: 3000),
            frames: [ours(V.stationBeforeBridge)],
            events: [],
            deadline: S.ms(33000),
            negotiated: false
        ),
        Row(
            name: "regular: the 5th LLDPDU 30 s after the 4th",
            script: fastStart,
            event: .advance(at: 33000),
            frames: [ours(V.stationBeforeBridge)],
            events: [],
            deadline: S.ms(63000),
            negotiated: false
        ),
        Row(
            name: "late advance: one LLDPDU, the schedule restarts from now",
            script: fastStart,
            event: .advance(at: 50000),
            frames: [ours(V.stationBeforeBridge)],
            events: [],
            deadline: S.ms(80000),
            negotiated: false
        ),
        Row(
            name: "TTL: hold 3 × 10 s = 30; no fast start",
            configuration: configuration(messageInterval: .seconds(10), holdMultiplier: 3, fastStartCount: 0),
            script: [],
            event: .advance(at: 0),
            frames: [ours(V.stationBeforeBridge, ttl: 30)],
            events: [],
            deadline: S.ms(10000),
            negotiated: false
        ),
        Row(
            name: "receive the bridge: peerNegotiated; the changed TLV is due 1 s after the last LLDPDU",
            script: fastStart,
            event: .receive(peer(V.bridgeSteady), at: 10000),
            frames: [],
            events: [.peerNegotiated(negotiatedParameters)],
            deadline: S.ms(4000),
            negotiated: true
        ),
        Row(
            name: "change after receive: an extra LLDPDU at once, the first of the new neighbour's fast ones",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000)],
            event: .advance(at: 10000),
            frames: [ours(steady)],
            events: [],
            deadline: S.ms(11000),
            negotiated: true
        ),
        Row(
            name: "change right after a transmission: rate-limited to 1 s after it",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 3200)],
            event: .advance(at: 3200),
            frames: [],
            events: [],
            deadline: S.ms(4000),
            negotiated: true
        ),
        Row(
            name: "rate-limited change: sent 1 s after the previous LLDPDU, the new neighbour's next 1 s later",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 3200), .advance(at: 3200)],
            event: .advance(at: 4000),
            frames: [ours(steady)],
            events: [],
            deadline: S.ms(5000),
            negotiated: true
        ),
        Row(
            name: "no change: the same TLV again makes nothing due",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000)] + fastAfterNeighbour,
            event: .receive(peer(V.bridgeSteady), at: 20000),
            frames: [],
            events: [],
            deadline: S.ms(43000),
            negotiated: true
        ),
        Row(
            name: "parameters change: peerChanged with the new values",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000), .advance(at: 10000)],
            event: .receive(peer("fe 09 00 80 c2 0d 07 0d 6a 74 34"), at: 20000),
            frames: [],
            events: [.peerChanged(EVBParameters(retransmissionExponent: 10, groupIDsSupported: true))],
            deadline: S.ms(11000),
            negotiated: true
        ),
        Row(
            name: "peer expiry after its TTL: peerLost, and the RRSTAT 3 TLV goes out at once",
            script: fastStart + [.receive(peer(V.bridgeSteady, ttl: 5), at: 10000)] + fastAfterNeighbour,
            event: .advance(at: 15000),
            frames: [ours(V.stationBeforeBridge)],
            events: [.peerLost],
            deadline: S.ms(45000),
            negotiated: false
        ),
        Row(
            name: "peer expiry: nothing just before the TTL",
            script: fastStart + [.receive(peer(V.bridgeSteady, ttl: 5), at: 10000)] + fastAfterNeighbour,
            event: .advance(at: 14999),
            frames: [],
            events: [],
            deadline: S.ms(15000),
            negotiated: true
        ),
        Row(
            name: "a new LLDPDU restarts the peer's expiry",
            script: fastStart + [
                .receive(peer(V.bridgeSteady, ttl: 5), at: 10000)
            ] + fastAfterNeighbour + [.receive(peer(V.bridgeSteady, ttl: 5), at: 14000)],
            event: .advance(at: 15000),
            frames: [],
            events: [],
            deadline: S.ms(19000),
            negotiated: true
        ),
        Row(
            name: "shutdown LLDPDU (TTL 0): peerLost",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000), .advance(at: 10000)],
            event: .receive(peer(nil, ttl: 0), at: 20000),
            frames: [],
            events: [.peerLost],
            deadline: S.ms(11000),
            negotiated: false
        ),
        Row(
            name: "shutdown LLDPDU with no peer: ignored",
            script: fastStart,
            event: .receive(peer(nil, ttl: 0), at: 20000),
            frames: [],
            events: [],
            deadline: S.ms(33000),
            negotiated: false
        ),
        Row(
            name: "peer drops the EVB TLV: peerLost, the peer itself still tracked",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000), .advance(at: 10000)],
            event: .receive(peer(nil), at: 20000),
            frames: [],
            events: [.peerLost],
            deadline: S.ms(11000),
            negotiated: false
        ),
        Row(
            name: "peer without an EVB TLV: no event, fast transmissions for the new neighbour",
            script: fastStart,
            event: .receive(peer(nil, ttl: 10), at: 20000),
            frames: [],
            events: [],
            deadline: S.ms(4000),
            negotiated: false
        ),
        Row(
            name: "expiry of a peer that never negotiated: no event",
            script: fastStart + [.receive(peer(nil, ttl: 10), at: 20000)] + fast(from: 20000),
            event: .advance(at: 30000),
            frames: [],
            events: [],
            deadline: S.ms(53000),
            negotiated: false
        ),
        Row(
            name: "a peer of the same role (another station): not negotiated, fast transmissions for the new neighbour",
            script: fastStart,
            event: .receive(LLDPNeighbourTests.stranger(V.stationSteady), at: 10000),
            frames: [],
            events: [],
            deadline: S.ms(4000),
            negotiated: false
        ),
    ]

    static func run(
        _ step: Step,
        on agent: inout LLDPAgent
    ) -> (frames: [LLDPDU], events: [LLDPAgentEvent]) {
        var frames: [LLDPDU] = []
        var events: [LLDPAgentEvent] = []
        switch step {
        case .advance(let time):
            agent.advance(to: S.ms(time), into: &frames, events: &events)
        case .receive(let lldpdu, let time):
            agent.receive(lldpdu, at: S.ms(time), into: &events)
        }
        return (frames, events)
    }

    @Test(arguments: rows)
    func transition(_ row: Row) {
        var agent = LLDPAgent(configuration: row.configuration, now: .zero)
        for step in row.script {
            _ = Self.run(step, on: &agent)
        }
        let (frames, events) = Self.run(row.event, on: &agent)
        #expect(frames == row.frames)
        #expect(events == row.events)
        #expect(agent.nextDeadline == row.deadline)
        #expect(agent.negotiator.isNegotiated == row.negotiated)

        // advance(to:) is idempotent: a second call at the same instant changes nothing.
        if case .advance(let time) = row.event {
            let before = agent
            var frames: [LLDPDU] = []
            var events: [LLDPAgentEvent] = []
            agent.advance(to: S.ms(time), into: &frames, events: &events)
            #expect(frames.isEmpty && events.isEmpty)
            #expect(agent == before)
        }
    }

    @Test func shutdownLLDPDUHasTTLZeroAndNoEVB() {
        let agent = LLDPAgent(configuration: Self.configuration(), now: .zero)
        let shutdown = agent.shutdownLLDPDU()
        #expect(shutdown.timeToLive == 0)
        #expect(shutdown.isShutdown)
        #expect(shutdown.evb == nil)
        #expect(shutdown.chassisID.macAddress == Self.stationMAC)
        #expect(shutdown.portID.macAddress == Self.stationMAC)
    }

    @Test func lldpduMatchesLldpadOnTheWire() throws {
        // The capture's station frame 2, without its zero padding: same TLVs, same order, End TLV.
        let frames = try S.frames("lldp-evb-negotiation")
        guard case .lldp(let captured) = frames[1].payload else {
            Issue.record("frame 2 is not LLDP")
            return
        }
        var configuration = Self.configuration()
        configuration.evb.retransmissionExponent = 14
        let agent = LLDPAgent(configuration: configuration, now: .zero)
        var expected = captured
        expected.end = .endTLV
        #expect(agent.advertisedLLDPDU == expected)
    }

    @Test func timeToLiveIsClampedAndRounded() {
        #expect(Self.configuration().timeToLive == 120)
        #expect(Self.configuration(messageInterval: .milliseconds(1500), holdMultiplier: 3).timeToLive == 5)
        #expect(Self.configuration(messageInterval: .seconds(30_000), holdMultiplier: 4).timeToLive == 65535)
        #expect(Self.configuration(messageInterval: .zero).timeToLive == 1)
        #expect(Self.configuration().maximumNeighbourTimeToLive == .seconds(300))
    }

    /// A station agent and a bridge agent exchanging LLDPDUs in virtual time converge on lldpad's steady TLVs.
    @Test func stationAndBridgeConverge() {
        var station = LLDPAgent(configuration: Self.configuration(.station), now: .zero)
        var bridge = LLDPAgent(configuration: Self.configuration(.bridge), now: S.ms(300))
        var stationEvents: [LLDPAgentEvent] = []
        var bridgeEvents: [LLDPAgentEvent] = []
        var time = Instant.zero
        for _ in 0..<20 {
            guard let next = [station.nextDeadline, bridge.nextDeadline].compactMap({ $0 }).min() else {
                break
            }
            time = next
            var frames: [LLDPDU] = []
            station.advance(to: time, into: &frames, events: &stationEvents)
            for frame in frames {
                bridge.receive(frame, at: time, into: &bridgeEvents)
            }
            frames.removeAll()
            bridge.advance(to: time, into: &frames, events: &bridgeEvents)
            for frame in frames {
                station.receive(frame, at: time, into: &stationEvents)
            }
        }
        #expect(station.negotiator.localTLV == S.evb(V.stationSteady))
        #expect(bridge.negotiator.localTLV == S.evb(V.bridgeSteady))
        #expect(stationEvents.first == .peerNegotiated(Self.negotiatedParameters))
        #expect(bridgeEvents.first == .peerNegotiated(Self.negotiatedParameters))
        #expect(!stationEvents.contains(.peerLost) && !bridgeEvents.contains(.peerLost))
    }

    /// A run of receptions, and the instants (in ms) at which the station agent transmits until `until`.
    struct FastTransmissionRow: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration = LLDPAgentTests.configuration()
        var received: [(at: Int64, lldpdu: LLDPDU)]
        var until: Int64
        var sent: [Int64]
        var testDescription: String { name }
    }

    /// The bridge's TLVs alternating every 0.5 s from 10 s to 19.5 s.
    static let flapping: [(at: Int64, lldpdu: LLDPDU)] = (0..<20).map { (index: Int) in
        let tlv: String = index % 2 == 0 ? V.bridgeSteady : V.bridgeBeforeStation
        let at: Int64 = 10000 + 500 * Int64(index)
        return (at: at, lldpdu: peer(tlv))
    }

    /// One LLDPDU a second from 10 s to 21 s.
    static let flappingSent: [Int64] = (10...21).map { (second: Int) -> Int64 in Int64(second) * 1000 }

    static let fastTransmissionRows: [FastTransmissionRow] = [
        FastTransmissionRow(
            name: "no neighbour: the four start-up LLDPDUs, then one every 30 s",
            received: [],
            until: 70000,
            sent: [0, 1000, 2000, 3000, 33000, 63000]
        ),
        FastTransmissionRow(
            name: "a new neighbour after start-up: four LLDPDUs 1 s apart, the first at once",
            received: [(10000, peer(V.bridgeSteady))],
            until: 50000,
            sent: [0, 1000, 2000, 3000, 10000, 11000, 12000, 13000, 43000]
        ),
        FastTransmissionRow(
            name: "a new neighbour during start-up: the start-up run is not extended",
            received: [(1500, peer(V.bridgeSteady))],
            until: 40000,
            sent: [0, 1000, 2000, 3000, 33000]
        ),
        FastTransmissionRow(
            name: "the neighbour repeats its TLV: nothing more",
            received: [(10000, peer(V.bridgeSteady)), (20000, peer(V.bridgeSteady)), (40000, peer(V.bridgeSteady))],
            until: 50000,
            sent: [0, 1000, 2000, 3000, 10000, 11000, 12000, 13000, 43000]
        ),
        FastTransmissionRow(
            name: "the neighbour restarts with the same IDs (its TLV has not heard this port): four more",
            received: [(10000, peer(V.bridgeSteady)), (20000, peer(V.bridgeBeforeStation))],
            until: 60000,
            sent: [0, 1000, 2000, 3000, 10000, 11000, 12000, 13000, 20000, 21000, 22000, 23000, 53000]
        ),
        FastTransmissionRow(
            name: "a change 0.5 s after the last LLDPDU: the first waits until 1 s after it",
            received: [(10000, peer(V.bridgeSteady)), (13500, peer(V.bridgeBeforeStation))],
            until: 50000,
            sent: [0, 1000, 2000, 3000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 47000]
        ),
        FastTransmissionRow(
            name: "the neighbour drops its EVB TLV: four more",
            received: [(10000, peer(V.bridgeSteady)), (20000, peer(nil))],
            until: 60000,
            sent: [0, 1000, 2000, 3000, 10000, 11000, 12000, 13000, 20000, 21000, 22000, 23000, 53000]
        ),
        FastTransmissionRow(
            name: "another sender while the neighbour is present: nothing more",
            received: [(10000, peer(V.bridgeSteady)), (20000, LLDPNeighbourTests.stranger(V.bridgeBeforeStation))],
            until: 50000,
            sent: [0, 1000, 2000, 3000, 10000, 11000, 12000, 13000, 43000]
        ),
        FastTransmissionRow(
            name: "a TLV that changes every 0.5 s: never more than one LLDPDU a second",
            received: flapping,
            until: 60000,
            sent: [0, 1000, 2000, 3000] + flappingSent + [51000]
        ),
        FastTransmissionRow(
            name: "no fast transmissions configured: only the extra LLDPDU for the changed local TLV",
            configuration: configuration(fastStartCount: 0),
            received: [(10000, peer(V.bridgeSteady))],
            until: 50000,
            sent: [0, 10000, 40000]
        ),
    ]

    /// 802.1AB fast transmission: a new neighbour, or new information from the neighbour, brings four LLDPDUs
    /// 1 s apart, so that a neighbour that restarted with the same IDs hears this port within seconds.
    @Test(arguments: fastTransmissionRows)
    func fastTransmission(_ row: FastTransmissionRow) {
        var agent = LLDPAgent(configuration: row.configuration, now: .zero)
        var pending = row.received[...]
        var sent: [Int64] = []
        var events: [LLDPAgentEvent] = []
        while let deadline = agent.nextDeadline {
            let now = pending.first.map { min(S.ms($0.at), deadline) } ?? deadline
            guard now <= S.ms(row.until) else {
                break
            }
            if let next = pending.first, S.ms(next.at) == now {
                agent.receive(next.lldpdu, at: now, into: &events)
                pending.removeFirst()
            }
            var frames: [LLDPDU] = []
            agent.advance(to: now, into: &frames, events: &events)
            sent += frames.map { _ in now.nanoseconds / 1_000_000 }
        }
        #expect(pending.isEmpty)
        #expect(sent == row.sent)
    }
}
