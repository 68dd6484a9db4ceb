import Testing

@testable import VDPControl
@testable import VDPLog

/// The options of `vdpctl bridge` / `vdpctl station` that bound the event log.
@Suite struct EventLogOptionsTests {
    static func parse(_ words: [String]) -> Result<AgentOptions, CommandLineError> {
        AgentOptions.parse(["-i", "eth0"] + words)
    }

    @Test func logLimitsHaveDocumentedDefaults() throws {
        let options = try Self.parse([]).get()
        #expect(options.logLimits == EventLogLimits(linesPerCause: 20, linesPerInterval: 200, bufferBytes: 1 << 20))
        #expect(options.logLimits.interval == .seconds(1))
        #expect(options.logLimits.maximumCauses == 64)
    }

    @Test func logLimitsAreSetFromTheCommandLine() throws {
        let options = try Self.parse(["--log-rate", "5", "--log-total-rate", "50", "--log-buffer-kib", "64"]).get()
        #expect(options.logLimits.linesPerCause == 5)
        #expect(options.logLimits.linesPerInterval == 50)
        #expect(options.logLimits.bufferBytes == 64 * 1024)
    }

    @Test(arguments: [
        (["--log-rate"], "--log-rate needs a whole number from 1 to 1000000"),
        (["--log-rate", "0"], "--log-rate needs a whole number from 1 to 1000000"),
        (["--log-total-rate", "-3"], "--log-total-rate needs a whole number from 1 to 1000000"),
        (["--log-buffer-kib", "lots"], "--log-buffer-kib needs a whole number from 1 to 1000000"),
        (["--log-buffer-kib", "1000001"], "--log-buffer-kib needs a whole number from 1 to 1000000"),
    ])
    func wrongLogLimitsAreUsageErrors(_ words: [String], _ message: String) {
        switch Self.parse(words) {
        case .success:
            Issue.record("\(words) was accepted")
        case .failure(let error):
            #expect(error.message == message)
        }
    }
}
