#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPAgent
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// `vdpctl bridge --state --types`: a type database changed while the bridge was down takes effect at its start.
    /// The restored VSIs the new database no longer allows are de-associated at once (the station is told), the
    /// others are kept without re-association.
    extension InteropTests {
        @Test(.timeLimit(.minutes(2)))
        func aRestartedBridgeEndsTheRestoredVSIsItsTypeDatabaseNoLongerAllows() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let bed = try Testbed("durable-types", environment: environment)
            defer { bed.tearDown() }
            let stationNamespace = try await bed.makeNamespace("vdpts")
            let bridgeNamespace = try await bed.makeNamespace("vdptb")
            try await bed.connect(stationNamespace, "tsup", bridgeNamespace, "tbst")
            let statePath = bed.path("bridge-state.sqlite")
            let typesPath = bed.path("vsi-types.conf")
            // Type 12 (every VM of `durableVM`) and type 13 are allowed at first.
            try "12/1 vid=pool\n13/1 vid=pool\n".write(toFile: typesPath, atomically: true, encoding: .utf8)
            func startBridge(_ label: String) async throws -> ChildProcess {
                let bridge = try bed.startVdpctl(
                    label,
                    in: bridgeNamespace,
                    [
                        "bridge", "-i", "tbst", "--state", statePath, "--types", typesPath, "--rte", "10", "--rka",
                        "18", "--rwd", "14", "--json",
                    ]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.text.hasPrefix("VSI type database") }
                        != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                return bridge
            }
            var bridge = try await startBridge("bridge-first")

            let link = try await bed.openLink(in: stationNamespace, interface: "tsup")
            let station = Self.durableStation(on: link)
            let stationTask = Task { await station.run() }
            defer {
                stationTask.cancel()
                link.close()
            }
            try await station.awaitNegotiation()
            let kept = Self.durableVM(1)
            var ended = Self.durableVM(2)
            ended.typeID = VSITypeID(truncating: 13)
            for vm in [kept, ended] {
                _ = try await station.associate(vm)
            }

            // Killed (no shutdown LLDPDU), type 13 dropped from the database, started again on the state file.
            bridge.signal(SIGKILL)
            _ = await bridge.waitForExit(timeout: .seconds(5))
            try "12/1 vid=pool\n".write(toFile: typesPath, atomically: true, encoding: .utf8)
            bridge = try await startBridge("bridge-second")
            let restored = bridge.logLines.first { $0.text.hasPrefix("restored") }?.text ?? ""
            #expect(restored.hasPrefix("restored 2 VSIs"))
            let revoked = await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "revoked" }
            #expect(revoked?.text.contains("\(ended.vsiID)") == true)
            #expect(
                bridge.logLines.contains {
                    $0.text.hasPrefix("1 restored VSIs are not allowed by the type database in force")
                }
            )
            let endedAtStation = await eventually(timeout: .seconds(10), every: .milliseconds(20)) {
                await station.state(of: ended.vsiID) == nil
            }
            #expect(endedAtStation, "the station was told by a De-Associate")
            #expect(await station.state(of: kept.vsiID)?.type == .associate)
            #expect(await station.evbCounters.reassociations == 0)
            bridge.signal(SIGKILL)
            _ = await bridge.waitForExit(timeout: .seconds(5))
            await station.stop()
        }
    }
#endif
