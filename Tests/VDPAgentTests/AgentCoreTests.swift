import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// What the shared agent core adds to the EVB ports: cancellation, waiting for negotiation, several event
/// subscribers, tracked policy tasks and send failures. No test waits for a protocol timer.
@Suite struct AgentCoreTests {
    static let station = AgentLifecycleTests.station
    static let bridge = AgentLifecycleTests.bridge
    static let parameters = AgentLifecycleTests.parameters

    /// A link whose sends fail and on which nothing arrives until it is closed.
    struct FailingLink: FrameLink {
        struct Failure: LinkFailure, CustomStringConvertible {
            var meansLinkDown: Bool
            var description: String { meansLinkDown ? "network is down" : "no buffer space" }
        }

        let linkDown: Bool
        let frames: AsyncStream<ReceivedFrame>
        let continuation: AsyncStream<ReceivedFrame>.Continuation

        init(linkDown: Bool) {
            self.linkDown = linkDown
            (frames, continuation) = AsyncStream.makeStream()
        }

        func send(_ frame: Frame) async throws {
            throw Failure(meansLinkDown: linkDown)
        }
    }

    /// Records whether a policy's task was cancelled.
    actor Flag {
        private(set) var isSet = false
        func set() { isSet = true }
    }

    @Test func aCancelledCallThrowsCancelledAndTheAgentForgetsIt() async throws {
        // The other end of the link is never read: the request goes unanswered.
        let (stationEnd, _) = InMemoryLink.pair()
        let agent = StationAgent(
            configuration: StationPortConfiguration(address: Self.station, parameters: Self.parameters),
            link: stationEnd
        )
        let runner = Task { await agent.run() }
        let call = Task { try await agent.associate(AgentLifecycleTests.vm(1)) }
        while await agent.vsiCount == 0 {
            await Task.yield()
        }
        call.cancel()
        await #expect(throws: StationLifecycleError.cancelled) { try await call.value }
        await agent.stop()
        await runner.value
    }

    @Test func awaitNegotiationReturnsOnceTheBridgeIsHeard() async throws {
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        let evb = (
            station: EVBConfiguration(role: .station, retransmissionExponent: 14, supportsGroupIDs: true),
            bridge: EVBConfiguration(role: .bridge, retransmissionExponent: 14, supportsGroupIDs: true)
        )
        let station = StationAgent(
            configuration: StationPortConfiguration(address: Self.station),
            evb: evb.station,
            link: stationEnd
        )
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: Self.bridge, vidRange: 300...310),
            evb: evb.bridge,
            rule: .acceptAll,
            link: bridgeEnd
        )
        #expect(await !station.isNegotiated)
        let stationRun = Task { await station.run() }
        let bridgeRun = Task { await bridge.run() }
        try await station.awaitNegotiation()
        #expect(await station.isNegotiated)
        #expect(await station.parameters.groupIDsSupported)
        // Right after negotiation a GroupID request is allowed.
        var vm = AgentLifecycleTests.vm(2)
        vm.filterInfo = .groupMACVID(GroupID(rawValue: 7), MACAddress(0x52, 0x54, 0, 0, 0, 2), .null)
        let state = try await station.associate(vm)
        #expect(state.type == .associate)
        await station.stop()
        await bridge.stop()
        stationEnd.close()
        bridgeEnd.close()
        await stationRun.value
        await bridgeRun.value
    }

    @Test func awaitNegotiationHonoursCancellation() async throws {
        let (stationEnd, _) = InMemoryLink.pair()
        let station = StationAgent(
            configuration: StationPortConfiguration(address: Self.station),
            evb: EVBConfiguration(role: .station),
            link: stationEnd
        )
        let runner = Task { await station.run() }
        let waiting = Task { try await station.awaitNegotiation() }
        waiting.cancel()
        await #expect(throws: StationLifecycleError.cancelled) { try await waiting.value }
        await station.stop()
        await runner.value
    }

    @Test func everySubscriberGetsEveryEvent() async throws {
        try await AgentLifecycleTests().withAgents { station, bridge in
            var first = await bridge.events().makeAsyncIterator()
            var second = await bridge.events().makeAsyncIterator()
            _ = try await station.associate(AgentLifecycleTests.vm(3))
            let a = await first.next()
            let b = await second.next()
            #expect(a == b)
            guard case .vsi(.vsiChanged)? = a else {
                Issue.record("expected a table change, got \(String(describing: a))")
                return
            }
            #expect(await bridge.droppedEvents == 0)
        }
    }

    @Test func stopCancelsThePolicysTasksAndEndsTheStreams() async throws {
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        let cancelled = Flag()
        let asked = Flag()
        let policy = ClosureBridgePolicy { _ in
            await asked.set()
            try? await Task.sleep(for: .seconds(3600))
            if Task.isCancelled {
                await cancelled.set()
            }
            return .accept
        }
        let station = StationAgent(
            configuration: StationPortConfiguration(address: Self.station, parameters: Self.parameters),
            link: stationEnd
        )
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: Self.bridge, parameters: Self.parameters),
            policy: policy,
            link: bridgeEnd
        )
        let events = await bridge.events()
        let stationRun = Task { await station.run() }
        let bridgeRun = Task { await bridge.run() }
        let call = Task { try await station.associate(AgentLifecycleTests.vm(4)) }
        while await !asked.isSet {
            await Task.yield()
        }
        await bridge.stop()
        while await !cancelled.isSet {
            await Task.yield()
        }
        for await _ in events {}
        #expect(await cancelled.isSet)
        await station.stop()
        await #expect(throws: StationLifecycleError.failed(.portDown)) { try await call.value }
        stationEnd.close()
        bridgeEnd.close()
        await stationRun.value
        await bridgeRun.value
    }

    @Test(arguments: [false, true])
    func sendFailuresAreCountedAndReported(linkDown: Bool) async throws {
        let link = FailingLink(linkDown: linkDown)
        let agent = StationAgent(
            configuration: StationPortConfiguration(address: Self.station, parameters: Self.parameters),
            link: link
        )
        var events = await agent.events().makeAsyncIterator()
        let runner = Task { await agent.run() }
        let result = await agent.request([(.associate, AgentLifecycleTests.vm(5), .none)])
        let failure = TransmissionFailure(
            reason: linkDown ? "network is down" : "no buffer space",
            linkDown: linkDown
        )
        #expect(await events.next() == .sendFailed(failure))
        #expect(await agent.evbCounters.sendFailures >= 1)
        if linkDown {
            #expect(await events.next() == .linkDown)
            #expect(result.first == .failure(.failed(.portDown)), "the link went down under the request")
        }
        _ = result
        await agent.stop()
        link.continuation.finish()
        await runner.value
    }
}
