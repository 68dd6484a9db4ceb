import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// `StationAgent.request(_:)`: a batch larger than one turn of the agent, its answers in order, local refusals,
/// cancellation and a stop while it waits. No test waits for a protocol timer.
@Suite struct BatchRequestTests {
    @Test func aBatchLargerThanOneTurnIsAnsweredInOrder() async throws {
        try await AgentLifecycleTests().withAgents { station, bridge in
            let count = StationAgent.requestsPerTurn + 5
            var requests = (0..<count).map { index in
                (
                    type: VSITLVType.associate,
                    vsi: AgentLifecycleTests.vm(UInt64(1_000 + index), typeID: index == 7 ? 666 : 100),
                    hints: VSIHints.none
                )
            }
            requests.append(requests[3])
            let results = await station.request(requests)
            #expect(results.count == count + 1)
            for (index, result) in results.prefix(count).enumerated() {
                switch index {
                case 7:
                    #expect(result == .failure(.failed(.rejected(.otherFailure, hardError: true, keep: false))))
                default:
                    #expect((try? result.get())??.type == .associate, "request \(index)")
                }
            }
            #expect(results.last == .failure(.refused(.busy)), "the same VSI twice in one batch: the second is refused")
            #expect(await station.vsiCount == count - 1)
            #expect(await bridge.records.count == count - 1)
            #expect(await station.request([]).isEmpty)
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
