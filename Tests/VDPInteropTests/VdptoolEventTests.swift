#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTestSupport

    /// Changes no client asked for, told to an attached vdptool: the bridge de-associates a VSI that vdptool
    /// associated (a reload of its VSI type database that no longer allows the type), and a VSI's keep-alive goes
    /// unanswered (the bridge stopped), each while `vdptool -t -W` waits for an event after its query. The same
    /// against lldpad's own station and against `vdpd`; the outputs must be equal.
    extension InteropTests {
        static let eventTypesBefore = "30/1 vid=pool\n31/1 vid=pool\n"
        static let eventTypesAfter = "31/1 vid=pool\n"

        @Test(.timeLimit(.minutes(2)))
        func vdptoolHearsTheBridgeDeAssociateLikeFromLldpad() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("vdptool-events", environment: environment)
            defer { bed.tearDown() }
            let station = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            let lldpadStation = try await bed.makeNamespace("vdphv")
            let lldpadBridge = try await bed.makeNamespace("vdpbr")
            let vdpdStation = try await bed.makeNamespace("vdpsv")
            let vdpdBridge = try await bed.makeNamespace("vdpsb")
            try await bed.connect(lldpadStation, station, lldpadBridge, bridgeInterface)
            try await bed.connect(vdpdStation, station, vdpdBridge, bridgeInterface)
            var bridges: [String: (process: ChildProcess, types: String)] = [:]
            for namespace in [lldpadBridge, vdpdBridge] {
                let types = bed.path("types-\(namespace).conf")
                try Self.eventTypesBefore.write(toFile: types, atomically: true, encoding: .utf8)
                let bridge = try bed.startVdpctl(
                    "bridge-\(namespace)",
                    in: namespace,
                    [
                        "bridge", "-i", bridgeInterface, "--rte", "8", "--rka", "14", "--rwd", "14", "--json",
                        "--vid-range", "100-199", "--types", types,
                    ]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                bridges[namespace] = (bridge, types)
            }
            _ = try await bed.startLldpad(
                "lldpad",
                in: lldpadStation,
                LldpadConfiguration(interface: station, role: .station)
            )
            let state = bed.path("state")
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let configuration = bed.path("vdpd.conf")
            try Data(
                """
                state-directory = \(state)
                control-socket = \(bed.path("control.sock"))
                lldpad-compatible = on
                lldpad-pid-file = \(bed.path("lldpad.pid"))
                [interface \(station)]
                rka = 14

                """.utf8
            ).write(to: URL(fileURLWithPath: configuration))
            let vdpd = try bed.start(
                "vdpd",
                bed.inNamespace(vdpdStation, [DaemonTests.vdpdPath(environment), "--config", configuration]),
                mergingErrors: true
            )
            let ping = bed.inNamespace(vdpdStation, [environment.vdptool, "-p"])
            let pinged = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
                let output: CommandOutput? = try? await bed.run("vdptool-ping", ping)
                return output?.status == 0
            }
            try #require(pinged, "vdptool -p never reached vdpd: \(vdpd.standardOutput)")

            /// Associates `request` through vdptool, starts `vdptool -t -W` on it, and once its query is printed
            /// runs `trigger`; returns what that vdptool printed.
            func watch(
                _ name: String,
                _ namespace: String,
                _ request: VdptoolRequest,
                trigger: () throws -> Void
            ) async throws -> String {
                let associated = try await bed.vdptool(namespace, station, request.arguments)
                let answer = VdptoolVSI.parse(associated.output, blocksStartingWith: "Response from VDP")
                try #require(
                    answer.first?["mode"] == "assoc" && answer.first?["filter"]?.hasPrefix("10") == true,
                    "\(name): the bridge granted no pool VID: \(associated)"
                )
                // vdptool -W attaches, queries, and then waits up to 5 s for an event; its output is line-buffered
                // so that the query's answer shows when it waits.
                let watcher = try bed.start(
                    "vdptool-watch-\(name)-\(request.typeID)",
                    bed.inNamespace(
                        namespace,
                        (environment.stdbuf.map { [$0, "-oL"] } ?? [])
                            + [
                                environment.vdptool, "-i", station, "-t", "-W", "-V", "assoc", "-c",
                                "uuid=\(request.uuid)",
                            ]
                    )
                )
                let waiting = await eventually(timeout: .seconds(5), every: .milliseconds(10)) {
                    watcher.standardOutput.contains(request.uuid)
                }
                try #require(waiting, "\(name): vdptool's query printed nothing: \(watcher.standardOutput)")
                try trigger()
                let status = await watcher.waitForExit(timeout: .seconds(10))
                #expect(status == 0, "\(name): vdptool -W did not end: \(watcher.standardOutput)")
                return watcher.standardOutput
            }

            let pairs = [("lldpad", lldpadStation, lldpadBridge), ("vdpd", vdpdStation, vdpdBridge)]
            // The bridge de-associates the VSI: its type is no longer in the reloaded database.
            let removed = VdptoolRequest(
                mode: "assoc",
                typeID: 30,
                uuid: "b1b2c3d4-0030-4000-8000-000000000030",
                filters: ["0-52:54:00:00:00:30"]
            )
            var outputs: [String: String] = [:]
            for (name, namespace, bridgeNamespace) in pairs {
                let bridge = try #require(bridges[bridgeNamespace])
                outputs[name] = try await watch(name, namespace, removed) {
                    try Self.eventTypesAfter.write(toFile: bridge.types, atomically: true, encoding: .utf8)
                    bridge.process.signal(SIGHUP)
                }
            }
            var lldpad = outputs["lldpad"] ?? ""
            var ours = outputs["vdpd"] ?? ""
            #expect(ours == lldpad, "lldpad:\n\(lldpad)\nvdpd:\n\(ours)")
            var event = VdptoolVSI.parse(ours, blocksStartingWith: "Response from VDP")
            #expect(event.count == 1 && event.first?["mode"] == "deassoc", "vdpd's event: \(ours)")
            print("vdptool -W after the bridge's De-Associate, lldpad and vdpd:\n\(lldpad)")

            // The VSI's keep-alive goes unanswered: the bridge is stopped (RWD 14: the station gives up a keep-alive
            // after about 0.3 s).
            let silent = VdptoolRequest(
                mode: "assoc",
                typeID: 31,
                uuid: "b1b2c3d4-0031-4000-8000-000000000031",
                filters: ["0-52:54:00:00:00:31"]
            )
            for (name, namespace, bridgeNamespace) in pairs {
                let bridge = try #require(bridges[bridgeNamespace])
                defer { bridge.process.signal(SIGCONT) }
                outputs[name] = try await watch(name, namespace, silent) {
                    bridge.process.signal(SIGSTOP)
                }
            }
            lldpad = outputs["lldpad"] ?? ""
            ours = outputs["vdpd"] ?? ""
            #expect(ours == lldpad, "lldpad:\n\(lldpad)\nvdpd:\n\(ours)")
            event = VdptoolVSI.parse(ours, blocksStartingWith: "Response from VDP")
            #expect(event.count == 1 && event.first?["mode"] == "deassoc", "vdpd's event: \(ours)")
            print("vdptool -W after a keep-alive went unanswered, lldpad and vdpd:\n\(lldpad)")
        }
    }
#endif
