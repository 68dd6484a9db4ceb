#if os(Linux)
    import Foundation
    import Testing

    /// The Open vSwitch tools the data-plane test needs, found on the usual paths.
    package struct OpenvSwitchTools: Sendable {
        package let ovsdbTool: String
        package let ovsdbServer: String
        package let vswitchd: String
        package let vsctl: String
        package let ofctl: String
        package let ping: String
        package let env: String

        /// The tools, or the names of the missing ones.
        package static func find() -> Result<OpenvSwitchTools, InteropEnvironment.Missing> {
            let searchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"]
            var missing: [String] = []
            func tool(_ name: String, _ package: String) -> String {
                if let path = searchPath.map({ "\($0)/\(name)" }).first(where: {
                    FileManager.default.isExecutableFile(atPath: $0)
                }) {
                    return path
                }
                missing.append("\(name) (\(package))")
                return name
            }
            let tools = OpenvSwitchTools(
                ovsdbTool: tool("ovsdb-tool", "openvswitch-switch"),
                ovsdbServer: tool("ovsdb-server", "openvswitch-switch"),
                vswitchd: tool("ovs-vswitchd", "openvswitch-switch"),
                vsctl: tool("ovs-vsctl", "openvswitch-switch"),
                ofctl: tool("ovs-ofctl", "openvswitch-switch"),
                ping: tool("ping", "iputils-ping"),
                env: tool("env", "coreutils")
            )
            guard missing.isEmpty else {
                return .failure(InteropEnvironment.Missing(text: "missing " + missing.joined(separator: ", ")))
            }
            return .success(tools)
        }

        /// The tools, or `nil` after saying why `test` cannot run: printed, or recorded as an issue when
        /// `VDP_REQUIRE_INTEROP=1` (as ``InteropEnvironment/check(lldpad:sourceLocation:)`` does).
        package static func check(_ test: String, sourceLocation: SourceLocation = #_sourceLocation)
            -> OpenvSwitchTools?
        {
            switch find() {
            case .success(let tools):
                return tools
            case .failure(let missing):
                if InteropEnvironment.isRequired {
                    Issue.record("\(test) test prerequisites missing: \(missing.text)", sourceLocation: sourceLocation)
                } else {
                    print(
                        "VDPInteropTests: \(test) skipped, \(missing.text) (VDP_REQUIRE_INTEROP=1 makes this a failure)"
                    )
                }
                return nil
            }
        }
    }

    /// One Open vSwitch instance (userspace datapath) in a namespace the test created, with its own run directory
    /// in the test's directory: `ovsdb-server` and `ovs-vswitchd` run in the foreground as children of the test
    /// (``Testbed/tearDown()`` stops them by PID), so nothing outlives the test.
    package final class OpenvSwitchInstance {
        package let tools: OpenvSwitchTools
        package let namespace: String
        /// The run directory.
        package let directory: String
        package let bed: Testbed

        private init(tools: OpenvSwitchTools, namespace: String, directory: String, bed: Testbed) {
            self.tools = tools
            self.namespace = namespace
            self.directory = directory
            self.bed = bed
        }

        /// `ovs-ofctl`'s target for `bridge`.
        package func target(_ bridge: String) -> String { "unix:\(directory)/\(bridge).mgmt" }

        /// Starts the instance in `namespace`.
        package static func start(_ label: String, in namespace: String, tools: OpenvSwitchTools, bed: Testbed)
            async throws
            -> OpenvSwitchInstance
        {
            let directory = bed.path("ovs-\(label)")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try await bed.checked(
                tools.ovsdbTool,
                "create",
                "\(directory)/conf.db",
                "/usr/share/openvswitch/vswitch.ovsschema"
            )
            _ = try bed.start(
                "ovsdb-server-\(label)",
                bed.inNamespace(
                    namespace,
                    [
                        tools.ovsdbServer, "\(directory)/conf.db", "--remote=punix:\(directory)/db.sock",
                        "--unixctl=\(directory)/ovsdb-server.ctl", "--log-file=\(directory)/ovsdb-server.log",
                        "--no-chdir",
                    ]
                )
            )
            let instance = OpenvSwitchInstance(tools: tools, namespace: namespace, directory: directory, bed: bed)
            guard
                await eventually(
                    timeout: .seconds(10),
                    { FileManager.default.fileExists(atPath: "\(directory)/db.sock") }
                )
            else {
                throw Testbed.SetupFailed(description: "ovsdb-server \(label) did not start")
            }
            try await instance.vsctl("--no-wait", "init")
            _ = try bed.start(
                "ovs-vswitchd-\(label)",
                bed.inNamespace(
                    namespace,
                    [
                        tools.env, "OVS_RUNDIR=\(directory)", tools.vswitchd, "unix:\(directory)/db.sock",
                        "--disable-system", "--unixctl=\(directory)/ovs-vswitchd.ctl",
                        "--log-file=\(directory)/ovs-vswitchd.log", "--no-chdir",
                    ]
                )
            )
            return instance
        }

        /// Runs `ovs-vsctl` against the instance's database.
        @discardableResult
        package func vsctl(_ arguments: String...) async throws -> CommandOutput {
            try await bed.checked([tools.vsctl, "--db=unix:\(directory)/db.sock"] + arguments)
        }

        /// Creates a userspace bridge with `ports` and waits until `ovs-ofctl` reaches it.
        package func addBridge(_ bridge: String, ports: [String]) async throws {
            var arguments = ["add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev"]
            for port in ports {
                arguments += ["--", "add-port", bridge, port]
            }
            try await bed.checked([tools.vsctl, "--db=unix:\(directory)/db.sock"] + arguments)
            let reachable = await eventually(timeout: .seconds(10)) {
                (try? await bed.run("ofctl-show", [tools.ofctl, "show", target(bridge)]))?.status == 0
            }
            guard reachable else {
                throw Testbed.SetupFailed(description: "ovs-vswitchd did not open \(bridge)")
            }
        }

        /// Replaces the bridge's flows with `flows`.
        package func replaceFlows(_ bridge: String, _ flows: [String]) async throws {
            let file = bed.path("flows-\(UUID().uuidString).txt")
            try (flows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try await bed.checked(tools.ofctl, "-O", "OpenFlow14", "replace-flows", target(bridge), file)
        }

        /// Adds flows (`add …` lines).
        package func addFlows(_ bridge: String, _ flows: [String]) async throws {
            let file = bed.path("flows-\(UUID().uuidString).txt")
            try (flows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try await bed.checked(tools.ofctl, "-O", "OpenFlow14", "add-flows", target(bridge), file)
        }

        /// The bridge's flows without statistics, sorted.
        package func flows(_ bridge: String) async throws -> [String] {
            let output = try await bed.checked(
                tools.ofctl,
                "-O",
                "OpenFlow14",
                "dump-flows",
                "--no-stats",
                target(bridge)
            )
            return output.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("cookie=") }.sorted()
        }
    }
#endif
