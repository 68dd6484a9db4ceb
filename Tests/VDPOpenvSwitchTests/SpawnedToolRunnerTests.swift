import Testing

@testable import VDPOpenvSwitch

/// The process runner behind the backend: standard input, standard error, exit status, time limit.
@Suite struct SpawnedToolRunnerTests {
    @Test func runsAToolWithItsInputAndReportsItsStatusAndErrors() async {
        let runner = SpawnedToolRunner()
        let run = await runner.run(
            ["/bin/sh", "-c", "read line; echo \"got $line\" >&2; exit 3"],
            input: "rules\n",
            timeout: .seconds(30)
        )
        #expect(run == ToolRun(status: 3, errors: "got rules\n"))
    }

    @Test func aMissingToolAndAToolOverItsTimeLimitFail() async {
        let runner = SpawnedToolRunner()
        let missing = await runner.run(["/nonexistent/ovs-ofctl"], input: "", timeout: .seconds(30))
        #expect(missing.status == 127)
        let slow = await runner.run(["/bin/sleep", "30"], input: "", timeout: .milliseconds(200))
        #expect(slow.timedOut)
        #expect(slow.status == 128 + 9)
    }
}
