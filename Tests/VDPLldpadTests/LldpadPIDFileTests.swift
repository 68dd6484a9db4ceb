#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPDaemon
    @testable import VDPLldpad

    @Suite("lldpad's pid file")
    struct LldpadPIDFileTests {
        let directory: String

        init() throws {
            directory = NSTemporaryDirectory() + "vdp-pidfile-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        @Test("writes this process's pid, replaces a stale one, and removes only its own on stop")
        func claimsAndReleases() async throws {
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/lldpad.pid"
            // A pid that names no process (pids stop at 2^22 on Linux).
            try "4194305\n".write(toFile: path, atomically: true, encoding: .utf8)
            let pidFile = LldpadPIDFile(path: path)
            let lines = LinesCollector()
            try await pidFile.claim { lines.append($0) }
            #expect(LldpadPIDFile.readPID(at: path) == getpid())
            #expect(lines.lines == ["replacing the stale pid 4194305 in \(path)"])
            await pidFile.stop()
            #expect(!FileManager.default.fileExists(atPath: path))

            try "1\n".write(toFile: path, atomically: true, encoding: .utf8)
            await pidFile.stop()
            #expect(LldpadPIDFile.readPID(at: path) == 1, "another process's pid file is left alone")
        }

        @Test("refuses while a live process called lldpad holds the file")
        func refusesLiveLldpad() async throws {
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // A process whose name is lldpad: a copy of sleep under that name.
            let impostor = directory + "/lldpad"
            try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: impostor)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: impostor)
            process.arguments = ["30"]
            try process.run()
            defer {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            let path = directory + "/lldpad.pid"
            try "\(process.processIdentifier)\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(LldpadPIDFile.processName(of: process.processIdentifier) == "lldpad")
            #expect(LldpadPIDFile.isRunning(process.processIdentifier))
            await #expect(throws: DaemonFrontDoorError.self) {
                try await LldpadPIDFile(path: path).claim { _ in }
            }
            #expect(LldpadPIDFile.readPID(at: path) == process.processIdentifier, "the live lldpad's file is kept")
            // Once it has exited (a zombie until it is waited for), its file is stale.
            kill(process.processIdentifier, SIGKILL)
            var exited = false
            for _ in 0..<500 where !exited {
                exited = !LldpadPIDFile.isRunning(process.processIdentifier)
                if !exited { usleep(10_000) }
            }
            #expect(exited)
            try await LldpadPIDFile(path: path).claim { _ in }
            #expect(LldpadPIDFile.readPID(at: path) == getpid())
        }

        @Test("is made only when the configuration stands in for lldpad")
        func factoryFollowsConfiguration() {
            var configuration = DaemonConfiguration()
            #expect(LldpadFrontDoors().frontDoors(for: configuration).isEmpty)
            configuration.lldpadCompatible = true
            configuration.lldpadPIDFile = "/run/test-lldpad.pid"
            let names = LldpadFrontDoors().frontDoors(for: configuration).map(\.name)
            #expect(names.contains("lldpad pid file /run/test-lldpad.pid"))
            #expect(names.contains { $0.hasPrefix("libvirt netlink port ") })
        }
    }

    /// Lines collected from a `@Sendable` callback.
    final class LinesCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [String] = []

        func append(_ line: String) {
            lock.withLock { collected.append(line) }
        }

        var lines: [String] {
            lock.withLock { collected }
        }
    }
#endif
