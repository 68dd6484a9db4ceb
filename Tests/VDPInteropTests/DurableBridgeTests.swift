#if os(Linux)
    import Foundation
    import Glibc
    import Synchronization
    import Testing
    import VDPAgent
    import VDPBridgeStore
    import VDPProtocol
    import VDPTestSupport
    import VDPTransport
    import VDPWire

    /// `vdpctl bridge --state` survives `kill -9` under load: a station (an agent in the test process, in a
    /// namespace, over a veth pair) fires 1,000 associations at once; the bridge is killed during the burst and
    /// started again on the same state file. The table it restores holds every VSI the station was told it got,
    /// with the VIDs it was told, and the station's keep-alives are simply answered: nothing is re-associated.
    /// What the station of a burst was told: the VSIs it got, with their filters, and those that failed.
    final class BurstView: Sendable {
        let told = Mutex<[VSIID: FilterInfo]>([:])
        let failed = Mutex<Set<VSIID>>([])
    }

    extension InteropTests {
        static func durableVM(_ number: Int) -> VSIDescriptor {
            VSIDescriptor(
                managerID: VSIManagerID(singleOctet: 7),
                typeID: VSITypeID(truncating: 12),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xD0AB, low: UInt64(number)))),
                filterInfo: .macVID(
                    MACAddress(rawValue: 0x5254_0010_0000 | UInt64(number)) ?? MACAddress(0x52, 0x54, 0, 0, 0, 1),
                    .null
                )
            )
        }

        /// A station agent on `link` with the timers the durable-table tests give `vdpctl bridge` (RTE 10, RWD 14,
        /// RKA 18).
        static func durableStation(on link: PacketLink) -> StationAgent {
            let evb = EVBConfiguration(
                role: .station,
                retransmissionExponent: 10,
                resourceWaitDelayExponent: 14,
                reinitKeepAliveExponent: 18
            )
            return StationAgent(
                configuration: StationPortConfiguration(
                    address: link.interface.address,
                    parameters: evb.localParameters
                ),
                evb: evb,
                link: link
            )
        }

        /// The stored records of the bridge's port, read with the bridge stopped (the file is locked otherwise).
        static func storedRecords(_ path: String) async throws -> [VSIID: BridgeTableRecord] {
            let file = try BridgeStateFile.open(path: path)
            defer { file.close() }
            let records = try await file.table(port: "dbst").load()
            return Dictionary(records.map { ($0.key.vsiID, $0) }, uniquingKeysWith: { first, _ in first })
        }

        @Test(.timeLimit(.minutes(2)))
        func aBridgeKilledDuringABurstRestoresExactlyWhatTheStationWasTold() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let bed = try Testbed("durable", environment: environment)
            defer { bed.tearDown() }
            let stationNamespace = try await bed.makeNamespace("vdpds")
            let bridgeNamespace = try await bed.makeNamespace("vdpdb")
            try await bed.connect(stationNamespace, "dsup", bridgeNamespace, "dbst")
            let statePath = bed.path("bridge-state.sqlite")
            func startBridge(_ label: String) async throws -> ChildProcess {
                let bridge = try bed.startVdpctl(
                    label,
                    in: bridgeNamespace,
                    [
                        "bridge", "-i", "dbst", "--state", statePath, "--rte", "10", "--rka", "18", "--rwd", "14",
                        "--json",
                    ]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.text.hasPrefix("restored") } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                return bridge
            }
            var bridge = try await startBridge("bridge-first")

            let link = try await bed.openLink(in: stationNamespace, interface: "dsup")
            let station = Self.durableStation(on: link)
            let stationTask = Task { await station.run() }
            defer {
                stationTask.cancel()
                link.close()
            }
            try await station.awaitNegotiation()

            // The burst; the bridge is killed once 50 answers have arrived.
            let view = BurstView()
            let calls = (1...1_000).map { number in
                Task {
                    let vm = Self.durableVM(number)
                    do {
                        let state = try await station.associate(vm)
                        view.told.withLock { $0[vm.vsiID] = state.filterInfo }
                    } catch {
                        view.failed.withLock { _ = $0.insert(vm.vsiID) }
                    }
                }
            }
            let killedMidBurst = await eventually(timeout: .seconds(30), every: .milliseconds(1)) {
                view.told.withLock { $0.count } >= 50
            }
            bridge.signal(SIGKILL)
            _ = await bridge.waitForExit(timeout: .seconds(5))
            for call in calls {
                await call.value
            }
            let toldView = view.told.withLock { $0 }
            let failedView = view.failed.withLock { $0 }
            #expect(killedMidBurst)
            #expect(toldView.count < 1_000, "the kill came during the burst")
            #expect(toldView.count + failedView.count == 1_000)

            // What the dead bridge left: every success the station saw, with its VIDs; beyond them at most the
            // grants made durable whose answers the kill cut off (the station saw those fail), which age out.
            let stored = try await Self.storedRecords(statePath)
            for (vsiID, filterInfo) in toldView {
                #expect(stored[vsiID]?.state.filterInfo == filterInfo, "told but not restored: \(vsiID)")
            }
            let extra = Set(stored.keys).subtracting(toldView.keys)
            #expect(extra.isSubset(of: failedView))
            print(
                "DurableBridgeTests: told \(toldView.count), stored \(stored.count), in flight at the kill \(extra.count)"
            )

            // The restart: the restored table, then the station's keep-alives answered; the extras age out.
            bridge = try await startBridge("bridge-second")
            let restoredLine = bridge.logLines.first { $0.text.hasPrefix("restored") }?.text ?? ""
            #expect(restoredLine.hasPrefix("restored \(stored.count) VSIs"))
            let timers = VDPTimers(await station.parameters)
            try await Task.sleep(for: timers.toutKeepAlive + timers.reinitKeepAlive)
            for vsiID in toldView.keys {
                #expect(await station.state(of: vsiID)?.type == .associate)
            }
            #expect(await station.evbCounters.reassociations == 0)
            // (The bridge's shutdown LLDPDU then ends the VSIs at the station: checked before it.)
            bridge.signal(SIGTERM)
            _ = await bridge.waitForExit(timeout: .seconds(10))
            let final = try await Self.storedRecords(statePath)
            #expect(Set(final.keys) == Set(toldView.keys), "after ageing, exactly what the station was told")
            for (vsiID, filterInfo) in toldView {
                #expect(final[vsiID]?.state.filterInfo == filterInfo)
            }
            let table = bridge.logLines.filter { $0.kind == "vsi-table" }
            #expect(table.count == toldView.count)
            #expect(
                table.allSatisfy { $0.text.contains("succeeded=0") && !$0.text.contains("keepalives=0") },
                "every VSI kept alive, none granted again"
            )
            await station.stop()
        }

        /// With Open vSwitch: a VM's traffic crosses the NVE into its VN (a VXLAN to a far end); the bridge is killed
        /// and the switch loses its rules; the bridge restarted on its state file reconciles the switch with the
        /// restored table and the traffic resumes, with no re-association.
        @Test(.timeLimit(.minutes(3)))
        func aKilledOpenvSwitchBridgeRestoresForwardingWithoutReassociation() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            guard let tools = OpenvSwitchTools.check("durable data plane") else {
                return
            }
            let bed = try Testbed("durable-ovs", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdpdh")
            let nve = try await bed.makeNamespace("vdpdn")
            let far = try await bed.makeNamespace("vdpdf")
            let vmNamespace = try await bed.makeNamespace("vdpdv")
            try await bed.connect(hv, "hvup", nve, "nvst")
            try await bed.connect(nve, "ul", far, "ul")
            try await bed.connect(vmNamespace, "eth0", hv, "vm1")
            try await bed.checked(
                environment.ip,
                "-n",
                vmNamespace,
                "link",
                "set",
                "eth0",
                "address",
                "\(Self.vmMAC(1))"
            )
            try await bed.checked(environment.ip, "-n", vmNamespace, "addr", "add", "192.168.78.1/24", "dev", "eth0")
            // The far end of VN 5001: a VXLAN device with an address in the VM's subnet.
            try await bed.addVXLAN(in: far, local: "10.78.0.2", remote: "10.78.0.1", vns: [5001])
            try await bed.checked(environment.ip, "-n", far, "addr", "add", "192.168.78.2/24", "dev", "vx5001")
            let hypervisor = try await OpenvSwitchInstance.startHypervisorSwitch(
                "hv",
                in: hv,
                ports: ["hvup", "vm1"],
                tools: tools,
                bed: bed
            )
            let nveSwitch = try await OpenvSwitchNVE.start(
                "nve",
                in: nve,
                local: "10.78.0.1",
                remote: "10.78.0.2",
                vns: [5001],
                tools: tools,
                bed: bed
            )
            let ovs = nveSwitch.ovs
            let statePath = bed.path("bridge-state.sqlite")
            func startBridge(_ label: String) async throws -> ChildProcess {
                let bridge = try bed.startVdpctl(
                    label,
                    in: nve,
                    [
                        "bridge", "-i", "nvst", "--state", statePath, "--vid-range", "100-199", "--rte", "10",
                        "--rka", "18", "--json", "--ovs-bridge", "brn", "--ovs-target", nveSwitch.target,
                        "--ovs-ofctl", tools.ofctl,
                    ]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.text.hasPrefix("restored") } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                return bridge
            }
            var bridge = try await startBridge("bridge-ovs-first")
            defer { bridge.stopNow() }

            let link = try await bed.openLink(in: hv, interface: "hvup")
            let evb = EVBConfiguration(
                role: .station,
                retransmissionExponent: 10,
                reinitKeepAliveExponent: 18,
                supportsGroupIDs: true
            )
            let station = StationAgent(
                configuration: StationPortConfiguration(
                    address: link.interface.address,
                    parameters: evb.localParameters
                ),
                evb: evb,
                link: link
            )
            let stationTask = Task { await station.run() }
            defer {
                stationTask.cancel()
                link.close()
            }
            try await station.awaitNegotiation()
            let vm = try Self.vmDescriptor(1, vn: 5001)
            let granted = try await station.associate(vm)
            let vid = try #require(granted.filterInfo.entries.first?.vid.vid)
            // The VM: a namespace behind the hypervisor's switch, which tags its frames with the granted VID.
            try await hypervisor.replaceFlows(
                "brh",
                [
                    "priority=0,actions=drop",
                    "priority=100,in_port=vm1,actions=mod_vlan_vid:\(vid),output:hvup",
                    "priority=100,in_port=hvup,dl_vlan=\(vid),actions=strip_vlan,output:vm1",
                ]
            )
            func reaches() async -> Bool {
                await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
                    let ping = try? await bed.run(
                        "ping",
                        bed.inNamespace(vmNamespace, tools.ping, "-c", "1", "-W", "1", "192.168.78.2")
                    )
                    return ping?.status == 0
                }
            }
            #expect(await reaches(), "the associated VM reaches its VN")

            // kill -9, and the switch loses every rule (as after a restart of ovs-vswitchd): the VM is cut off.
            bridge.signal(SIGKILL)
            _ = await bridge.waitForExit(timeout: .seconds(5))
            try await ovs.replaceFlows("brn", ["priority=0,actions=drop"])
            let cutOff = try? await bed.run(
                "ping",
                bed.inNamespace(vmNamespace, tools.ping, "-c", "2", "-i", "0.2", "-W", "1", "192.168.78.2")
            )
            #expect(cutOff.map { $0.status != 0 } ?? false, "no rules, no traffic")

            // The restart reconciles the switch with the restored table: the traffic resumes at once.
            bridge = try await startBridge("bridge-ovs-second")
            #expect(bridge.logLines.contains { $0.text.hasPrefix("restored 1 VSIs") })
            #expect(await reaches(), "forwarding restored from the state file")
            let timers = VDPTimers(await station.parameters)
            try await Task.sleep(for: timers.reinitKeepAlive + .milliseconds(500))
            #expect(await station.state(of: vm.vsiID)?.type == .associate)
            #expect(await station.evbCounters.reassociations == 0)
            bridge.signal(SIGTERM)
            _ = await bridge.waitForExit(timeout: .seconds(10))
            let table = bridge.logLines.filter { $0.kind == "vsi-table" }
            #expect(table.count == 1)
            #expect(
                table.allSatisfy { $0.text.contains("succeeded=0") && !$0.text.contains("keepalives=0") },
                "kept alive, not granted again: \(table)"
            )
            #expect(!bridge.logLines.contains { $0.kind == "vsi" }, "no VSI change after the restart")
            await station.stop()
        }
    }
#endif
