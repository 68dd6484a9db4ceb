import Testing
import VDPProtocol
import VDPSimulation
import VDPWire

@Suite struct SimulationSmokeTests {
    @Test func associateOverAPerfectLink() throws {
        var simulation = TestValues.simulation()
        let vsi = TestValues.descriptor(1)
        let id = try simulation.request(.associate, vsi, link: 0)
        #expect(simulation.run(until: .zero + .seconds(1)) { $0.links[0].completions[id] == nil })
        let completion = simulation.takeCompletion(id, link: 0)
        let result = try #require(completion)
        let state = try result.get()
        #expect(state?.type == .associate)
        #expect(simulation.links[0].bridge.record(of: vsi.vsiID)?.state?.type == .associate)
    }
}
