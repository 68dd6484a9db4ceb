import Synchronization
import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// An agent sends the acknowledgements of every ECP request of a batch of arrived frames before it does their VDP
/// work, and judges an acknowledgement from the peer by its arrival stamp. The clock is a ``ManualAgentClock`` and the
/// link a ``ScriptedLink``: the ack timer fires when the test advances the clock, and the batch is what the test put
/// at the socket.
@Suite struct AcknowledgementsFirstTests {
    static let station = AgentLifecycleTests.station
    static let bridge = AgentLifecycleTests.bridge
    static let parameters = EVBParameters(retransmissionExponent: 8)
    static let responseSequence: UInt16 = 0x0500

    static func request(_ number: UInt64, sequence: UInt16) -> Frame {
        let vm = AgentLifecycleTests.vm(number)
        let tlv = VSITLV(
            type: .associate,
            status: .request(),
            typeID: vm.typeID,
            typeVersion: vm.typeVersion,
            vsiID: vm.vsiID,
            filterInfo: vm.filterInfo
        )
        return .ecp(
            .vdpRequest(sequenceNumber: sequence, VDPULPDU(managerID: vm.managerID, vsis: [tlv])),
            from: Self.station
        )
    }

    /// When the station's acknowledgement of the bridge's first response arrived, relative to that response's ack
    /// timer, and whether the bridge counts it late.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var arrivalBeforeDeadline: Duration
        var late: UInt64
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "well in time", arrivalBeforeDeadline: .microseconds(2_000), late: 0),
        Row(name: "at the deadline", arrivalBeforeDeadline: .zero, late: 0),
        Row(name: "after the deadline", arrivalBeforeDeadline: .microseconds(-100), late: 1),
    ]

    @Test(arguments: rows)
    func aBatchIsAcknowledgedBeforeItsVDPWork(_ row: Row) async throws {
        let link = ScriptedLink()
        let clock = ManualAgentClock()
        let agent = BridgeAgent(
            configuration: BridgePortConfiguration(
                address: Self.bridge,
                parameters: Self.parameters,
                firstSequenceNumber: Self.responseSequence
            ),
            rule: .acceptAll,
            link: link,
            clock: clock
        )
        let runner = Task { await agent.run() }

        // Request 10 is answered at once: its acknowledgement, then the response ECPDU, whose ack timer runs.
        link.deliver(Self.request(1, sequence: 10))
        let ackDeadline = Instant.zero + Self.parameters.timers.ackTimer
        try #require(
            await eventually { link.sentRequests.count == 1 && clock.sleepingUntil.first == ackDeadline },
            "the first response was not sent, or the wake-up is not its ack timer"
        )
        #expect(Self.acknowledgements(in: link.sent) == [10])
        #expect(link.sentRequests.first?.sequenceNumber == Self.responseSequence)

        // At the socket when the ack timer expires: the station's acknowledgement of the response, then two requests.
        let sentBefore = link.sent.count
        link.arrive(
            .ecp(.acknowledgement(of: Self.responseSequence), from: Self.station),
            receivedAt: clock.stamp(at: ackDeadline + (.zero - row.arrivalBeforeDeadline))
        )
        link.arrive(Self.request(2, sequence: 11), receivedAt: clock.stamp(at: .zero + .microseconds(500)))
        link.arrive(Self.request(3, sequence: 12), receivedAt: clock.stamp(at: .zero + .microseconds(600)))
        clock.advance(by: Self.parameters.timers.ackTimer + .milliseconds(1))
        try #require(
            await eventually { link.arrivedCount == 0 && link.sentRequests.count >= 2 },
            "the agent did not take the frames at the socket"
        )
        let after = Array(link.sent.dropFirst(sentBefore))
        #expect(after.count >= 3)
        #expect(Self.acknowledgements(in: Array(after.prefix(2))) == [11, 12], "both acknowledgements go first")
        let response = try #require(after.dropFirst(2).first)
        guard case .ecp(let ecpdu) = response.payload, ecpdu.operation == .request, case .vdp(let ulpdu) = ecpdu.payload
        else {
            Issue.record("the third frame is not the response ECPDU: \(response)")
            await agent.stop()
            link.close()
            await runner.value
            return
        }
        #expect(ulpdu.vsiTLVs.map(\.vsiID) == [AgentLifecycleTests.vm(2).vsiID])
        #expect(ecpdu.sequenceNumber == Self.responseSequence &+ 1, "the first response was not retransmitted")

        let counters = await agent.ecpTransmitterCounters
        #expect(counters.retransmitted == 0)
        #expect(counters.needlessRetransmissions == 0)
        #expect(counters.lateAcknowledgements == row.late)
        #expect(await agent.longestAcknowledgementDelay >= .milliseconds(1))
        await agent.stop()
        link.close()
        await runner.value
    }

    /// A request that arrives while the agent does the VDP work of a batch is acknowledged before the VDP work of
    /// the next request of the batch: the rule, deciding VSI 2, puts request 13 at the socket; deciding VSI 3, it
    /// finds request 13's acknowledgement already sent.
    @Test func aRequestArrivingDuringVDPWorkIsAcknowledgedBeforeTheNextWork() async throws {
        let link = ScriptedLink()
        let clock = ManualAgentClock()
        let sentAtDecision = Mutex<[UInt64: [UInt16]]>([:])
        let vsi2 = AgentLifecycleTests.vm(2).vsiID
        let vsi3 = AgentLifecycleTests.vm(3).vsiID
        let rule = BridgeDecisionRule { request in
            let number: UInt64? =
                request.key.vsiID == vsi2 ? 2 : request.key.vsiID == vsi3 ? 3 : nil
            if let number {
                sentAtDecision.withLock { $0[number] = Self.acknowledgements(in: link.sent) }
            }
            if number == 2 {
                link.arrive(Self.request(4, sequence: 13))
            }
            return .accept
        }
        let agent = BridgeAgent(
            configuration: BridgePortConfiguration(
                address: Self.bridge,
                parameters: Self.parameters,
                firstSequenceNumber: Self.responseSequence
            ),
            rule: rule,
            link: link,
            clock: clock
        )
        let runner = Task { await agent.run() }
        link.deliver(Self.request(1, sequence: 10))
        let ackDeadline = Instant.zero + Self.parameters.timers.ackTimer
        try #require(
            await eventually { link.sentRequests.count == 1 && clock.sleepingUntil.first == ackDeadline },
            "the first response was not sent, or the wake-up is not its ack timer"
        )
        link.arrive(.ecp(.acknowledgement(of: Self.responseSequence), from: Self.station))
        link.arrive(Self.request(2, sequence: 11))
        link.arrive(Self.request(3, sequence: 12))
        clock.advance(by: Self.parameters.timers.ackTimer + .milliseconds(1))
        try #require(
            await eventually { sentAtDecision.withLock { $0[3] != nil } && link.arrivedCount == 0 },
            "the agent did not decide the batch's VSIs"
        )
        let seen = sentAtDecision.withLock { $0 }
        #expect(seen[2] == [10, 11, 12], "the batch's acknowledgements go before its first VDP work")
        #expect(seen[3] == [10, 11, 12, 13], "request 13, arrived during VSI 2's work, is acknowledged before VSI 3's")
        #expect(await agent.ecpTransmitterCounters.retransmitted == 0)
        await agent.stop()
        link.close()
        await runner.value
    }

    static func acknowledgements(in frames: [Frame]) -> [UInt16] {
        frames.compactMap { frame in
            guard case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .acknowledgement else {
                return nil
            }
            return ecpdu.sequenceNumber
        }
    }

    /// Waits, yielding, until `condition` holds; `false` if it still does not after a generous wall-clock bound
    /// (a safety net against a hang, never what the test relies on).
    func eventually(_ condition: () async -> Bool) async -> Bool {
        let giveUp = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < giveUp {
            if await condition() {
                return true
            }
            await Task.yield()
        }
        return await condition()
    }
}
