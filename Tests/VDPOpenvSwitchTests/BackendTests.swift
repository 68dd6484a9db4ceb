import Synchronization
import Testing
import VDPAgent
import VDPProtocol
import VDPWire

@testable import VDPOpenvSwitch

/// The backend with a scripted `ovs-ofctl`: one run per batch, what it is given, and its failures as typed errors.
@Suite struct BackendTests {
    /// Records each run and answers with the next scripted result (success when none is left).
    final class ScriptedRunner: ToolRunner {
        struct Call: Sendable {
            var arguments: [String]
            var input: String
        }

        private let state = Mutex<(calls: [Call], results: [ToolRun])>(([], []))

        init(_ results: [ToolRun] = []) {
            state.withLock { $0.results = results }
        }

        var calls: [Call] { state.withLock { $0.calls } }

        func run(_ arguments: [String], input: String, timeout: Duration) async -> ToolRun {
            state.withLock { state in
                state.calls.append(Call(arguments: arguments, input: input))
                return state.results.isEmpty ? ToolRun(status: 0, errors: "") : state.results.removeFirst()
            }
        }
    }

    static let configuration = OpenvSwitchConfiguration(
        bridge: "br0",
        stationPort: "p1",
        tunnel: .key(port: "vxlan0"),
        switchTarget: "unix:/run/test/br0.mgmt"
    )

    @Test func oneRunPerBatchAndReplaceFlowsForReconcile() async throws {
        let runner = ScriptedRunner()
        let backend = OpenvSwitchBackend(configuration: Self.configuration, runner: runner)
        let vsis = (1...50).map { FlowTableTests.vsi(UInt64($0), vid: 100 + UInt16($0)) }
        try await backend.apply(vsis.map { .start($0) })
        #expect(runner.calls.count == 1)
        #expect(
            runner.calls.first?.arguments == [
                "/usr/bin/ovs-ofctl", "-O", "OpenFlow14", "--bundle", "add-flows", "unix:/run/test/br0.mgmt", "-",
            ]
        )
        let lines = runner.calls.first?.input.split(separator: "\n") ?? []
        let expectedLines: Int = 50 * 2 + 1 + 4
        #expect(lines.count == expectedLines, "each VSI's rules, then the VN's shared rules once")
        try await backend.reconcile(Array(vsis.prefix(10)))
        #expect(runner.calls.count == 2)
        #expect(runner.calls.last?.arguments.contains("replace-flows") == true)
        let reconciled: Int = runner.calls.last?.input.split(separator: "\n").count ?? 0
        #expect(reconciled == 3 + 10 * 2 + 4)
        // After the reconciliation the index holds the ten: stopping one of them rewrites the VN's rules.
        try await backend.apply([.stop(vsis[0], reason: .inactive)])
        let stop = runner.calls.last?.input.split(separator: "\n").map(String.init) ?? []
        #expect(stop.first == "delete cookie=\(OpenFlowRule.hex(OpenFlowTableBuilder.cookie(of: vsis[0].key)))/-1")
        #expect(stop.count == 1 + 1 + 4)
        #expect(await backend.toolRuns == 3)
    }

    struct FailureCase: Sendable, CustomTestStringConvertible {
        var run: ToolRun
        var code: DataPlaneError.Code
        var testDescription: String { "\(run.status) \(run.errors) → \(code)" }
    }

    static let failureCases: [FailureCase] = [
        FailureCase(
            run: ToolRun(status: 1, errors: "ovs-ofctl: connecting to unix:/x.mgmt (No such file or directory)\n"),
            code: .unavailable
        ),
        FailureCase(
            run: ToolRun(status: 1, errors: "ovs-ofctl: br9 is not a bridge or a socket\n"),
            code: .unavailable
        ),
        FailureCase(run: ToolRun(status: 127, errors: ""), code: .unavailable),
        FailureCase(run: ToolRun(status: 137, errors: "", timedOut: true), code: .unavailable),
        FailureCase(run: ToolRun(status: 1, errors: "OFPT_ERROR: OFPFMFC_TABLE_FULL\n"), code: .exhausted),
        FailureCase(
            run: ToolRun(status: 1, errors: "ovs-ofctl: -:1: nosuch: invalid or unknown port for in_port\n"),
            code: .refused
        ),
    ]

    @Test(arguments: failureCases) func failuresAreTyped(_ failure: FailureCase) async {
        let runner = ScriptedRunner([failure.run])
        let backend = OpenvSwitchBackend(configuration: Self.configuration, runner: runner)
        do {
            try await backend.apply([.start(FlowTableTests.vsi(1))])
            Issue.record("no error")
        } catch {
            #expect(error.code == failure.code)
        }
        // Nothing was applied: the same start again brings the VN's rules again.
        try? await backend.apply([.start(FlowTableTests.vsi(1))])
        let again: Int = runner.calls.last?.input.split(separator: "\n").count ?? 0
        #expect(again == 2 + 1 + 4)
    }

    @Test func anInexpressibleVSIFailsTheBatchWithoutRunningTheTool() async {
        let runner = ScriptedRunner()
        let backend = OpenvSwitchBackend(configuration: Self.configuration, runner: runner)
        await #expect(throws: DataPlaneError.self) {
            try await backend.apply([.start(FlowTableTests.vsi(1)), .start(FlowTableTests.vsi(2, vn: nil))])
        }
        #expect(runner.calls.isEmpty)
    }
}
