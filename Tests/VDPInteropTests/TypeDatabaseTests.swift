#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPAgent
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// `vdpctl bridge --types FILE` over veth: the VSI type database decides, a bad file sent with SIGHUP is
    /// refused and the old database kept, and a good one de-associates, through the wire, the VSIs it no longer
    /// allows.
    extension InteropTests {
        static let typesBefore = """
            # web: VNs 5000-5099, VIDs 300-309 of its own, PCP 2, two per station
            100/1 vn=5000-5099 vid=range:300-309 pcp=2 per-station=2
            200/* vn=any
            """
        static let typesAfter = """
            100/1 vn=5000 vid=range:300-309 pcp=2 per-station=2
            200/* vn=any
            """

        @Test(.timeLimit(.minutes(1)))
        func typeDatabaseDecidesAndReloadsOnSIGHUP() async throws {
            guard let environment = InteropEnvironment.check(lldpad: false) else {
                return
            }
            let bed = try Testbed("type-database", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdphv")
            let br = try await bed.makeNamespace("vdpbr")
            let stationInterface = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            try await bed.connect(hv, stationInterface, br, bridgeInterface)
            let typesPath = bed.path("vsi-types.conf")
            try Self.typesBefore.write(toFile: typesPath, atomically: true, encoding: .utf8)

            let bridge = try bed.startVdpctl(
                "vdpctl-bridge",
                in: br,
                [
                    "bridge", "-i", bridgeInterface, "--vid-range", "100-199", "--rte", "8", "--json", "--types",
                    typesPath,
                ]
            )
            try #require(
                await bridge.waitForLogLine(timeout: .seconds(10)) {
                    $0.kind == "start" && $0.text.contains("VSI type database")
                } != nil,
                "vdpctl bridge did not start: \(bridge.standardError)"
            )

            let link = try await bed.openLink(in: hv, interface: stationInterface)
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
            let tasks = [recorder.follow(await station.events()), Task { await station.run() }]
            defer { tasks.forEach { $0.cancel() } }
            try #require(
                await recorder.wait(timeout: .seconds(15)) { event -> Bool? in
                    if case .negotiated = event { true } else { nil }
                } != nil,
                "no EVB negotiation"
            )

            func vm(_ number: UInt8, type: UInt32 = 100, group: UInt32, vid: UInt16 = 0) throws -> VSIDescriptor {
                VSIDescriptor(
                    managerID: try #require(VSIManagerID(text: "mgr1")),
                    typeID: VSITypeID(truncating: type),
                    typeVersion: 1,
                    vsiID: .uuid(
                        try #require(VSIUUID("a1b2c3d4-0000-4000-8000-0000000000\(String(format: "%02x", number))"))
                    ),
                    filterInfo: .groupMACVID(
                        GroupID(rawValue: group),
                        MACAddress(0x52, 0x54, 0, 0, 0x0D, number),
                        try FilterVID(vid: vid)
                    )
                )
            }
            func refused(_ code: VDPErrorCode, hard: Bool) -> StationLifecycleError {
                .failed(.rejected(code, hardError: hard, keep: false))
            }

            // Every outcome, as the bridge process decides it.
            let web1 = try await station.associate(try vm(1, group: 5001))
            #expect(web1.filterInfo.entries.first?.vid == (try FilterVID(vid: 300, pcp: 2, prioritySignificant: true)))
            let other = try await station.associate(try vm(2, type: 200, group: 42))
            #expect(other.filterInfo.entries.first?.vid.vid == 100, "a pool VID from --vid-range")
            await #expect(throws: refused(.otherFailure, hard: true)) {
                try await station.associate(try vm(3, group: 7000))
            }
            await #expect(throws: refused(.otherFailure, hard: true)) {
                try await station.associate(try vm(3, type: 999, group: 5001))
            }
            await #expect(throws: refused(.invalidVIDGroupIDOrMAC, hard: true)) {
                try await station.associate(try vm(3, group: 5001, vid: 150))
            }
            let why = await bridge.waitForLogLine(timeout: .seconds(5)) {
                $0.kind == "policy" && $0.text.hasSuffix("the type may not join VN 7000")
            }
            #expect(why != nil, "the bridge logs why: \(bridge.logLines.suffix(6))")
            let web2 = try await station.associate(try vm(4, group: 5002))
            #expect(web2.filterInfo.entries.first?.vid.vid == 301)
            await #expect(throws: refused(.insufficientResources, hard: false)) {
                try await station.associate(try vm(5, group: 5000))
            }

            // A bad file is refused, with its line and column; the old database stays in force.
            try "100/1 vn=5000\n200/x\n".write(toFile: typesPath, atomically: true, encoding: .utf8)
            bridge.signal(SIGHUP)
            let refusal = await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "error" }
            #expect(refusal?.text.contains("reload refused") == true, "\(bridge.logLines.suffix(5))")
            #expect(refusal?.text.contains("line 2, column 5") == true, "\(String(describing: refusal))")
            await #expect(throws: refused(.insufficientResources, hard: false)) {
                try await station.associate(try vm(5, group: 5000))
            }

            // A good file: the two web VSIs of VNs 5001 and 5002 are no longer allowed, and the bridge
            // de-associates them; the other VSI stays.
            try Self.typesAfter.write(toFile: typesPath, atomically: true, encoding: .utf8)
            bridge.signal(SIGHUP)
            for vsi in [try vm(1, group: 5001), try vm(4, group: 5002)] {
                let vsiID = vsi.vsiID
                let ended = await recorder.wait(timeout: .seconds(10)) { event -> Bool? in
                    event == .vsi(.bridgeDeAssociated(vsiID)) ? true : nil
                }
                #expect(ended != nil, "\(vsiID) was not de-associated: \(bridge.logLines.suffix(8))")
                #expect(await station.state(of: vsiID) == nil)
            }
            #expect(await station.state(of: try vm(2, type: 200, group: 42).vsiID)?.type == .associate)
            let reload = bridge.logLines.first { $0.kind == "reload" }
            #expect(
                reload?.text.contains("2 entries") == true && reload?.text.contains("2 VSIs no longer allowed") == true
            )
            let revoked = bridge.logLines.filter { $0.kind == "revoked" }.map(\.text)
            #expect(revoked.count == 2 && revoked.allSatisfy { $0.contains("may not join VN") }, "\(revoked)")
            // The new database decides now: a VSI of VN 5000 is welcome (the station has room again).
            _ = try await station.associate(try vm(5, group: 5000))

            await station.shutdown()
            await station.stop()
            bridge.signal(SIGTERM)
            #expect(await bridge.waitForExit(timeout: .seconds(10)) == 0, "\(bridge.standardError)")
            let table = bridge.logLines.filter { $0.kind == "vsi-table" }.map(\.text)
            #expect(table.count == 2, "\(table)")
            #expect(bridge.logLines.contains { $0.kind == "counters" && $0.text.contains("revoked=2 reloads=1") })
        }
    }
#endif
