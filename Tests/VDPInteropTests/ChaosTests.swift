#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPProtocol
    import VDPTestSupport

    /// Scenario 4: our station and our bridge as `vdpctl` processes, through a seeded lossy relay. See
    /// Docs/CHAOS.md.
    extension InteropTests {
        /// Network namespaces station | relay | bridge, joined by two veth pairs; a ``ChaosRelay`` in the middle
        /// drops 30 % of the frames in each direction and duplicates, reorders and delays some of the rest.
        /// 10,000 VSI operations (associate, de-associate, re-associate, associate again) go in batches of 200
        /// through `vdpctl station --commands`, driven by a ``ChaosEmbedding`` that requests again what the station
        /// reports lost. After 2,500 operations the bridge is killed (SIGKILL) and restarted, and relearns its
        /// table from the station's keep-alives; after 5,000 the relay's station-side link goes down for 3 s;
        /// after 7,500 the station is killed and restarted, and handed the wanted set again. Then the relay stops
        /// injecting faults, the embedding requests again what was lost, and the test waits one toutKeepAlive (so
        /// that the bridge ages out what the station no longer refreshes), stops both and compares the final
        /// tables: every wanted VSI associated on the station and on the bridge with the same VIDs, and nothing
        /// else. `VDP_CHAOS_SEED` repeats a run's draws.
        @Test(.timeLimit(.minutes(10)))
        func chaosThroughALossyRelay() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let seed =
                ProcessInfo.processInfo.environment["VDP_CHAOS_SEED"].flatMap { UInt64($0) }
                ?? UInt64.random(in: 0...UInt64(UInt32.max))
            print("VDPInteropTests: chaos: seed \(seed) (VDP_CHAOS_SEED=\(seed) repeats the draws)")
            let plan = ChaosPlan()
            let bed = try Testbed("chaos", environment: environment)
            defer { bed.tearDown() }
            let stationNamespace = try await bed.makeNamespace("vdpcs")
            let relayNamespace = try await bed.makeNamespace("vdpcr")
            let bridgeNamespace = try await bed.makeNamespace("vdpcb")
            let stationInterface = "cs\(bed.suffix)"
            let relayStationSide = "crs\(bed.suffix)"
            let relayBridgeSide = "crb\(bed.suffix)"
            let bridgeInterface = "cb\(bed.suffix)"
            try await bed.connect(stationNamespace, stationInterface, relayNamespace, relayStationSide)
            try await bed.connect(relayNamespace, relayBridgeSide, bridgeNamespace, bridgeInterface)
            for interface in [relayStationSide, relayBridgeSide] {
                try await bed.checked(environment.ip, "-n", relayNamespace, "link", "set", interface, "promisc", "on")
            }
            let stationAddress = try await bed.macAddress(of: stationInterface, in: stationNamespace)

            let relay = ChaosRelay(
                namespace: relayNamespace,
                stationSide: relayStationSide,
                bridgeSide: relayBridgeSide,
                seed: seed,
                faults: plan.faults
            )
            try await relay.start()
            defer { relay.stop() }

            let timerOptions = [
                "--json", "--rte", "\(plan.parameters.retransmissionExponent)",
                "--rwd", "\(plan.parameters.resourceWaitDelayExponent)",
                "--rka", "\(plan.parameters.reinitKeepAliveExponent)",
            ]
            func startBridge(_ number: Int) async throws -> ChildProcess {
                let bridge = try bed.startVdpctl(
                    "bridge-\(number)",
                    in: bridgeNamespace,
                    ["bridge", "-i", bridgeInterface] + timerOptions
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                return bridge
            }
            func startStation(_ number: Int) async throws -> StationFeed {
                let commands = bed.path("station-\(number).commands")
                _ = FileManager.default.createFile(atPath: commands, contents: nil)
                let station = try bed.startVdpctl(
                    "station-\(number)",
                    in: stationNamespace,
                    ["station", "-i", stationInterface, "--commands", commands] + timerOptions
                )
                try #require(
                    await station.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                    "vdpctl station did not start: \(station.standardError)"
                )
                return StationFeed(process: station, commandPath: commands)
            }
            func kill(_ process: ChildProcess) async throws {
                process.signal(SIGKILL)
                let status = await process.waitForExit(timeout: .seconds(5))
                try #require(
                    status == 128 + SIGKILL,
                    "\(process.label) did not die of SIGKILL: \(String(describing: status))"
                )
            }

            var outcome = ChaosOutcome(seed: seed, faults: plan.faults, tally: ChaosEmbedding.Tally(), relay: [:])
            var embedding = ChaosEmbedding(universe: plan.universe, target: plan.target, seed: seed)
            var bridge = try await startBridge(1)
            var station = try await startStation(1)
            let clock = ContinuousClock()
            var linkDownSince: ContinuousClock.Instant?
            var phaseStart = clock.now

            // The operations, with a restart of each side and a link flap along the way.
            var operations = 0
            while operations < plan.operations {
                if operations >= plan.bridgeRestartAt, outcome.bridgeRestarts == 0 {
                    try await kill(bridge)
                    bridge = try await startBridge(2)
                    outcome.bridgeRestarts += 1
                }
                // The link goes down before a batch and comes up before the first batch after linkDownTime.
                if operations >= plan.linkFlapAt, outcome.linkFlaps == 0 {
                    try await bed.checked(environment.ip, "-n", relayNamespace, "link", "set", relayStationSide, "down")
                    linkDownSince = clock.now
                    outcome.linkFlaps += 1
                } else if let since = linkDownSince, clock.now - since >= plan.linkDownTime {
                    try await bed.checked(environment.ip, "-n", relayNamespace, "link", "set", relayStationSide, "up")
                    linkDownSince = nil
                }
                if operations >= plan.stationRestartAt, outcome.stationRestarts == 0 {
                    try await kill(station.process)
                    station = try await startStation(2)
                    outcome.stationRestarts += 1
                    let restoration = embedding.restoration()
                    for start in stride(from: 0, to: restoration.count, by: plan.batchSize) {
                        let lines = Array(restoration[start..<min(start + plan.batchSize, restoration.count)])
                        embedding.process(try await station.issue(lines, timeout: plan.batchTimeout))
                    }
                }
                let batch = embedding.nextBatch(operations: min(plan.batchSize, plan.operations - operations))
                embedding.process(try await station.issue(batch.lines, timeout: plan.batchTimeout))
                operations += batch.operations
            }
            #expect(linkDownSince == nil, "the link was still down after the last batch")
            outcome.phases.append(("10,000 operations under faults", clock.now - phaseStart))

            // Calm: no more faults. The embedding requests again what was lost; then one toutKeepAlive, so that the
            // bridge ages out every VSI the station stopped refreshing before the calm began.
            relay.setFaults(.none)
            phaseStart = clock.now
            let timers = VDPTimers(plan.parameters)
            let settled =
                phaseStart + timers.toutKeepAlive + plan.faults.maximumDelay + plan.faults.holdLimit
                + .seconds(1)
            while clock.now < settled || !embedding.lost.isEmpty {
                try #require(clock.now < settled + .seconds(60), "lost VSIs keep coming back without faults")
                let batch = embedding.nextBatch(operations: 0)
                embedding.process(try await station.issue(batch.lines, timeout: plan.batchTimeout))
                try await Task.sleep(for: .milliseconds(200))
            }
            outcome.phases.append(("calm until settled", clock.now - phaseStart))
            // The settling time above follows from these values, so they must be the ones in force.
            let expectedEVB =
                "RTE=\(plan.parameters.retransmissionExponent) RWD=\(plan.parameters.resourceWaitDelayExponent) "
                + "RKA=\(plan.parameters.reinitKeepAliveExponent)"
            for process in [bridge, station.process] {
                let negotiated = process.logLines.filter { $0.kind == "evb" }
                #expect(!negotiated.isEmpty && negotiated.allSatisfy { $0.text.contains(expectedEVB) }, "\(negotiated)")
            }
            #expect(embedding.unreadable.isEmpty, "log lines about unknown VSIs: \(embedding.unreadable.prefix(5))")

            // Final tables: the station's first (its shutdown LLDPDU does not end the bridge's VSIs), then the bridge's.
            station.process.signal(SIGTERM)
            try #require(
                await station.process.waitForExit(timeout: .seconds(20)) == 0,
                "\(station.process.standardError)"
            )
            let stationRecords = station.readLog()
            embedding.process(stationRecords.filter { $0.kind != "vsi" || $0.state == nil })
            bridge.signal(SIGTERM)
            try #require(await bridge.waitForExit(timeout: .seconds(20)) == 0, "\(bridge.standardError)")
            var bridgeLog = AgentLogFollower(path: bridge.standardOutputPath)
            let bridgeRecords = bridgeLog.next()

            var stationTable: [String: [Int]] = [:]
            for record in stationRecords where record.kind == "vsi" && record.state != nil {
                if record.state == "Associate", let vsi = record.vsi {
                    stationTable[vsi] = record.vids ?? []
                } else {
                    outcome.extraOnStation += 1
                }
            }
            var bridgeTable: [String: [Int]] = [:]
            for record in bridgeRecords where record.kind == "vsi-table" {
                if record.state == "Associate", record.station == stationAddress.description, let vsi = record.vsi {
                    bridgeTable[vsi] = record.vids ?? []
                } else {
                    outcome.extraOnBridge += 1
                }
            }
            let wanted = Set(embedding.wanted.map(ChaosEmbedding.vsiID))
            outcome.tally = embedding.tally
            outcome.relay = [
                .towardBridge: relay.counters(.towardBridge), .towardStation: relay.counters(.towardStation),
            ]
            outcome.wanted = wanted.count
            outcome.onStation = stationTable.count
            outcome.onBridge = bridgeTable.count
            outcome.missingOnStation = wanted.subtracting(stationTable.keys).count
            outcome.missingOnBridge = wanted.subtracting(bridgeTable.keys).count
            outcome.extraOnStation += Set(stationTable.keys).subtracting(wanted).count
            outcome.extraOnBridge += Set(bridgeTable.keys).subtracting(wanted).count
            outcome.vidMismatches =
                stationTable.filter { vsi, vids in bridgeTable[vsi].map { $0 != vids } ?? false }.count
            let table = outcome.table
            print("VDPInteropTests: chaos outcome\n\(table)")
            let tablePath = bed.path("outcome.md")
            try Data((table + "\n").utf8).write(to: URL(fileURLWithPath: tablePath))
            bed.keepArtifact(tablePath)
            for name in ["station-1.out", "station-2.out", "bridge-1.out", "bridge-2.out"] {
                bed.keepArtifact(bed.path(name))
            }

            #expect(relay.failure == nil, "the relay failed: \(relay.failure ?? "")")
            #expect(outcome.tally.operations == plan.operations)
            #expect(outcome.relay.values.map(\.dropped).allSatisfy { $0 > 0 }, "no loss was injected")
            #expect(stationTable.values.allSatisfy { vids in vids.allSatisfy { $0 != 0 } }, "a null VID was confirmed")
            #expect(outcome.missingOnStation == 0)
            #expect(outcome.missingOnBridge == 0)
            #expect(outcome.extraOnStation == 0)
            #expect(outcome.extraOnBridge == 0)
            #expect(outcome.vidMismatches == 0)
            #expect(outcome.agreed)
        }
    }

    /// The chaos scenario's figures.
    struct ChaosPlan {
        var operations = 10_000
        var batchSize = 200
        var universe = 1_200
        var target = 400
        var bridgeRestartAt = 2_500
        var linkFlapAt = 5_000
        var stationRestartAt = 7_500
        var linkDownTime = Duration.seconds(3)
        /// A hang detector only: every request of a batch is answered or times out after respWaitDelay.
        var batchTimeout = Duration.seconds(60)
        var faults = ChaosRelay.Faults(
            loss: 0.30,
            duplication: 0.05,
            reordering: 0.05,
            delay: 0.10,
            maximumDelay: .milliseconds(40)
        )
        /// RTE 14 (ackTimer 164 ms), RWD 17 (1.3 s), RKA 20 (keep-alives every 10.5 s; toutKeepAlive 17.5 s).
        var parameters = EVBParameters(
            retransmissionExponent: 14,
            resourceWaitDelayExponent: 17,
            reinitKeepAliveExponent: 20,
            groupIDsSupported: false
        )
    }
#endif
