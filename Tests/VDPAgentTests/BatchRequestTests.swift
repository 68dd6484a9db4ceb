import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// `StationAgent.request(_:)`: a batch larger than one turn of the agent, its answers in order, local refusals,
/// cancellation and a stop while it waits. No test waits for a protocol timer.
@Suite struct BatchRequestTests {
    @Test func aBatchLargerThanOneTurnIsAnsweredInOrder() async throws {
        let count = StationAgent.requestsPerTurn + 5
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        let room = count + 100
        let station = StationAgent(
            configuration: StationPortConfiguration(
                address: AgentLifecycleTests.station,
                parameters: AgentLifecycleTests.parameters
            ),
            link: stationEnd
        )
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(
                address: AgentLifecycleTests.bridge,
                parameters: AgentLifecycleTests.parameters,
                vidRange: 2...4094,
                limits: BridgePortLimits(
                    maximumVSIs: room,
                    maximumVSIsPerStation: room,
                    maximumQueuedResponses: room,
                    maximumQueuedResponsesPerStation: room,
                    maximumPendingDecisions: room,
                    maximumPendingDecisionsPerStation: room,
                    newVSIsPerSecondPerStation: room,
                    newVSIBurstPerStation: room
                )
            ),
            policy: ClosureBridgePolicy { request in
                request.descriptor.typeID.rawValue == 666 ? .reject(.authorizationFailed, hardError: true) : .accept
            },
            link: bridgeEnd
        )
        let runners = [Task { await station.run() }, Task { await bridge.run() }]
        var requests: [(type: VSITLVType, vsi: VSIDescriptor, hints: VSIHints)] = []
        for index in 0..<count {
            var vsi = AgentLifecycleTests.vm(UInt64(1_000 + index), typeID: index == 7 ? 666 : 100)
            let mac = try #require(MACAddress(rawValue: 0x5254_0001_0000 | UInt64(index)))
            vsi.filterInfo = .macVID(mac, try FilterVID(vid: UInt16(2 + index % 4_000)))
            requests.append((.associate, vsi, .none))
        }
        requests.append(requests[3])
        let results = await station.request(requests)
        #expect(results.count == count + 1)
        let associated = results.prefix(count).indices.filter { (try? results[$0].get())??.type == .associate }
        #expect(associated == Array(0..<count).filter { $0 != 7 })
        #expect(results[7] == .failure(.failed(.rejected(.otherFailure, hardError: true, keep: false))))
        #expect(results.last == .failure(.refused(.busy)), "the same VSI twice in one batch: the second is refused")
        #expect(await bridge.records.count == count - 1)
        #expect(await station.request([]).isEmpty)
        stationEnd.close()
        bridgeEnd.close()
        for runner in runners {
            await runner.value
        }
    }

    @Test func aCancelledBatchAnswersCancelledForWhatIsOutstanding() async {
        let (stationEnd, _) = InMemoryLink.pair()
        let station = StationAgent(
            configuration: StationPortConfiguration(
                address: AgentLifecycleTests.station,
                parameters: AgentLifecycleTests.parameters
            ),
            link: stationEnd
        )
        let runner = Task { await station.run() }
        let call = Task {
            await station.request((0..<3).map { (.associate, AgentLifecycleTests.vm(UInt64(2_000 + $0)), .none) })
        }
        call.cancel()
        let results = await call.value
        #expect(results == Array(repeating: .failure(.cancelled), count: 3))
        await station.stop()
        stationEnd.close()
        await runner.value
    }

    @Test func aStopEndsAWaitingBatch() async {
        let (stationEnd, _) = InMemoryLink.pair()
        let station = StationAgent(
            configuration: StationPortConfiguration(
                address: AgentLifecycleTests.station,
                parameters: AgentLifecycleTests.parameters
            ),
            link: stationEnd
        )
        let runner = Task { await station.run() }
        let call = Task {
            await station.request((0..<2).map { (.associate, AgentLifecycleTests.vm(UInt64(3_000 + $0)), .none) })
        }
        while await station.vsiCount < 2 {
            await Task.yield()
        }
        await station.stop()
        #expect(await call.value == Array(repeating: .failure(.failed(.portDown)), count: 2))
        #expect(await station.request([(.associate, AgentLifecycleTests.vm(3_100), .none)]).count == 1)
        stationEnd.close()
        await runner.value
    }
}
