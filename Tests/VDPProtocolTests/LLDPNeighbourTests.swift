import Foundation
import Testing
import VDPWire

@testable import VDPProtocol

/// One neighbour per port: LLDPDUs from any other sender neither end, replace nor renegotiate it, and a peer cannot
/// stretch the timers beyond the ceilings. Station agent, injected clock in milliseconds.
@Suite struct LLDPNeighbourTests {
    typealias S = ECPTestSupport
    typealias V = ECPTestSupport.Vectors
    typealias Step = LLDPAgentTests.Step

    static let strangerMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0xCC, 0x01)
    static let otherPortMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0xBB, 0x02)

    /// The bridge that becomes the neighbour.
    static func bridge(_ evb: String?, ttl: UInt16 = 120) -> LLDPDU {
        LLDPAgentTests.peer(evb, ttl: ttl)
    }

    /// An LLDPDU from another sender: by default another chassis; `samePort: false` with the bridge's chassis ID
    /// gives the bridge's chassis on another port.
    static func stranger(
        _ evb: String?,
        ttl: UInt16 = 120,
        chassis: MACAddress = strangerMAC,
        port: MACAddress = strangerMAC
    ) -> LLDPDU {
        LLDPDU(
            chassisID: LLDPChassisID(macAddress: chassis),
            portID: LLDPPortID(macAddress: port),
            timeToLive: ttl,
            optionalTLVs: evb.map { [.evb(S.evb($0))] } ?? []
        )
    }

    static let bridgeID = LLDPNeighbourID(bridge(nil))
    static let strangerID = LLDPNeighbourID(stranger(nil))
    static let negotiated = EVBParameters(groupIDsSupported: true)
    static let local = EVBParameters()
    /// A bridge TLV at the fields' limits: R 7, RTE, RWD and RKA 31.
    static let stretching = EVBNegotiatorTests.bridgeTLV(r: 7, rte: 31, rwd: 31, rka: 31)

    static func counters(
        lldpdus: UInt64 = 0,
        accepted: UInt64 = 0,
        foreign: UInt64 = 0,
        shutdowns: UInt64 = 0,
        strayShutdowns: UInt64 = 0,
        expiries: UInt64 = 0,
        own: UInt64 = 0
    ) -> LLDPAgentCounters {
        var counters = LLDPAgentCounters()
        counters.neighbourLLDPDUs = lldpdus
        counters.neighboursAccepted = accepted
        counters.foreignLLDPDUsIgnored = foreign
        counters.shutdownsHonoured = shutdowns
        counters.shutdownsWithoutNeighbour = strayShutdowns
        counters.expiries = expiries
        counters.ownLLDPDUsIgnored = own
        return counters
    }

    struct Expected: Hashable, Sendable {
        var events: [LLDPAgentEvent]
        var neighbour: LLDPNeighbourID?
        var negotiated: Bool
        var parameters: EVBParameters
        var counters: LLDPAgentCounters
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var script: [Step]
        var event: Step
        var expected: Expected
        var testDescription: String { name }
    }

    static let fastStart = LLDPAgentTests.fastStart
    /// The bridge negotiated at 10 s with TTL 120 s, and the station's answer sent.
    static let established: [Step] = fastStart + [.receive(bridge(V.bridgeSteady), at: 10000), .advance(at: 10000)]
    /// The bridge negotiated at 10 s with TTL 5 s: it expires at 15 s.
    static let shortLived: [Step] =
        fastStart + [.receive(bridge(V.bridgeSteady, ttl: 5), at: 10000), .advance(at: 10000)]
    /// What an undisturbed negotiated neighbour looks like after `established`.
    static let unchanged = Expected(
        events: [],
        neighbour: bridgeID,
        negotiated: true,
        parameters: negotiated,
        counters: counters(lldpdus: 1, accepted: 1, foreign: 1)
    )

    static let rows: [Row] = [
        Row(
            name: "the first LLDPDU makes its sender the neighbour",
            script: fastStart,
            event: .receive(bridge(V.bridgeSteady), at: 10000),
            expected: Expected(
                events: [.peerNegotiated(negotiated)],
                neighbour: bridgeID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 1, accepted: 1)
            )
        ),
        Row(
            name: "a stranger's shutdown LLDPDU (TTL 0) does not drop the neighbour",
            script: established,
            event: .receive(stranger(nil, ttl: 0), at: 20000),
            expected: unchanged
        ),
        Row(
            name: "a stranger's LLDPDU without EVB TLV does not end the negotiation",
            script: established,
            event: .receive(stranger(nil), at: 20000),
            expected: unchanged
        ),
        Row(
            name: "a stranger's EVB TLV at R 7 and exponents 31 changes no parameter",
            script: established,
            event: .receive(stranger(stretching), at: 20000),
            expected: unchanged
        ),
        Row(
            name: "a stranger's EVB TLV with other status bits changes no parameter",
            script: established,
            event: .receive(stranger(V.bridgeBeforeStation), at: 20000),
            expected: unchanged
        ),
        Row(
            name: "the neighbour's chassis on another port is another sender: its TTL 0 is ignored",
            script: established,
            event: .receive(stranger(nil, ttl: 0, chassis: LLDPAgentTests.bridgeMAC, port: otherPortMAC), at: 20000),
            expected: unchanged
        ),
        Row(
            name: "another chassis with the neighbour's port ID is another sender",
            script: established,
            event: .receive(stranger(nil, ttl: 0, port: LLDPAgentTests.bridgeMAC), at: 20000),
            expected: unchanged
        ),
        Row(
            name: "a stranger 1 ms before the neighbour's expiry is still ignored",
            script: shortLived,
            event: .receive(stranger(V.bridgeSteady), at: 14999),
            expected: unchanged
        ),
        Row(
            name: "the neighbour without EVB TLV keeps the port: a stranger's EVB TLV does not negotiate",
            script: established + [.receive(bridge(nil), at: 20000)],
            event: .receive(stranger(V.bridgeSteady), at: 21000),
            expected: Expected(
                events: [],
                neighbour: bridgeID,
                negotiated: false,
                parameters: local,
                counters: counters(lldpdus: 2, accepted: 1, foreign: 1)
            )
        ),
        Row(
            name: "the neighbour's own shutdown LLDPDU is honoured",
            script: established,
            event: .receive(bridge(nil, ttl: 0), at: 20000),
            expected: Expected(
                events: [.peerLost],
                neighbour: nil,
                negotiated: false,
                parameters: local,
                counters: counters(lldpdus: 1, accepted: 1, shutdowns: 1)
            )
        ),
        Row(
            name: "after the neighbour's shutdown a new neighbour is accepted and negotiates",
            script: established + [.receive(bridge(nil, ttl: 0), at: 20000)],
            event: .receive(stranger(EVBNegotiatorTests.bridgeTLV(r: 3, rte: 10, rwd: 20, rka: 20)), at: 20001),
            expected: Expected(
                events: [.peerNegotiated(EVBParameters(retransmissionExponent: 10, groupIDsSupported: true))],
                neighbour: strangerID,
                negotiated: true,
                parameters: EVBParameters(retransmissionExponent: 10, groupIDsSupported: true),
                counters: counters(lldpdus: 2, accepted: 2, shutdowns: 1)
            )
        ),
        Row(
            name: "after the neighbour's expiry a new neighbour is accepted",
            script: shortLived + [.advance(at: 15000)],
            event: .receive(stranger(V.bridgeSteady), at: 16000),
            expected: Expected(
                events: [.peerNegotiated(negotiated)],
                neighbour: strangerID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 2, accepted: 2, expiries: 1)
            )
        ),
        Row(
            name: "a stranger after the neighbour's TTL, before advance: expiry, then the stranger takes over",
            script: shortLived,
            event: .receive(stranger(V.bridgeSteady), at: 15000),
            expected: Expected(
                events: [.peerLost, .peerNegotiated(negotiated)],
                neighbour: strangerID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 2, accepted: 2, expiries: 1)
            )
        ),
        Row(
            name: "a stranger's TTL 0 after the neighbour's TTL: the neighbour expires, the shutdown ends nothing",
            script: shortLived,
            event: .receive(stranger(nil, ttl: 0), at: 15000),
            expected: Expected(
                events: [.peerLost],
                neighbour: nil,
                negotiated: false,
                parameters: local,
                counters: counters(lldpdus: 1, accepted: 1, strayShutdowns: 1, expiries: 1)
            )
        ),
        Row(
            name: "a stranger's LLDPDUs do not extend the neighbour's life",
            script: shortLived + [.receive(stranger(V.bridgeSteady), at: 12000)],
            event: .advance(at: 15000),
            expected: Expected(
                events: [.peerLost],
                neighbour: nil,
                negotiated: false,
                parameters: local,
                counters: counters(lldpdus: 1, accepted: 1, foreign: 1, expiries: 1)
            )
        ),
        Row(
            name: "the neighbour's own LLDPDU after its TTL but before advance still refreshes it",
            script: shortLived,
            event: .receive(bridge(V.bridgeSteady, ttl: 5), at: 15000),
            expected: Expected(
                events: [],
                neighbour: bridgeID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 2, accepted: 1)
            )
        ),
        Row(
            name: "the port's own LLDPDU looped back never becomes the neighbour",
            script: fastStart,
            event: .receive(LLDPAgentTests.ours(V.stationSteady), at: 10000),
            expected: Expected(
                events: [],
                neighbour: nil,
                negotiated: false,
                parameters: local,
                counters: counters(own: 1)
            )
        ),
        Row(
            name: "the port's own shutdown LLDPDU looped back does not end the neighbour",
            script: established,
            event: .receive(LLDPAgentTests.ours(V.stationSteady, ttl: 0), at: 20000),
            expected: Expected(
                events: [],
                neighbour: bridgeID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 1, accepted: 1, own: 1)
            )
        ),
        Row(
            name: "a neighbour advertising TTL 65535 s is held only 300 s: a stranger 1 ms earlier is ignored",
            script: fastStart + [.receive(bridge(V.bridgeSteady, ttl: 65535), at: 10000)],
            event: .receive(stranger(V.bridgeSteady), at: 309_999),
            expected: Expected(
                events: [],
                neighbour: bridgeID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 1, accepted: 1, foreign: 1)
            )
        ),
        Row(
            name: "a neighbour advertising TTL 65535 s that falls silent expires 300 s after its last LLDPDU",
            script: fastStart + [.receive(bridge(V.bridgeSteady, ttl: 65535), at: 10000)],
            event: .advance(at: 310_000),
            expected: Expected(
                events: [.peerLost],
                neighbour: nil,
                negotiated: false,
                parameters: local,
                counters: counters(lldpdus: 1, accepted: 1, expiries: 1)
            )
        ),
        Row(
            name: "a silent squatter with TTL 65535 s gives way to the real bridge after 300 s",
            script: fastStart + [.receive(stranger(nil, ttl: 65535), at: 10000)],
            event: .receive(bridge(V.bridgeSteady), at: 310_000),
            expected: Expected(
                events: [.peerNegotiated(negotiated)],
                neighbour: bridgeID,
                negotiated: true,
                parameters: negotiated,
                counters: counters(lldpdus: 2, accepted: 2, expiries: 1)
            )
        ),
        Row(
            name: "a shutdown LLDPDU with no neighbour is counted and ignored",
            script: fastStart,
            event: .receive(stranger(nil, ttl: 0), at: 20000),
            expected: Expected(
                events: [],
                neighbour: nil,
                negotiated: false,
                parameters: local,
                counters: counters(strayShutdowns: 1)
            )
        ),
        Row(
            name: "ceilings: a neighbour advertising R 7 and exponents 31 negotiates R 7, RTE 17, RWD 22, RKA 23",
            script: fastStart,
            event: .receive(bridge(stretching), at: 10000),
            expected: Expected(
                events: [.peerNegotiated(EVBNegotiatorTests.atDefaultCeilings)],
                neighbour: bridgeID,
                negotiated: true,
                parameters: EVBNegotiatorTests.atDefaultCeilings,
                counters: counters(lldpdus: 1, accepted: 1)
            )
        ),
        Row(
            name: "ceilings: the neighbour raising its values to 31 later is capped as well",
            script: established,
            event: .receive(bridge(stretching), at: 20000),
            expected: Expected(
                events: [.peerChanged(EVBNegotiatorTests.atDefaultCeilings)],
                neighbour: bridgeID,
                negotiated: true,
                parameters: EVBNegotiatorTests.atDefaultCeilings,
                counters: counters(lldpdus: 2, accepted: 1)
            )
        ),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        var agent = LLDPAgent(configuration: LLDPAgentTests.configuration(), now: .zero)
        for step in row.script {
            _ = LLDPAgentTests.run(step, on: &agent)
        }
        let (_, events) = LLDPAgentTests.run(row.event, on: &agent)
        let observed = Expected(
            events: events,
            neighbour: agent.neighbour,
            negotiated: agent.negotiator.isNegotiated,
            parameters: agent.negotiator.parameters,
            counters: agent.counters
        )
        #expect(observed == row.expected)
        #expect(agent.hasPeer == (row.expected.neighbour != nil))
    }

    /// A thousand strangers, each with its own chassis ID, sending shutdowns, EVB-less LLDPDUs and stretching EVB
    /// TLVs between the neighbour's regular LLDPDUs: the neighbour and its parameters never move.
    @Test func strangersNeverMoveTheNeighbour() {
        var agent = LLDPAgent(configuration: LLDPAgentTests.configuration(), now: .zero)
        var events: [LLDPAgentEvent] = []
        var frames: [LLDPDU] = []
        agent.receive(Self.bridge(V.bridgeSteady), at: S.ms(0), into: &events)
        #expect(events == [.peerNegotiated(Self.negotiated)])
        events.removeAll()
        let kinds: [(evb: String?, ttl: UInt16)] = [(nil, 0), (nil, 120), (Self.stretching, 120), (V.bridgeSteady, 0)]
        for index in 0..<1000 {
            let mac = MACAddress(0x02, 0x00, 0x01, UInt8(index >> 8), UInt8(index & 0xFF), 0x01)
            let kind = kinds[index % kinds.count]
            let time = Int64(index) * 100
            agent.receive(
                Self.stranger(kind.evb, ttl: kind.ttl, chassis: mac, port: mac),
                at: S.ms(time),
                into: &events
            )
            if index % 300 == 299 {
                agent.receive(Self.bridge(V.bridgeSteady), at: S.ms(time), into: &events)
            }
            agent.advance(to: S.ms(time), into: &frames, events: &events)
        }
        #expect(events.isEmpty)
        #expect(agent.neighbour == Self.bridgeID)
        #expect(agent.negotiator.parameters == Self.negotiated)
        #expect(agent.counters.foreignLLDPDUsIgnored == 1000)
        #expect(agent.counters.neighbourLLDPDUs == 4)
        #expect(agent.counters.neighboursAccepted == 1)
        #expect(frames.allSatisfy { $0.evb == S.evb(V.stationSteady) })
    }

    @Test func neighbourIDRoundTripsThroughJSON() throws {
        let id = LLDPNeighbourID(
            chassisID: try LLDPChassisID(subtype: LLDPChassisID.interfaceNameSubtype, id: Array("eth0".utf8)),
            portID: LLDPPortID(macAddress: LLDPAgentTests.bridgeMAC)
        )
        let data = try JSONEncoder().encode(id)
        #expect(try JSONDecoder().decode(LLDPNeighbourID.self, from: data) == id)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"chassisIDSubtype\":6"))
        #expect(json.contains("\"portIDSubtype\":3"))
    }

    @Test func neighbourIDRefusesAnEmptyIdentifier() {
        let empty = Data(#"{"chassisIDSubtype":4,"chassisID":[],"portIDSubtype":3,"portID":[1]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LLDPNeighbourID.self, from: empty)
        }
        let octets = Array(repeating: "1", count: 256).joined(separator: ",")
        let tooLong = Data(#"{"chassisIDSubtype":4,"chassisID":[1],"portIDSubtype":3,"portID":[\#(octets)]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LLDPNeighbourID.self, from: tooLong)
        }
    }

    @Test func countersEncodeAsJSON() throws {
        let data = try JSONEncoder().encode(Self.counters(foreign: 3, expiries: 1))
        #expect(try JSONDecoder().decode(LLDPAgentCounters.self, from: data) == Self.counters(foreign: 3, expiries: 1))
    }
}
