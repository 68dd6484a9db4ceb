#if os(Linux)
    import Foundation
    import Glibc
    import VDPTransport
    import VDPWire

    /// Everything one interop test sets up: network namespaces joined by veth pairs, a temporary directory, the
    /// processes it starts and the links it opens. ``tearDown()`` (called from `defer`, also when the test fails)
    /// closes the links, kills exactly the processes started here, deletes the namespaces and the directory (kept
    /// when `VDP_INTEROP_KEEP=1`, for debugging).
    ///
    /// Names carry a random 6-hex-digit suffix, so that concurrent runs and leftovers of a crashed run never
    /// collide: namespaces `vdphv-<hex>` / `vdpbr-<hex>`, interfaces of at most 15 characters. The namespaces and
    /// the directory are noted in ``NetworkLeftovers`` while they exist, so that the first test bed of a later
    /// process removes them if this process is killed before its clean-up.
    package final class Testbed {
        package let environment: InteropEnvironment
        package let scenario: String
        package let suffix: String
        package let directory: URL
        private var namespaces: [String] = []
        private var children: [ChildProcess] = []
        private var links: [PacketLink] = []
        private var commandCount = 0

        /// A step of the set-up failed.
        package struct SetupFailed: Error, CustomStringConvertible {
            package var description: String

            /// Says why.
            package init(description: String) {
                self.description = description
            }
        }

        /// Makes the test's temporary directory, `vdp-interop-<scenario>-<suffix>`, after removing what killed
        /// test processes left behind (``NetworkLeftovers/sweepOnce()``).
        package init(_ scenario: String, environment: InteropEnvironment) throws {
            self.environment = environment
            self.scenario = scenario
            suffix = String(format: "%06x", UInt32.random(in: 0...0xFF_FFFF))
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "vdp-interop-\(scenario)-\(suffix)"
            )
            NetworkLeftovers.sweepOnce()
            try NetworkLeftovers.shared.note(.directory, directory.path)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        // MARK: Namespaces and veth pairs

        /// Creates the namespace `<prefix>-<suffix>` with IPv6 off (so the kernel sends nothing) and `lo` up.
        package func makeNamespace(_ prefix: String) async throws -> String {
            let name = "\(prefix)-\(suffix)"
            try NetworkLeftovers.shared.note(.namespace, name)
            do {
                try await checked(environment.ip, "netns", "add", name)
            } catch {
                // Not ours (a name taken by another test must not be noted as this process's).
                NetworkLeftovers.shared.forget(.namespace, name)
                throw error
            }
            namespaces.append(name)
            try await checked(
                inNamespace(
                    name,
                    environment.sysctl,
                    "-qw",
                    "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1"
                )
            )
            try await checked(environment.ip, "-n", name, "link", "set", "lo", "up")
            return name
        }

        /// Creates a veth pair `a` (in `namespaceA`) – `b` (in `namespaceB`), brings both ends up and waits until
        /// both have carrier (a raw socket refuses an interface that is not yet running).
        package func connect(_ namespaceA: String, _ a: String, _ namespaceB: String, _ b: String) async throws {
            try await checked(
                environment.ip,
                "link",
                "add",
                a,
                "netns",
                namespaceA,
                "type",
                "veth",
                "peer",
                "name",
                b,
                "netns",
                namespaceB
            )
            for (namespace, interface) in [(namespaceA, a), (namespaceB, b)] {
                try await checked(
                    inNamespace(namespace, environment.sysctl, "-qw", "net.ipv6.conf.\(interface).disable_ipv6=1")
                )
                try await checked(environment.ip, "-n", namespace, "link", "set", interface, "up")
            }
            for (namespace, interface) in [(namespaceA, a), (namespaceB, b)] {
                let running = await eventually(timeout: .seconds(5)) {
                    let show = try? await self.run(
                        "ip-link-show",
                        [self.environment.ip, "-n", namespace, "-o", "link", "show", interface]
                    )
                    return show.map { $0.output.contains("LOWER_UP") && $0.output.contains("state UP") } ?? false
                }
                guard running else {
                    throw SetupFailed(description: "\(interface) in \(namespace) did not come up")
                }
            }
        }

        /// `arguments`, run inside `namespace` with `ip netns exec`.
        package func inNamespace(_ namespace: String, _ arguments: String...) -> [String] {
            [environment.ip, "netns", "exec", namespace] + arguments
        }

        /// `arguments`, run inside `namespace` with `ip netns exec`.
        package func inNamespace(_ namespace: String, _ arguments: [String]) -> [String] {
            [environment.ip, "netns", "exec", namespace] + arguments
        }

        /// The MAC address of `interface` in `namespace`.
        package func macAddress(of interface: String, in namespace: String) async throws -> MACAddress {
            let output = try await checked(environment.ip, "-n", namespace, "-o", "link", "show", interface)
            let words = output.output.split(separator: " ")
            guard let index = words.firstIndex(of: "link/ether"), index + 1 < words.count,
                let address = MACAddress(words[index + 1])
            else {
                throw SetupFailed(description: "no MAC address in: \(output.output)")
            }
            return address
        }

        // MARK: Processes

        /// Starts a long-running process; ``tearDown()`` kills it if it is still running.
        package func start(_ label: String, _ arguments: [String], mergingErrors: Bool = true) throws -> ChildProcess {
            let child = try ChildProcess(
                label: label,
                arguments: arguments,
                directory: directory,
                mergingErrors: mergingErrors
            )
            children.append(child)
            return child
        }

        /// Runs a command to completion (killing it after `timeout`) and returns its output.
        package func run(_ label: String, _ arguments: [String], timeout: Duration = .seconds(20)) async throws
            -> CommandOutput
        {
            commandCount += 1
            let child = try ChildProcess(
                label: String(format: "cmd%03d-", commandCount) + label,
                arguments: arguments,
                directory: directory,
                mergingErrors: true
            )
            guard let status = await child.waitForExit(timeout: timeout) else {
                child.stopNow()
                throw CommandTimedOut(command: child.commandLine, output: child.standardOutput)
            }
            return CommandOutput(status: status, output: child.standardOutput)
        }

        /// Runs a command and throws unless it exits with status 0.
        @discardableResult
        package func checked(_ arguments: String...) async throws -> CommandOutput {
            try await checked(arguments)
        }

        /// Runs a command and throws unless it exits with status 0.
        @discardableResult
        package func checked(_ arguments: [String]) async throws -> CommandOutput {
            let label = URL(fileURLWithPath: arguments[0]).lastPathComponent
            let result = try await run(label, arguments)
            guard result.status == 0 else {
                throw SetupFailed(description: "\(arguments.joined(separator: " ")): \(result)")
            }
            return result
        }

        // MARK: Links of in-process agents

        /// Opens a ``PacketLink`` on `interface` in `namespace` (see ``NamespaceLink``); ``tearDown()`` closes it.
        package func openLink(in namespace: String, interface: String, capturePath: String? = nil) async throws
            -> PacketLink
        {
            let link = try await NamespaceLink.open(
                namespace: namespace,
                interface: interface,
                capturePath: capturePath
            )
            links.append(link)
            return link
        }

        // MARK: Files

        /// A path in the test's temporary directory.
        package func path(_ name: String) -> String {
            directory.appendingPathComponent(name).path
        }

        /// Copies `path` to `.build/interop-artifacts/<scenario>-<file>` when that folder can be created, and
        /// returns the copy's path (or `path` itself).
        @discardableResult
        package func keepArtifact(_ path: String) -> String {
            let folder = InteropEnvironment.packageRoot.appendingPathComponent(".build/interop-artifacts")
            let target = folder.appendingPathComponent("\(scenario)-\(URL(fileURLWithPath: path).lastPathComponent)")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: target)
                return target.path
            } catch {
                return path
            }
        }

        // MARK: Clean-up

        /// Closes the links, kills the processes started here that are still running (newest first), deletes the
        /// namespaces and the temporary directory. Synchronous, for `defer`.
        package func tearDown() {
            for link in links {
                link.close()
            }
            links.removeAll()
            for child in children.reversed() {
                child.stopNow()
            }
            children.removeAll()
            for namespace in namespaces.reversed() {
                // Deleting a namespace also deletes the veth ends in it (and so their peers).
                if let process = try? ChildProcess(
                    label: "netns-del-\(namespace)",
                    arguments: [environment.ip, "netns", "del", namespace],
                    directory: directory,
                    mergingErrors: true
                ) {
                    for _ in 0..<500 where process.isRunning {
                        usleep(10_000)
                    }
                }
                NetworkLeftovers.shared.forget(.namespace, namespace)
            }
            namespaces.removeAll()
            if ProcessInfo.processInfo.environment["VDP_INTEROP_KEEP"] == "1" {
                // For debugging: lldpad's -V 7 log, vdpctl's output and every command's output stay.
                print("VDPInteropTests: \(scenario): kept \(directory.path)")
            } else {
                try? FileManager.default.removeItem(at: directory)
            }
            NetworkLeftovers.shared.forget(.directory, directory.path)
        }
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
    package func eventually(
        timeout: Duration,
        every interval: Duration = .milliseconds(20),
        _ condition: () async -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if await condition() {
                return true
            }
            if ContinuousClock.now >= deadline {
                return false
            }
            try? await Task.sleep(for: interval)
        }
    }
#endif
