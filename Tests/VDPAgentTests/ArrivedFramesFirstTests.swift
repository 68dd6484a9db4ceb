import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// An agent handles the frames that have arrived at its link before it runs the timers that are due
/// (``FrameLink/takeArrived()``): an acknowledgement that reached the socket before the ack timer expired stops the
/// retransmission even when the link's reader has not delivered it. The clock is a ``ManualAgentClock``: the ack timer
/// fires when the test advances it, never after a real wait.
@Suite struct ArrivedFramesFirstTests {
    static let station = AgentLifecycleTests.station
    static let bridge = AgentLifecycleTests.bridge
    static let parameters = AgentLifecycleTests.parameters
    static let sequenceNumber: UInt16 = 0x1234

    /// Whether the bridge's acknowledgement and response wait at the socket when the ack timer expires.
    @Test(arguments: [true, false])
    func anAcknowledgementAtTheSocketIsHandledBeforeTheAckTimer(arrivedInTime: Bool) async throws {
        let link = ScriptedLink()
        let clock = ManualAgentClock()
        let agent = StationAgent(
            configuration: StationPortConfiguration(
                address: Self.station,
                parameters: Self.parameters,
                firstSequenceNumber: Self.sequenceNumber
            ),
            link: link,
            clock: clock
        )
        let runner = Task { await agent.run() }
        let call = Task { try await agent.associate(AgentLifecycleTests.vm(1)) }

        // The request leaves and the agent sleeps until its ack timer.
        let ackDeadline = Instant.zero + Self.parameters.timers.ackTimer
        try #require(
            await eventually { link.sentRequests.count == 1 && clock.sleepingUntil.first == ackDeadline },
            "the request was not sent, or the wake-up is not its ack timer"
        )
        let request = link.sentRequests[0]
        #expect(request.sequenceNumber == Self.sequenceNumber)
        guard case .vdp(let ulpdu) = request.payload else {
            Issue.record("the request carries no VDP ULPDU: \(request.payload)")
            return
        }
        let acknowledgement = Frame.ecp(.acknowledgement(of: request.sequenceNumber), from: Self.bridge)
        let response = Frame.ecp(.vdpRequest(sequenceNumber: 0x0777, Self.success(answering: ulpdu)), from: Self.bridge)
        if arrivedInTime {
            link.arrive(acknowledgement)
            link.arrive(response)
        }

        // The ack timer expires; the agent's loop ends by setting its next wake-up, later than now.
        clock.advance(by: Self.parameters.timers.ackTimer + .milliseconds(1))
        try #require(
            await eventually { !clock.sleepingUntil.isEmpty && clock.sleepingUntil.allSatisfy { $0 > clock.now() } },
            "the agent did not run its timers"
        )
        let sent = link.sentRequests
        #expect(sent.allSatisfy { $0.sequenceNumber == Self.sequenceNumber })
        if arrivedInTime {
            #expect(sent.count == 1, "the acknowledgement at the socket did not stop the retransmission")
        } else {
            #expect(sent.count == 2, "without the acknowledgement the request is sent again")
        }
        guard link.arrivedCount == 0 else {
            Issue.record("the agent ran its timers without taking the frames at the socket")
            await agent.stop()
            link.close()
            await runner.value
            return
        }
        if !arrivedInTime {
            link.deliver(acknowledgement)
            link.deliver(response)
        }

        let state = try await call.value
        #expect(state.type == .associate)
        #expect(await agent.counters.requestPDUsSent == 1)
        #expect(link.sentRequests.count == sent.count, "nothing was retransmitted after the timers ran")
        await agent.stop()
        link.close()
        await runner.value
    }

    /// The bridge's success response to every VSI TLV of `request`.
    static func success(answering request: VDPULPDU) -> VDPULPDU {
        VDPULPDU(
            tlvs: request.tlvs.map { tlv in
                guard case .vsi(var vsi) = tlv else {
                    return tlv
                }
                vsi.status = .response()
                return .vsi(vsi)
            },
            end: request.end
        )
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
