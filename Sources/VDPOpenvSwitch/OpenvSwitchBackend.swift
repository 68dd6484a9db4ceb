import VDPAgent
import VDPProtocol

/// A ``DataPlaneBackend`` that programs an Open vSwitch bridge through `ovs-ofctl`: one process per batch (a
/// bundle of flow mods, atomic), and `replace-flows` for a reconciliation, which removes the rules of VSIs no
/// longer in the table and restores missing ones without duplicating any.
///
/// The rules (``OpenFlowTableBuilder``) forward each VSI's traffic from the station port, with its VID and source
/// MAC, into its VN over VXLAN, and the VN's traffic to its MAC back out tagged with its VID; a VN's broadcast and
/// unknown unicast reach only that VN's VSIs; anything else is dropped. The backend owns the bridge's flow table
/// and serves one station port. It keeps, besides its configuration, only an index of which VSIs each VN has
/// (keys and VIDs), derived from the changes it applied and rebuilt at each reconciliation.
public actor OpenvSwitchBackend: DataPlaneBackend {
    /// The configuration.
    public nonisolated let configuration: OpenvSwitchConfiguration
    private let builder: OpenFlowTableBuilder
    private let runner: any ToolRunner
    private var networks = OpenFlowNetworks()
    /// The `ovs-ofctl` runs so far.
    public private(set) var toolRuns: UInt64 = 0
    /// The flow mods sent so far (lines of batches and of reconciliations).
    public private(set) var flowModsSent: UInt64 = 0

    /// Creates a backend.
    public init(configuration: OpenvSwitchConfiguration) {
        #if canImport(Glibc)
            self.init(configuration: configuration, runner: SpawnedToolRunner())
        #else
            self.init(configuration: configuration, runner: UnavailableToolRunner())
        #endif
    }

    init(configuration: OpenvSwitchConfiguration, runner: any ToolRunner) {
        self.configuration = configuration
        self.builder = OpenFlowTableBuilder(configuration: configuration)
        self.runner = runner
    }

    /// Applies the changes in one bundle: all or none.
    public func apply(_ changes: [DataPlaneChange]) async throws(DataPlaneError) {
        let batch = try OpenFlowBatch(changes, networks: networks, builder: builder)
        guard !batch.lines.isEmpty else {
            networks = batch.networks
            return
        }
        try await run(["--bundle", "add-flows"], lines: batch.lines)
        networks = batch.networks
    }

    /// Replaces the bridge's flows with the rules of `table` (VSIs the rules cannot express are left out).
    public func reconcile(_ table: [DataPlaneVSI]) async throws(DataPlaneError) {
        let (rules, _) = builder.rules(forTable: table)
        try await run(["--bundle", "replace-flows"], lines: rules.map(\.description))
        var rebuilt = OpenFlowNetworks()
        for vsi in table {
            if let entries = try? builder.entries(of: vsi) {
                rebuilt.insert(vsi.key, entries)
            }
        }
        networks = rebuilt
    }

    /// Runs `ovs-ofctl` once with `lines` on its standard input.
    private func run(_ command: [String], lines: [String]) async throws(DataPlaneError) {
        let target = configuration.switchTarget ?? configuration.bridge
        let arguments = [configuration.ofctl, "-O", configuration.openFlowVersion] + command + [target, "-"]
        toolRuns += 1
        flowModsSent += UInt64(lines.count)
        let result = await runner.run(
            arguments,
            input: lines.joined(separator: "\n") + "\n",
            timeout: configuration.timeout
        )
        if let error = Self.error(of: result) {
            throw error
        }
    }

    /// The typed error of a failed run, from its exit status and standard error; `nil` for a success.
    static func error(of run: ToolRun) -> DataPlaneError? {
        guard run.status != 0 || run.timedOut else {
            return nil
        }
        let message = String(run.errors.split(separator: "\n").prefix(4).joined(separator: " / ").prefix(512))
        if run.timedOut {
            return DataPlaneError(.unavailable, "ovs-ofctl timed out")
        }
        if run.status == 127 {
            return DataPlaneError(.unavailable, message.isEmpty ? "ovs-ofctl cannot be run" : message)
        }
        if run.status == 126 {
            return DataPlaneError(.unavailable, "ovs-ofctl is not executable")
        }
        let lowered = message.lowercased()
        if lowered.contains("failed to connect") || lowered.contains("is not a bridge")
            || lowered.contains("connection refused") || lowered.contains("no such file")
        {
            return DataPlaneError(.unavailable, message)
        }
        if lowered.contains("table_full") || lowered.contains("out of memory") || lowered.contains("no space") {
            return DataPlaneError(.exhausted, message)
        }
        if run.status > 128 {
            return DataPlaneError(.unavailable, "ovs-ofctl ended by signal \(run.status - 128)")
        }
        return DataPlaneError(.refused, message.isEmpty ? "ovs-ofctl exited with status \(run.status)" : message)
    }
}
