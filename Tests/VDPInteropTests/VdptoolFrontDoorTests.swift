#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTestSupport

    /// Debian's vdptool driving `vdpd` (lldpad-compatible) against `vdpctl bridge`, next to the same command lines
    /// against lldpad's own station and a second `vdpctl bridge`: every filter format vdptool accepts through
    /// pre-associate, associate, query and de-associate, and malformed commands; the outputs must be equal.
    extension InteropTests {
        @Test(.timeLimit(.minutes(2)))
        func vdptoolDrivesVdpdLikeLldpad() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("vdptool-vdpd", environment: environment)
            defer { bed.tearDown() }
            let station = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            // Two station/bridge pairs, with the same interface names, so that the command lines are equal.
            let lldpadStation = try await bed.makeNamespace("vdphv")
            let lldpadBridge = try await bed.makeNamespace("vdpbr")
            let vdpdStation = try await bed.makeNamespace("vdpsv")
            let vdpdBridge = try await bed.makeNamespace("vdpsb")
            try await bed.connect(lldpadStation, station, lldpadBridge, bridgeInterface)
            try await bed.connect(vdpdStation, station, vdpdBridge, bridgeInterface)
            for namespace in [lldpadBridge, vdpdBridge] {
                let bridge = try bed.startVdpctl(
                    "bridge-\(namespace)",
                    in: namespace,
                    ["bridge", "-i", bridgeInterface, "--rte", "8", "--rka", "14", "--json"]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
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

            var commands: [[String]] = []
            for (index, entry) in Self.vdptoolFilters.enumerated() {
                let request = VdptoolRequest(
                    mode: "preassoc",
                    typeID: 20 + index,
                    uuid: "b1b2c3d4-000\(index + 1)-4000-8000-00000000000\(index + 1)",
                    filters: [entry.filter]
                )
                for mode in ["preassoc", "assoc"] {
                    commands.append(request.with(mode: mode).arguments)
                }
                commands.append(["-t", "-V", "assoc"])
                commands.append(["-t", "-V", "assoc", "-c", "uuid=\(request.uuid)"])
                commands.append(request.with(mode: "deassoc").arguments)
            }
            commands.append(["-t", "-V", "assoc"])
            // Malformed: no filter, an unknown mode, a bad filter, an incomplete VSI, a query mode lldpad lacks.
            let base = VdptoolRequest(mode: "assoc", typeID: 9, uuid: "c1", filters: ["100-52:54:00:00:00:09"])
            commands.append(Array(base.arguments.dropLast(2)))
            commands.append(base.arguments.map { $0 == "mode=assoc" ? "mode=bogus" : $0 })
            commands.append(base.arguments.map { $0.hasPrefix("filter=") ? "filter=100-52:54" : $0 })
            commands.append(["-T", "-V", "assoc", "-c", "mode=assoc", "-c", "filter=5"])
            commands.append(["-t", "-V", "99"])

            var lldpadTimes: [Duration] = []
            var vdpdTimes: [Duration] = []
            for command in commands {
                let lldpadStart = ContinuousClock.now
                let expected = try await bed.vdptool(lldpadStation, station, command)
                lldpadTimes.append(ContinuousClock.now - lldpadStart)
                let vdpdStart = ContinuousClock.now
                let actual = try await bed.vdptool(vdpdStation, station, command)
                vdpdTimes.append(ContinuousClock.now - vdpdStart)
                #expect(actual.status == expected.status, "\(command): lldpad \(expected), vdpd \(actual)")
                #expect(
                    actual.output == expected.output,
                    "\(command):\nlldpad:\n\(expected.output)\nvdpd:\n\(actual.output)"
                )
            }
            // vdptool -p prints the pid of the daemon that answers.
            let pong = try await bed.run("vdptool-ping", ping)
            #expect(pong.output == "\(vdpd.pid)\n", "\(pong)")
            let unknown = ["-i", "nosuch0", "-T", "-V", "assoc"] + Array(base.arguments.dropFirst(3))
            let expected = try await bed.run("vdptool", bed.inNamespace(lldpadStation, [environment.vdptool] + unknown))
            let actual = try await bed.run("vdptool", bed.inNamespace(vdpdStation, [environment.vdptool] + unknown))
            #expect(actual.output == expected.output && actual.status == expected.status, "\(expected) / \(actual)")
            func median(_ times: [Duration]) -> Duration { times.sorted()[times.count / 2] }
            print(
                "vdptool vs vdpd and lldpad: \(commands.count + 1) command lines, outputs compared; median vdptool run "
                    + "(process start to exit, -W waits for the bridge) lldpad \(median(lldpadTimes)), "
                    + "vdpd \(median(vdpdTimes))"
            )
        }
    }
#endif
