#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPAgent
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// The NVE acts on its decisions, with real packets: two hypervisors (namespaces with their own Open vSwitch,
    /// VMs as namespaces on its ports, each VM's traffic tagged with the VID its bridge granted), two NVEs
    /// (`vdpctl bridge --ovs-bridge` with Open vSwitch and a kernel VXLAN device per VN), joined by a VXLAN
    /// underlay. The hypervisors are station agents in the test process, so the test drives every step.
    ///
    /// The hypervisors' switches send every VM frame up to the NVE and deliver what comes down by VID (VEPA), so
    /// every packet between VMs, on one hypervisor or two, goes through an NVE; the NVEs run with `--ovs-hairpin`.
    extension InteropTests {
        /// An IP address in the VMs' subnet.
        static func vmAddress(_ number: Int) -> String { "192.168.77.\(number)" }

        /// The MAC address of VM `number`.
        static func vmMAC(_ number: Int) -> MACAddress {
            MACAddress(0x52, 0x54, 0, 0x77, 0, UInt8(number))
        }

        static func vmDescriptor(_ number: Int, vn: UInt32) throws -> VSIDescriptor {
            VSIDescriptor(
                managerID: try #require(VSIManagerID(text: "mgr1")),
                typeID: VSITypeID(truncating: 77),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xD0D0, low: UInt64(number)))),
                filterInfo: .groupMACVID(try GroupID(vnID: vn), vmMAC(number), .null)
            )
        }

        @Test(.timeLimit(.minutes(4)))
        func dataPlaneForwardsOnlyAssociatedVMsIntoTheirNetworks() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            guard let tools = OpenvSwitchTools.check("data plane") else {
                return
            }
            let bed = try Testbed("dataplane", environment: environment)
            defer { bed.tearDown() }
            let started = ContinuousClock.now

            // Namespaces and links: hvN – nveN (station port), nve1 – nve2 (underlay), VMs on the hypervisors.
            // VM 2 has a twin on hypervisor 1 (same MAC and address, link down) to migrate to.
            let hv = [try await bed.makeNamespace("vdphv1"), try await bed.makeNamespace("vdphv2")]
            let nve = [try await bed.makeNamespace("vdpnv1"), try await bed.makeNamespace("vdpnv2")]
            var vmNamespaces: [Int: String] = [:]
            for number in [1, 2, 3, 4] {
                vmNamespaces[number] = try await bed.makeNamespace("vdpvm\(number)")
            }
            func vm(_ number: Int) -> String { vmNamespaces[number] ?? "" }
            try await bed.connect(hv[0], "hvup", nve[0], "nvst")
            try await bed.connect(hv[1], "hvup", nve[1], "nvst")
            try await bed.connect(nve[0], "ul", nve[1], "ul")
            // VM 1 and VM 4 (VM 2's twin) on hypervisor 1; VM 2 and VM 3 on hypervisor 2.
            let placement = [(1, 0, "vm1"), (4, 0, "vm4"), (2, 1, "vm2"), (3, 1, "vm3")]
            for (number, host, port) in placement {
                try await bed.connect(vm(number), "eth0", hv[host], port)
                let address = number == 4 ? Self.vmAddress(2) : Self.vmAddress(number)
                let mac = number == 4 ? Self.vmMAC(2) : Self.vmMAC(number)
                try await bed.checked(environment.ip, "-n", vm(number), "link", "set", "eth0", "address", "\(mac)")
                try await bed.checked(environment.ip, "-n", vm(number), "addr", "add", "\(address)/24", "dev", "eth0")
            }
            try await bed.checked(environment.ip, "-n", vm(4), "link", "set", "eth0", "down")
            // Open vSwitch: one instance per hypervisor and per NVE.
            var hypervisorSwitches: [OpenvSwitchInstance] = []
            for (index, namespace) in hv.enumerated() {
                hypervisorSwitches.append(
                    try await OpenvSwitchInstance.startHypervisorSwitch(
                        "hv\(index + 1)",
                        in: namespace,
                        ports: index == 0 ? ["hvup", "vm1", "vm4"] : ["hvup", "vm2", "vm3"],
                        tools: tools,
                        bed: bed
                    )
                )
            }
            // The NVEs: VXLAN devices for VNs 5001 and 5002 to each other over the underlay 10.77.0.0/24.
            var nveSwitches: [OpenvSwitchNVE] = []
            for (index, namespace) in nve.enumerated() {
                nveSwitches.append(
                    try await OpenvSwitchNVE.start(
                        "nve\(index + 1)",
                        in: namespace,
                        local: "10.77.0.\(index + 1)",
                        remote: "10.77.0.\(2 - index)",
                        vns: [5001, 5002],
                        tools: tools,
                        bed: bed
                    )
                )
            }

            // The bridges.
            func startBridge(_ index: Int, _ label: String) async throws -> ChildProcess {
                let bridge = try bed.startVdpctl(
                    label,
                    in: nve[index],
                    [
                        "bridge", "-i", "nvst", "--vid-range", "100-199", "--rte", "10", "--rka", "18", "--json",
                        "--ovs-bridge", "brn", "--ovs-target", nveSwitches[index].target, "--ovs-hairpin",
                        "--ovs-ofctl", tools.ofctl,
                    ]
                )
                try #require(
                    await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                    "vdpctl bridge did not start: \(bridge.standardError)"
                )
                return bridge
            }
            var bridges = [try await startBridge(0, "bridge-nve1"), try await startBridge(1, "bridge-nve2")]

            // The hypervisors' station agents.
            var stations: [StationAgent] = []
            var tasks: [Task<Void, Never>] = []
            defer { tasks.forEach { $0.cancel() } }
            for namespace in hv {
                let link = try await bed.openLink(in: namespace, interface: "hvup")
                let evb = EVBConfiguration(
                    role: .station,
                    retransmissionExponent: 10,
                    reinitKeepAliveExponent: 18,
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
                tasks.append(Task { await station.run() })
                try await station.awaitNegotiation()
                stations.append(station)
            }

            // What each hypervisor's switch does: a VM's frames go up tagged with its VID; frames coming down with
            // a VID go to that VID's VMs, untagged.
            var tags: [[String: UInt16]] = [[:], [:]]
            func tag(_ host: Int, _ port: String, _ vid: UInt16?) async throws {
                tags[host][port] = vid
                var flows = ["priority=0,actions=drop"]
                var byVID: [UInt16: [String]] = [:]
                for (port, vid) in tags[host].sorted(by: { $0.key < $1.key }) {
                    flows.append("priority=100,in_port=\(port),actions=mod_vlan_vid:\(vid),output:hvup")
                    byVID[vid, default: []].append(port)
                }
                for (vid, ports) in byVID {
                    flows.append(
                        "priority=100,in_port=hvup,dl_vlan=\(vid),actions=strip_vlan,"
                            + ports.map { "output:\($0)" }.joined(separator: ",")
                    )
                }
                try await hypervisorSwitches[host].replaceFlows("brh", flows)
            }

            // Reachability, with real packets. A positive check retries for up to 5 s (ARP, a first flow setup);
            // a negative one sends three pings that must all be lost.
            func reaches(_ from: Int, _ to: Int) async -> Bool {
                await eventually(timeout: .seconds(5), every: .milliseconds(100)) {
                    let ping = try? await bed.run(
                        "ping",
                        bed.inNamespace(vm(from), tools.ping, "-c", "1", "-W", "1", Self.vmAddress(to))
                    )
                    return ping?.status == 0
                }
            }
            func isCutOff(_ from: Int, _ to: Int) async -> Bool {
                let ping = try? await bed.run(
                    "ping",
                    bed.inNamespace(vm(from), tools.ping, "-c", "3", "-i", "0.2", "-W", "1", Self.vmAddress(to))
                )
                return ping.map { $0.status != 0 && $0.output.contains(" 0 received") } ?? false
            }
            func vsiRules(_ index: Int) async throws -> [String] {
                try await nveSwitches[index].ovs.flows("brn").filter {
                    !$0.hasPrefix("cookie=0x8") && !$0.hasPrefix("cookie=0xc")
                }
            }

            let vm1 = try Self.vmDescriptor(1, vn: 5001)
            let vm2 = try Self.vmDescriptor(2, vn: 5001)
            let vm3 = try Self.vmDescriptor(3, vn: 5002)

            // 1. VM 1 associated, VM 2 only pre-associated: its hypervisor tags its traffic, the NVE drops it.
            let granted1 = try await stations[0].associate(vm1)
            let vid1 = try #require(granted1.filterInfo.entries.first?.vid.vid)
            try await tag(0, "vm1", vid1)
            let prepared2 = try await stations[1].preAssociate(vm2)
            let vid2 = try #require(prepared2.filterInfo.entries.first?.vid.vid)
            try await tag(1, "vm2", vid2)
            #expect(await isCutOff(1, 2), "VM 2 is only pre-associated")
            #expect(try await vsiRules(1).isEmpty, "no rules for a pre-associated VSI")

            // 2. Both associated: they reach each other; VM 3, in another VN, reaches neither.
            _ = try await stations[1].associate(vm2)
            let granted3 = try await stations[1].associate(vm3)
            let vid3 = try #require(granted3.filterInfo.entries.first?.vid.vid)
            #expect(vid3 != vid2, "one VID per VN")
            try await tag(1, "vm3", vid3)
            #expect(await reaches(1, 2), "VM 1 and VM 2 are both associated in VN 5001")
            #expect(await reaches(2, 1))
            #expect(await isCutOff(3, 2), "VN 5002 does not reach VN 5001 on the same hypervisor")
            #expect(await isCutOff(3, 1), "nor across the underlay")
            #expect(await isCutOff(1, 3))

            // 3. Suspension stops VM 2's traffic; resumption restores it.
            _ = try await stations[1].suspend(vm2)
            #expect(await isCutOff(1, 2), "VM 2 is suspended")
            #expect(try await vsiRules(1).count == 3, "only VM 3's rules are left on NVE 2")
            _ = try await stations[1].resume(vm2)
            #expect(await reaches(1, 2), "VM 2 resumed")

            // 4. Migration of VM 2 to hypervisor 1: pre-associate with M there, let it go (S), associate with M,
            // de-associate on the old one. Its twin on hypervisor 1 takes over; the traffic follows.
            let immigrating = try await stations[0].immigrate(vm2, associate: false)
            let vid2b = try #require(immigrating.filterInfo.entries.first?.vid.vid)
            _ = try await stations[1].emigrate(vm2)
            try await bed.checked(environment.ip, "-n", vm(2), "link", "set", "eth0", "down")
            try await tag(1, "vm2", nil)
            try await bed.checked(environment.ip, "-n", vm(4), "link", "set", "eth0", "up")
            try await tag(0, "vm4", vid2b)
            _ = try await stations[0].immigrate(vm2, associate: true)
            try await stations[1].terminate(vm2)
            #expect(await reaches(1, 2), "VM 2 runs on hypervisor 1 now, behind NVE 1")
            #expect(await isCutOff(3, 2), "and is still out of VN 5002's reach")
            let nve2Rules = try await vsiRules(1)
            #expect(nve2Rules.count == 3, "NVE 2 keeps VM 3's rules only: \(nve2Rules)")

            // 5. A restart of NVE 1's bridge: a stale rule left behind is removed, every rule comes back once the
            // hypervisor has requested its VMs again, and none twice.
            let before = try await nveSwitches[0].ovs.flows("brn")
            let expectedRules: Int = 3 + 2 * 3 + 4
            #expect(before.count == expectedRules, "base, VM 1 and VM 2 (three rules each), VN 5001: \(before)")
            try await nveSwitches[0].ovs.addFlows(
                "brn",
                [
                    "cookie=0x4000000000000abc,table=2,priority=300,reg0=5001,dl_dst=52:54:00:77:00:99,actions=output:nvst"
                ]
            )
            let reassociationsBefore = await stations[0].evbCounters.reassociations
            bridges[0].signal(SIGTERM)
            #expect(await bridges[0].waitForExit(timeout: .seconds(10)) == 0, "\(bridges[0].standardError)")
            bridges[0] = try await startBridge(0, "bridge-nve1-restarted")
            // The hypervisor requests its VSIs again by itself when it hears the new bridge, before the bridge has
            // heard its EVB TLV: the bridge offers GroupIDs, so it takes them, and nobody associates them again.
            var after: [String] = []
            var states: [VSITLVType?] = []
            let restored = await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
                after = (try? await nveSwitches[0].ovs.flows("brn")) ?? []
                states = [await stations[0].state(of: vm1.vsiID)?.type, await stations[0].state(of: vm2.vsiID)?.type]
                return after == before && states == [.associate, .associate]
            }
            print(
                "data plane: after the bridge's restart, the hypervisor requested "
                    + "\(await stations[0].evbCounters.reassociations - reassociationsBefore) VSIs again by itself"
            )
            #expect(states == [.associate, .associate], "hypervisor 1 kept VM 1 and VM 2 associated")
            #expect(restored, "after the restart: \(after), before: \(before)")
            #expect(!after.contains { $0.contains("0x4000000000000abc") }, "the stale rule is gone")
            #expect(await reaches(1, 2), "VM 1 and VM 2 (on hypervisor 1) again")

            // 6. Hypervisor 1 falls silent: its VSIs age out at NVE 1 and their traffic stops.
            await stations[0].stop()
            let agedOut = await eventually(timeout: .seconds(20), every: .milliseconds(200)) {
                (try? await vsiRules(0).isEmpty) ?? false
            }
            #expect(agedOut, "NVE 1 aged out VM 1 and VM 2")
            #expect(await isCutOff(1, 2), "aged out")
            #expect(try await nveSwitches[0].ovs.flows("brn").count == 3, "only the base rules are left")

            for bridge in bridges {
                bridge.signal(SIGTERM)
                #expect(await bridge.waitForExit(timeout: .seconds(10)) == 0, "\(bridge.standardError)")
            }
            print("data plane: \(ContinuousClock.now - started) in all")
        }
    }
#endif
