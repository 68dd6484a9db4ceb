#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTestSupport

    /// ``NetworkLeftovers``: what a killed test process noted is removed by a later sweep (its namespace with the
    /// processes still in it, its root-namespace veth pair, its directory); what a live one noted stays.
    @Suite(.timeLimit(.minutes(1)))
    struct NetworkLeftoversTests {
        @Test func aSweepRemovesWhatAKilledProcessLeftAndKeepsWhatALiveOneHas() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let suffix = String(format: "%06x", UInt32.random(in: 0...0xFF_FFFF))
            let temporary = FileManager.default.temporaryDirectory
            let work = temporary.appendingPathComponent("vdp-leftovers-test-\(suffix)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let runDirectory = work.appendingPathComponent("run").path
            let sleep = try #require(
                ["/usr/bin/sleep", "/bin/sleep"].first { FileManager.default.isExecutableFile(atPath: $0) }
            )

            // Two stand-ins for test processes; one is killed below, as a CI time-out would kill a test.
            let killed = try ChildProcess(label: "killed", arguments: [sleep, "600"], directory: work)
            let live = try ChildProcess(label: "live", arguments: [sleep, "600"], directory: work)
            defer {
                killed.stopNow()
                live.stopNow()
            }
            let killedOwner = try #require(NetworkLeftovers.Owner.running(killed.pid))
            let liveOwner = try #require(NetworkLeftovers.Owner.running(live.pid))
            let killedNotes = NetworkLeftovers(runDirectory: runDirectory, owner: killedOwner)
            let liveNotes = NetworkLeftovers(runDirectory: runDirectory, owner: liveOwner)

            // Each makes a namespace, a veth pair in the root namespace and a directory, noted first.
            let killedNamespace = "vdplk-\(suffix)"
            let liveNamespace = "vdpll-\(suffix)"
            let killedLink = "vl\(suffix)a"
            let liveLink = "vl\(suffix)c"
            let peers = [killedLink: "vl\(suffix)b", liveLink: "vl\(suffix)d"]
            let killedDirectory = temporary.appendingPathComponent("vdp-leftover-killed-\(suffix)").path
            let liveDirectory = temporary.appendingPathComponent("vdp-leftover-live-\(suffix)").path
            defer {
                for namespace in [killedNamespace, liveNamespace] {
                    _ = try? IPCommand.run("netns", "del", namespace)
                }
                for link in [killedLink, liveLink] {
                    _ = try? IPCommand.run("link", "del", link)
                }
                for directory in [killedDirectory, liveDirectory] {
                    try? FileManager.default.removeItem(atPath: directory)
                }
            }
            for (notes, namespace, link, directory) in [
                (killedNotes, killedNamespace, killedLink, killedDirectory),
                (liveNotes, liveNamespace, liveLink, liveDirectory),
            ] {
                try notes.note(.namespace, namespace)
                try IPCommand.run("netns", "add", namespace)
                try notes.note(.link, link)
                try IPCommand.run("link", "add", link, "type", "veth", "peer", "name", peers[link] ?? "")
                try notes.note(.directory, directory)
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            // A daemon the killed test left running in its namespace (as Open vSwitch or lldpad would be).
            let daemon = try ChildProcess(
                label: "daemon",
                arguments: [environment.ip, "netns", "exec", killedNamespace, sleep, "600"],
                directory: work
            )
            defer { daemon.stopNow() }
            #expect(
                await eventually(timeout: .seconds(5)) {
                    ((try? IPCommand.run("netns", "pids", killedNamespace)) ?? "").contains("\(daemon.pid)")
                },
                "the daemon runs in the namespace"
            )

            killed.signal(SIGKILL)
            _ = await killed.waitForExit(timeout: .seconds(5))
            #expect(!killedOwner.isAlive)
            #expect(liveOwner.isAlive)
            var reused = liveOwner
            reused.startTime += 1
            #expect(!reused.isAlive, "a pid taken by a later process is not its former owner")

            let removed = liveNotes.sweep()
            for line in removed {
                print("NetworkLeftoversTests: removed \(line)")
            }
            #expect(
                removed.sorted() == [
                    "directory \(killedDirectory) of pid \(killed.pid), which no longer runs",
                    "link \(killedLink) of pid \(killed.pid), which no longer runs",
                    "netns \(killedNamespace) (processes killed in it: [\(daemon.pid)]) of pid \(killed.pid), "
                        + "which no longer runs",
                ]
            )
            #expect(!FileManager.default.fileExists(atPath: "/run/netns/\(killedNamespace)"))
            #expect((try? IPCommand.run("link", "show", killedLink)) == nil)
            #expect((try? IPCommand.run("link", "show", peers[killedLink] ?? "")) == nil, "the peer went too")
            #expect(!FileManager.default.fileExists(atPath: killedDirectory))
            #expect(await daemon.waitForExit(timeout: .seconds(5)) != nil, "the daemon in the namespace was killed")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: runDirectory) == [
                    "\(live.pid)-\(liveOwner.startTime)"
                ],
                "the killed process's notes are gone, the live one's stay"
            )

            // The live process's resources are untouched, and a second sweep finds nothing.
            #expect(FileManager.default.fileExists(atPath: "/run/netns/\(liveNamespace)"))
            #expect((try? IPCommand.run("link", "show", liveLink)) != nil)
            #expect(FileManager.default.fileExists(atPath: liveDirectory))
            #expect(liveNotes.sweep().isEmpty)
            #expect(FileManager.default.fileExists(atPath: "/run/netns/\(liveNamespace)"))
        }
    }
#endif
