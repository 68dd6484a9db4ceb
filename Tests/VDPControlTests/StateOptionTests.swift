import Testing

@testable import VDPControl

/// `--state FILE`: a bridge option that needs a file; the station refuses it.
@Suite struct StateOptionTests {
    @Test func stateOptionIsParsed() throws {
        let options = try AgentOptions.parse(["-i", "eth0", "--state", "/var/lib/vdp/bridge.sqlite"]).get()
        #expect(options.statePath == "/var/lib/vdp/bridge.sqlite")
        #expect(throws: CommandLineError.self) { try AgentOptions.parse(["-i", "eth0", "--state"]).get() }
    }

    @Test func stationRefusesTheBridgesStateOption() async {
        let result = await AgentCommands.station(["-i", "eth0", "--state", "/tmp/state.sqlite", "--", "mode=assoc"]) {
            _ in
        }
        #expect(result.status == .usage)
        #expect(result.standardError.contains("--state is a bridge option"))
    }
}
