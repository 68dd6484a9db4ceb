import Testing
import VDPProtocol
import VDPSimulation
import VDPWire

/// Batching up to a jumbo MTU: the ULPDU limit follows the configured payload, and a bulk association takes a
/// sixth of the ECPDUs it takes at the standard 1500 octets.
@Suite struct JumboBatchingTests {
    @Test func theULPDULimitFollowsThePayload() {
        #expect(Batching.enabled(maximumPayloadLength: 1500) == .enabled)
        #expect(Batching.enabled(maximumPayloadLength: 9000) == .batched(maximumULPDULength: 8993))
        #expect(Batching.enabled(maximumPayloadLength: 576) == .enabled, "below the standard counts as the standard")
    }

    @Test(arguments: [(1500, 1 + 24), (9000, 1 + 4)])
    func aThousandVSIsTakeFewerECPDUsInJumboFrames(payload: Int, expectedPDUs: Int) throws {
        var simulation = TestValues.simulation(
            conditions: LinkConditions(maximumPayloadLength: payload),
            batching: .enabled(maximumPayloadLength: payload)
        )
        let ids = try (1...1000).map { try simulation.request(.associate, TestValues.descriptor($0), link: 0) }
        _ = simulation.run(until: simulation.now + .seconds(60)) { simulation in
            ids.contains { simulation.links[0].completions[$0] == nil }
        }
        for id in ids {
            let completion = simulation.takeCompletion(id, link: 0)
            let state = try #require(completion).get()
            #expect(state?.type == .associate)
        }
        // The first request leaves alone; 999 follow in ULPDUs of 18 octets for the Manager ID and 35 per VSI
        // TLV: 42 per 1493-octet ULPDU, 256 per 8993-octet one.
        #expect(simulation.links[0].station.counters.requestPDUsSent == expectedPDUs)
        #expect(simulation.links[0].bridge.counters.requestsReceived == 1000)
    }

    @Test func aPeerThatCannotTakeJumboFramesNeverAcknowledgesThem() throws {
        // Jumbo batching towards a peer limited to 1500 octets: the batch is dropped, never acknowledged, and its
        // VSIs fail once the retries are exhausted; that is why the limit is raised only on both ends at once.
        var simulation = TestValues.simulation(batching: .enabled(maximumPayloadLength: 9000))
        let ids = try (1...100).map { try simulation.request(.associate, TestValues.descriptor($0), link: 0) }
        _ = simulation.run(until: simulation.now + .seconds(60)) { simulation in
            ids.contains { simulation.links[0].completions[$0] == nil }
        }
        let completions = ids.map { simulation.takeCompletion($0, link: 0) }
        // The first VSI leaves alone in a small frame; the 99 behind it share one jumbo frame.
        #expect((try? completions.first??.get())??.type == .associate)
        #expect(completions.dropFirst().allSatisfy { $0 == .failure(.retriesExhausted) })
        #expect(simulation.undecodableFrames > 0)
    }
}
