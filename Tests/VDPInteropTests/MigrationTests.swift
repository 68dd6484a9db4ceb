#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPAgent
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// Scenario 3: our station and our bridge, over veth, through a VM's whole life including a migration.
    extension InteropTests {
        /// A VM migrates from hypervisor A (on bridge port 1) to hypervisor B (on bridge port 2). Each bridge port
        /// is a `vdpctl bridge` process with `--capture`; the two hypervisors are station agents in the test
        /// process, since the steps alternate between them (one `vdpctl station` runs its commands back to back).
        ///
        /// 1. A associates the VM (it runs there); 2. B pre-associates it with the M-bit (`hints=to`); 3. A
        /// associates it with the S-bit (`hints=from`: it is leaving); 4. B associates it with the M-bit; 5. A
        /// de-associates it. Both captures are kept as artifacts and must decode completely.
        @Test(.timeLimit(.minutes(2)))
        func migrationBetweenTwoBridgePorts() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("migration", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdphv")
            let br = try await bed.makeNamespace("vdpbr")
            // Hypervisor A – bridge port 1, hypervisor B – bridge port 2.
            let ports = [
                (station: "vh\(bed.suffix)a", bridge: "vb\(bed.suffix)a"),
                (station: "vh\(bed.suffix)b", bridge: "vb\(bed.suffix)b"),
            ]
            for port in ports {
                try await bed.connect(hv, port.station, br, port.bridge)
            }

            let capturePaths = [bed.path("bridge-port1.pcap"), bed.path("bridge-port2.pcap")]
            var bridges: [ChildProcess] = []
            for (index, port) in ports.enumerated() {
                let bridge = try bed.startVdpctl(
                    "vdpctl-bridge-port\(index + 1)",
                    in: br,
                    [
                        "bridge", "-i", port.bridge, "--vid-range", "100-199", "--rte", "8", "--json", "--capture",
                        capturePaths[index],
                    ]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                bridges.append(bridge)
            }

            var stations: [StationAgent] = []
            var tasks: [Task<Void, Never>] = []
            defer {
                for task in tasks {
                    task.cancel()
                }
            }
            for port in ports {
                let link = try await bed.openLink(in: hv, interface: port.station)
                let evb = EVBConfiguration(
                    role: .station,
                    retransmissionExponent: 8,
                    supportsGroupIDs: true,
                    reflectiveRelay: true
                )
                let station = StationAgent(
                    configuration: StationPortConfiguration(
                        address: link.interface.address,
                        parameters: evb.localParameters
                    ),
                    evb: evb,
                    link: link
                )
                let recorder = EventRecorder<StationAgentEvent>()
                tasks.append(recorder.follow(await station.events()))
                tasks.append(Task { await station.run() })
                let negotiated = await recorder.wait(timeout: .seconds(15)) { event -> Bool? in
                    if case .negotiated = event { true } else { nil }
                }
                try #require(negotiated != nil, "no EVB negotiation on \(port.station)")
                stations.append(station)
            }
            let (hypervisorA, hypervisorB) = (stations[0], stations[1])

            let vm = VSIDescriptor(
                managerID: try #require(VSIManagerID(text: "mgr1")),
                typeID: VSITypeID(truncating: 300),
                typeVersion: 1,
                vsiID: .uuid(try #require(VSIUUID("a1b2c3d4-0300-4000-8000-000000000300"))),
                filterInfo: .groupMACVID(
                    GroupID(rawValue: 5300),
                    MACAddress(0x52, 0x54, 0, 0, 0x03, 0x00),
                    try FilterVID(vid: 150)
                )
            )
            let uuid = "a1b2c3d4-0300-4000-8000-000000000300"

            // 1. The VM runs on A.
            let running = try await hypervisorA.associate(vm)
            #expect(running.type == .associate && running.hints == .none)
            // 2. B prepares for it: Pre-Associate with the M-bit.
            let prepared = try await hypervisorB.immigrate(vm, associate: false)
            #expect(prepared.type == .preAssociate && prepared.hints.migrating)
            // 3. A lets it go: Associate with the S-bit.
            let leaving = try await hypervisorA.emigrate(vm)
            #expect(leaving.type == .associate && leaving.hints.suspended)
            // 4. It runs on B: Associate with the M-bit.
            let arrived = try await hypervisorB.immigrate(vm, associate: true)
            #expect(arrived.type == .associate && arrived.hints.migrating)
            // 5. A forgets it: De-Associate.
            try await hypervisorA.terminate(vm)
            #expect(await hypervisorA.state(of: vm.vsiID) == nil)
            #expect(await hypervisorB.state(of: vm.vsiID)?.type == .associate)

            // What each bridge port logged for the VM, in order.
            let expected = [
                [": associated fif=4", ": associated (suspended) fif=4", ": removed, de-associated by the station"],
                [": pre-associated (immigrating) fif=4", ": associated (immigrated) fif=4"],
            ]
            for (index, bridge) in bridges.enumerated() {
                // The bridge logs after it has answered, so its last line may lag the station's call a little.
                let last = try #require(expected[index].last)
                _ = await bridge.waitForLogLine(timeout: .seconds(5)) {
                    $0.text.contains(uuid) && $0.text.contains(last)
                }
                let lines = bridge.logLines.filter { $0.kind == "vsi" && $0.text.contains(uuid) }.map(\.text)
                #expect(lines.count == expected[index].count, "port \(index + 1): \(lines)")
                for (line, fragment) in zip(lines, expected[index]) {
                    #expect(line.contains(fragment), "port \(index + 1): expected '\(fragment)' in '\(line)'")
                }
                bridge.signal(SIGTERM)
                #expect(await bridge.waitForExit(timeout: .seconds(10)) == 0, "\(bridge.standardError)")
            }
            let tables = bridges.map { bridge in bridge.logLines.filter { $0.kind == "vsi-table" }.map(\.text) }
            #expect(tables[0].isEmpty, "port 1 forgot the VM: \(tables[0])")
            #expect(
                tables[1].count == 1 && tables[1][0].contains("\(uuid) mgr=mgr1 type=300/1 associated (immigrated)"),
                "port 2: \(tables[1])"
            )

            // The captures: every frame decodes; the requests each port saw are the migration's steps.
            // The De-Associate repeats the hints of the VSI's last request (the S-bit here), as lldpad's station
            // does too; so only its type is checked.
            let expectedRequests = [
                ["Associate -", "Associate S", "DeAssociate"],
                ["PreAssociate M", "Associate M"],
            ]
            for (index, path) in capturePaths.enumerated() {
                let kept = bed.keepArtifact(path)
                let decoded = try DecodedCapture(path: path)
                #expect(decoded.failures.isEmpty, "port \(index + 1): frames that did not decode: \(decoded.failures)")
                #expect(decoded.packetCount > 0)
                let station = try await bed.macAddress(of: ports[index].station, in: hv)
                let requests = decoded.vdpRequests(from: station).flatMap(\.vsis).filter { $0.vsiID == vm.vsiID }
                let seen = requests.map { $0.type == .deAssociate ? "\($0.type)" : "\($0.type) \(VSIHints($0.status))" }
                #expect(seen == expectedRequests[index], "port \(index + 1)")
                print("migration: port \(index + 1) capture, \(decoded.packetCount) frames: \(kept)")
            }
        }
    }
#endif
