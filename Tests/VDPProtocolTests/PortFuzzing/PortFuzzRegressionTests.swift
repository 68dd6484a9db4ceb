import Foundation
import Testing
import VDPProtocol

/// Replays the inputs of the `FuzzBridgePort` and `FuzzStationPort` libFuzzer targets through the same scenarios
/// (`BridgePortScenario`, `StationPortScenario`, shared by path with `FuzzTesting/`), so that `swift test` guards
/// every past finding without a fuzzing toolchain.
///
/// - `Fixtures/fuzz-regressions/<target>/`: every input the fuzzer found an invariant broken on. Each must now
///   run to the end with every invariant holding. A trap in the library still crashes the test run (intended).
/// - `Fixtures/fuzz-corpus/<target>/`: the seed corpus (`FuzzTesting/make-port-corpus.py`); every seed must run
///   clean, and together they must reach deep states, so the seeds are worth starting from.
/// - `Fixtures/fuzz-findings/<target>/<kind>--<name>.bin`: open findings, in code not yet fixed. Each must still
///   break exactly the invariant its name gives; once the library is fixed this test fails, and the file moves to
///   `fuzz-regressions/`. (`FuzzTesting/run.sh` tells the fuzzer to let these kinds end an input quietly.)
@Suite struct PortFuzzRegressionTests {
    static let packageRoot: String = {
        let components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        return components.dropLast(4).joined(separator: "/")
    }()

    @Test(arguments: ["fuzz-regressions", "fuzz-corpus"])
    func everyBridgePortInputKeepsTheInvariants(folder: String) throws {
        let inputs = try Self.inputs(folder, "FuzzBridgePort")
        for (name, bytes) in inputs {
            var scenario = BridgePortScenario(bytes)
            #expect(throws: Never.self, "\(folder)/FuzzBridgePort/\(name)") { try scenario.run() }
        }
    }

    @Test(arguments: ["fuzz-regressions", "fuzz-corpus"])
    func everyStationPortInputKeepsTheInvariants(folder: String) throws {
        let inputs = try Self.inputs(folder, "FuzzStationPort")
        for (name, bytes) in inputs {
            var scenario = StationPortScenario(bytes)
            #expect(throws: Never.self, "\(folder)/FuzzStationPort/\(name)") { try scenario.run() }
        }
    }

    @Test func everyOpenBridgePortFindingStillReproduces() throws {
        for (name, bytes) in try Self.inputs("fuzz-findings", "FuzzBridgePort") {
            var scenario = BridgePortScenario(bytes)
            Self.expectViolation(named: name) { () throws(ScenarioViolation) in try scenario.run() }
        }
    }

    @Test func everyOpenStationPortFindingStillReproduces() throws {
        for (name, bytes) in try Self.inputs("fuzz-findings", "FuzzStationPort") {
            var scenario = StationPortScenario(bytes)
            Self.expectViolation(named: name) { () throws(ScenarioViolation) in try scenario.run() }
        }
    }

    /// The bridge seeds ask the policy, grant VSIs with VIDs from the pool, answer keep-alives with responses,
    /// and remove VSIs; some hit the table limit or send malformed TLVs.
    @Test func bridgeSeedsReachDeepStates() throws {
        var total = ScenarioReach()
        for (_, bytes) in try Self.inputs("fuzz-corpus", "FuzzBridgePort") {
            var scenario = BridgePortScenario(bytes)
            try scenario.run()
            total.counts.merge(scenario.reach.counts, uniquingKeysWith: +)
        }
        for name in ["decisions", "vsiChanged", "vsiRemoved", "requestRefused", "malformedRequest", "responsePDUs"] {
            #expect(total[name] > 0, "no bridge seed reaches \(name): \(total)")
        }
    }

    /// The station seeds complete commands with success, failure and timeout, and see the bridge's unsolicited
    /// De-Associate and a filter change.
    @Test func stationSeedsReachDeepStates() throws {
        var total = ScenarioReach()
        for (_, bytes) in try Self.inputs("fuzz-corpus", "FuzzStationPort") {
            var scenario = StationPortScenario(bytes)
            try scenario.run()
            total.counts.merge(scenario.reach.counts, uniquingKeysWith: +)
        }
        for name in ["completedSuccess", "completedFailure", "completedTimeout", "bridgeDeAssociated", "requestPDUs"] {
            #expect(total[name] > 0, "no station seed reaches \(name): \(total)")
        }
    }

    /// A hand-written input in the documented layout: a command that the bridge acknowledges but never answers
    /// completes with a timeout once respWaitDelay has passed.
    @Test func anAcknowledgedButUnansweredCommandTimesOut() throws {
        // Header: R 3, RTE 6, RWD 10, RKA 12. Eight descriptors: type ID, filter selector (format 1, one entry),
        // VID word (null). Then: command (descriptor 0, variant 0, Associate, no hints); acknowledgement of the
        // latest ECPDU; time passes by respWaitDelay.
        var bytes: [UInt8] = [0x03, 0x00, 0x00]
        for _ in 0..<8 {
            bytes += [0x00, 0x00, 0x00]
        }
        bytes += [0x00, 0x00, 0x00, 0x02, 0x00]
        bytes += [0x04, 0x00]
        bytes += [0x05, 0x03, 0x00]
        var scenario = StationPortScenario(bytes)
        try scenario.run()
        #expect(scenario.reach["commands"] == 1, "\(scenario.reach)")
        #expect(scenario.reach["completedTimeout"] == 1, "\(scenario.reach)")
    }

    // MARK: - Helpers

    /// Runs `body`, which must throw a violation of the kind that `name` (`<kind>--<rest>`) starts with.
    private static func expectViolation(named name: String, _ body: () throws(ScenarioViolation) -> Void) {
        let kind = name.components(separatedBy: "--").first ?? name
        do {
            try body()
            Issue.record("open finding \(name) no longer reproduces: if fixed, move it to fuzz-regressions/")
        } catch {
            #expect(error.kind == kind, "open finding \(name) breaks another invariant: \(error)")
        }
    }

    /// The files of `Fixtures/<folder>/<target>/`, sorted, hidden files (`.gitkeep`) left out.
    private static func inputs(_ folder: String, _ target: String) throws -> [(String, [UInt8])] {
        let path = packageRoot + "/Fixtures/" + folder + "/" + target
        guard FileManager.default.fileExists(atPath: path) else {
            return []
        }
        return try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { name in
                let data = try #require(FileManager.default.contents(atPath: path + "/" + name), "cannot read \(name)")
                return (name, [UInt8](data))
            }
    }
}
