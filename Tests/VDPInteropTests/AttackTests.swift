#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPTestSupport
    import VDPWire

    /// Attacks on a bridge port shared by several stations (Docs/HARDENING.md), on veth: `vdpctl bridge`, a
    /// legitimate `vdpctl station` and a hostile station (``HubAttacker``) on one segment, joined by a Linux bridge
    /// with STP off used as a hub (it forwards 01-80-C2-00-00-00 to every port).
    extension InteropTests {
        /// While the attacker floods malformed TLVs and injects the victim's next ECP sequence number after each of
        /// its requests, the victim associates three VSIs one after the other and keeps them alive: each Associate
        /// succeeds well within respWaitDelay (15.8 s here), and the bridge's log stays within its rate limits.
        @Test(.timeLimit(.minutes(1)))
        func aHostileStationOnTheSegmentDoesNotStopAnother() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("attack-hub", environment: environment)
            defer { bed.tearDown() }
            let br = try await bed.makeNamespace("vdpbr")
            let hubNamespace = try await bed.makeNamespace("vdphub")
            let hv = try await bed.makeNamespace("vdphv")
            let attackerNamespace = try await bed.makeNamespace("vdpat")
            let hub = "hub\(bed.suffix)"
            try await bed.checked(
                environment.ip,
                "-n",
                hubNamespace,
                "link",
                "add",
                hub,
                "type",
                "bridge",
                "stp_state",
                "0"
            )
            try await bed.checked(environment.ip, "-n", hubNamespace, "link", "set", hub, "up")
            let bridgeInterface = "vb\(bed.suffix)"
            let stationInterface = "vh\(bed.suffix)"
            let attackerInterface = "va\(bed.suffix)"
            for (namespace, interface, hubPort) in [
                (br, bridgeInterface, "hb\(bed.suffix)"), (hv, stationInterface, "hh\(bed.suffix)"),
                (attackerNamespace, attackerInterface, "ha\(bed.suffix)"),
            ] {
                try await bed.connect(namespace, interface, hubNamespace, hubPort)
                try await bed.checked(environment.ip, "-n", hubNamespace, "link", "set", hubPort, "master", hub)
            }
            let victim = try await bed.macAddress(of: stationInterface, in: hv)
            let linesPerCause = 5

            let bridge = try bed.startVdpctl(
                "vdpctl-bridge",
                in: br,
                // 5 lines per cause a second, a quarter of the flood's 20 frames: every window of the attack
                // overflows, so the summaries are certain, whatever the frames' timing.
                [
                    "bridge", "-i", bridgeInterface, "--vid-range", "100-199", "--rte", "8", "--json", "--log-rate",
                    String(linesPerCause),
                ]
            )
            try #require(
                await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                "vdpctl bridge did not start: \(bridge.standardError)"
            )
            let attackStart = ContinuousClock.now
            // 20 flood frames a second: 14,780 malformed TLVs a second (a debug build of the bridge keeps up).
            let attacker = HubAttacker(
                namespace: attackerNamespace,
                interface: attackerInterface,
                victim: victim,
                floodInterval: .milliseconds(50)
            )
            // Stops the attacker's thread also when the test fails before the stop below (a second stop returns).
            defer { _ = try? attacker.stop() }
            var stationArguments = ["station", "-i", stationInterface, "--rte", "8", "--json", "--stay", "3"]
            let uuids = (1...3).map { "a11ce000-0000-4000-8000-00000000000\($0)" }
            for (index, uuid) in uuids.enumerated() {
                stationArguments += [
                    "--", "mode=assoc", "mgrid=legit", "typeid=5", "typeidver=1", "uuid=\(uuid)",
                    "filter=0-52:54:00:a1:00:0\(index + 1)",
                ]
            }
            try await Task.sleep(for: .milliseconds(500))
            let station = try bed.startVdpctl("vdpctl-station", in: hv, stationArguments)
            // EVB (at most a few seconds), three Associates, 3 s of keep-alives: 20 s is generous; an Associate
            // that gets no answer fails only after respWaitDelay, 15.8 s.
            let stationStatus = await station.waitForExit(timeout: .seconds(20))
            let report = try attacker.stop()
            let attackSeconds = (ContinuousClock.now - attackStart) / .seconds(1)
            bridge.signal(SIGTERM)
            #expect(await bridge.waitForExit(timeout: .seconds(10)) == 0, "\(bridge.standardError)")

            // The attack ran: it flooded, and it saw and answered the victim's requests.
            #expect(report.floodFrames >= 50, "\(report)")
            #expect(report.victimRequestsSeen >= 3, "\(report)")
            #expect(report.injected >= 3, "\(report)")

            // The victim was served.
            #expect(stationStatus == 0, "station: \(station.logLines)\n\(station.standardError)")
            let results = station.logLines.filter { $0.kind == "result" }
            for uuid in uuids {
                #expect(
                    results.contains { $0.text.hasPrefix("\(uuid): associated") },
                    "\(uuid) not associated: \(station.logLines)"
                )
            }

            // The bridge's log stayed within its rate limits: `linesPerCause` lines per cause and 200 in all per
            // second, plus one summary per suppressed cause and window.
            let lines = bridge.logLines
            let windows = Int(attackSeconds.rounded(.up)) + 2
            let malformed = lines.filter { $0.kind == "malformed" }.count
            let suppressed = lines.filter { $0.kind == "suppressed" }
            #expect(malformed > 0, "the flood reached the bridge")
            #expect(malformed <= linesPerCause * windows, "\(malformed) malformed lines in \(windows) windows")
            #expect(!suppressed.isEmpty, "the bridge says what it withheld")
            #expect(lines.count <= 250 * windows, "\(lines.count) lines in \(windows) windows")
            #expect(
                lines.contains { $0.kind == "counters" && $0.text.contains("suppressed by the rate limits") },
                "\(lines.suffix(5))"
            )
        }
    }
#endif
