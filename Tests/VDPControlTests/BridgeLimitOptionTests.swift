import Testing
import VDPProtocol

@testable import VDPControl

/// The `vdpctl bridge` options that set the port's limits.
@Suite struct BridgeLimitOptionTests {
    static func parse(_ words: [String]) -> Result<AgentOptions, CommandLineError> {
        AgentOptions.parse(["-i", "eth0"] + words)
    }

    @Test func withoutOptionsTheLibraryDefaultsHold() throws {
        #expect(try Self.parse([]).get().limits == BridgePortLimits.default)
    }

    @Test(arguments: BridgeLimitOption.allCases)
    func eachOptionSetsItsLimit(_ option: BridgeLimitOption) throws {
        // A value no default has, below every default: a port-wide bound lowers its per-station default with it.
        let options = try Self.parse([option.rawValue, "777"]).get()
        var expected = BridgePortLimits.default
        expected[keyPath: option.keyPath] = 777
        if let pair = BridgeLimitOption.perStationBounds.first(where: { $0.port == option }) {
            expected[keyPath: pair.perStation.keyPath] = 777
        }
        #expect(options.limits == expected)
        #expect(options.limitOptionsGiven == [option])
    }

    @Test func severalTogether() throws {
        let options = try Self.parse([
            "--max-vsis", "1000000", "--max-vsis-per-station", "1000000", "--new-vsis-per-second", "50000",
            "--new-vsi-burst", "1000000", "--max-expiries-per-step", "256",
        ]).get()
        #expect(options.limits.maximumVSIs == 1_000_000)
        #expect(options.limits.maximumVSIsPerStation == 1_000_000)
        #expect(options.limits.newVSIsPerSecondPerStation == 50_000)
        #expect(options.limits.newVSIBurstPerStation == 1_000_000)
        #expect(options.limits.maximumTimerExpiriesPerAdvance == 256)
        #expect(options.limits.maximumStations == BridgePortLimits.default.maximumStations)
    }

    @Test func aPerStationDefaultFollowsALowerPortBound() throws {
        let options = try Self.parse(["--max-vsis", "100", "--max-queued-responses", "10"]).get()
        #expect(options.limits.maximumVSIs == 100)
        #expect(options.limits.maximumVSIsPerStation == 100)
        #expect(options.limits.maximumQueuedResponses == 10)
        #expect(options.limits.maximumQueuedResponsesPerStation == 10)
        #expect(
            options.limits.maximumPendingDecisionsPerStation
                == BridgePortLimits.default.maximumPendingDecisionsPerStation
        )
    }

    @Test(arguments: [
        (["--max-vsis"], BridgeLimitError.missingValue(.maximumVSIs)),
        (["--max-stations", "many"], .notANumber(.maximumStations, "many")),
        (["--max-stations", "0"], .outOfRange(.maximumStations, 0)),
        (["--new-vsi-burst", "-5"], .outOfRange(.newVSIBurstPerStation, -5)),
        (["--max-expiries-per-step", "100000001"], .outOfRange(.maximumTimerExpiriesPerAdvance, 100_000_001)),
        (
            ["--max-vsis", "100", "--max-vsis-per-station", "200"],
            .perStationAbovePort(.maximumVSIsPerStation, 200, .maximumVSIs, 100)
        ),
        (
            ["--max-pending-decisions-per-station", "5000"],
            .perStationAbovePort(.maximumPendingDecisionsPerStation, 5000, .maximumPendingDecisions, 4096)
        ),
    ])
    func wrongValuesAreRefusedWithTheirReason(_ words: [String], _ error: BridgeLimitError) {
        switch Self.parse(words) {
        case .success:
            Issue.record("\(words) was accepted")
        case .failure(let failure):
            #expect(failure.message == error.description)
        }
    }

    @Test func messagesNameTheOptionAndTheRange() {
        #expect(BridgeLimitError.missingValue(.maximumVSIs).description == "--max-vsis needs a number")
        #expect(
            BridgeLimitError.outOfRange(.maximumStations, 0).description
                == "--max-stations 0 is out of range: 1 to 100000000"
        )
        #expect(
            BridgeLimitError.perStationAbovePort(.maximumVSIsPerStation, 200, .maximumVSIs, 100).description
                == "--max-vsis-per-station 200 exceeds --max-vsis 100"
        )
    }

    @Test func theUsageTextListsEveryOption() {
        for option in BridgeLimitOption.allCases {
            #expect(VDPControlCommand.usage.contains(option.rawValue + " N"), "\(option.rawValue)")
        }
    }
}
