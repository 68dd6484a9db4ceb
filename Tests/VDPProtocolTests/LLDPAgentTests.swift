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

    static let fastStart: [Step] = [.advance(at: 0), .advance(at: 1000), .advance(at: 2000), .advance(at: 3000)]
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
            name: "change after receive: an extra LLDPDU at once",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000)],
            event: .advance(at: 10000),
            frames: [ours(steady)],
            events: [],
            deadline: S.ms(40000),
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
            name: "rate-limited change: sent 1 s after the previous LLDPDU",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 3200), .advance(at: 3200)],
            event: .advance(at: 4000),
            frames: [ours(steady)],
            events: [],
            deadline: S.ms(34000),
            negotiated: true
        ),
        Row(
            name: "no change: the same TLV again makes nothing due",
            script: fastStart + [.receive(peer(V.bridgeSteady), at: 10000), .advance(at: 10000)],
            event: .receive(peer(V.bridgeSteady), at: 20000),
            frames: [],
            events: [],
            deadline: S.ms(40000),
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
            script: fastStart + [.receive(peer(V.bridgeSteady, ttl: 5), at: 10000), .advance(at: 10000)],
            event: .advance(at: 15000),
            frames: [ours(V.stationBeforeBridge)],
            events: [.peerLost],
            deadline: S.ms(45000),
            negotiated: false
        ),
        Row(
            name: "peer expiry: nothing just before the TTL",
            script: fastStart + [.receive(peer(V.bridgeSteady, ttl: 5), at: 10000), .advance(at: 10000)],
            event: .advance(at: 14999),
            frames: [],
            events: [],
            deadline: S.ms(15000),
            negotiated: true
        ),
        Row(
            name: "a new LLDPDU restarts the peer's expiry",
            script: fastStart + [
                .receive(peer(V.bridgeSteady, ttl: 5), at: 10000), .advance(at: 10000),
                .receive(peer(V.bridgeSteady, ttl: 5), at: 14000),
            ],
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
            name: "peer without an EVB TLV: no event, its expiry is tracked",
            script: fastStart,
            event: .receive(peer(nil, ttl: 10), at: 20000),
            frames: [],
            events: [],
            deadline: S.ms(30000),
            negotiated: false
        ),
        Row(
            name: "expiry of a peer that never negotiated: no event",
            script: fastStart + [.receive(peer(nil, ttl: 10), at: 20000)],
            event: .advance(at: 30000),
            frames: [],
            events: [],
            deadline: S.ms(33000),
            negotiated: false
        ),
        Row(
            name: "a peer of the same role (another station) is ignored",
            script: fastStart,
            event: .receive(LLDPNeighbourTests.stranger(V.stationSteady), at: 10000),
            frames: [],
            events: [],
            deadline: S.ms(33000),
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
}
