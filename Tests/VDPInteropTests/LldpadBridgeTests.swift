#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPAgent
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// Scenario 2: lldpad is the bridge, our code is the station.
    extension InteropTests {
        /// `vdpctl station` against lldpad's bridge: EVB, then every request type with every VSIID format and
        /// every filter format, each confirmed on the wire by a successful response from lldpad.
        @Test(.timeLimit(.minutes(2)))
        func vdpctlStationAgainstLldpadBridge() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("vdpctl-station-lldpad-bridge", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdphv")
            let br = try await bed.makeNamespace("vdpbr")
            let stationInterface = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            try await bed.connect(hv, stationInterface, br, bridgeInterface)

            _ = try await bed.startLldpad(
                "lldpad-bridge",
                in: br,
                LldpadConfiguration(interface: bridgeInterface, role: .bridge)
            )
            let capturePath = bed.path("bridge-side.pcap")
            let capture = try await bed.startCapture(
                "tcpdump",
                in: br,
                interface: bridgeInterface,
                path: capturePath
            )

            // The commands, in vdpctl's vdptool-like syntax; the mode of a VSI only ever rises, as lldpad wants.
            let commands: [(words: String, result: String)] = [
                (
                    "mode=assoc mgrid=mgr1 typeid=101 typeidver=1 uuid=a1b2c3d4-0101-4000-8000-000000000101 "
                        + "hints=none filter=100-52:54:00:00:01:01", "associated"
                ),
                (
                    "mode=preassoc mgrid=mgr1 typeid=102 typeidver=1 vsiid=mac:52:54:00:00:01:02 hints=none "
                        + "filter=200", "pre-associated"
                ),
                (
                    "mode=preassoc-rr mgrid=mgr1 typeid=103 typeidver=1 vsiid=ipv4:192.0.2.3 hints=none "
                        + "filter=300--4097", "pre-associated (reserved)"
                ),
                (
                    "mode=assoc mgrid=mgr1 typeid=104 typeidver=1 vsiid=ipv6:2001:db8::104 hints=none "
                        + "filter=400-52:54:00:00:01:04-5001", "associated"
                ),
                (
                    "mode=assoc mgrid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 typeid=105 typeidver=2 "
                        + "vsiid=local:000102030405060708090a0b0c0d0e0f hints=none filter=500-52:54:00:00:01:05",
                    "associated"
                ),
                (
                    "mode=deassoc mgrid=mgr1 typeid=101 typeidver=1 uuid=a1b2c3d4-0101-4000-8000-000000000101 "
                        + "hints=none filter=100-52:54:00:00:01:01", "de-associated"
                ),
            ]
            var arguments = [
                "station", "-i", stationInterface, "--rte", "8", "--spacing-ms", "3", "--stay", "1", "--json",
            ]
            for command in commands {
                arguments += ["--"] + command.words.split(separator: " ").map(String.init)
            }
            let station = try bed.startVdpctl("vdpctl-station", in: hv, arguments)
            let status = await station.waitForExit(timeout: .seconds(60))
            await bed.stopCapture(capture)
            let log = station.logLines
            #expect(status == 0, "vdpctl station: \(log) \(station.standardError)")
            let evb = log.first { $0.kind == "evb" }
            #expect(evb?.text.contains("EVB negotiated") == true, "\(log)")
            #expect(evb?.text.contains("GroupIDs=true") == true, "\(log)")
            #expect(!log.contains { $0.kind == "failure" }, "\(log)")
            // None ended early: lldpad's bridge had the negotiated timers (see `startLldpad`).
            #expect(!log.contains { $0.text.contains("de-associated by the bridge") }, "\(log)")
            let results = log.filter { $0.kind == "result" }.map(\.text)
            #expect(results.count == commands.count, "\(results)")
            for (result, command) in zip(results, commands) {
                #expect(result.contains(": \(command.result)"), "expected '\(command.result)' in '\(result)'")
            }

            // On the wire (captured on lldpad's side): everything decodes, and lldpad answered every request with
            // a success response of the same TLV type.
            let decoded = try DecodedCapture(path: capturePath)
            #expect(decoded.failures.isEmpty, "frames that did not decode: \(decoded.failures)")
            let stationAddress = try await bed.macAddress(of: stationInterface, in: hv)
            let requests = decoded.vdpRequests(from: stationAddress).flatMap(\.vsis)
            let responses = decoded.entries.filter { $0.frame.header.source != stationAddress }.flatMap {
                entry -> [VSITLV] in
                guard case .ecp(let ecpdu) = entry.frame.payload, case .vdp(let ulpdu) = ecpdu.payload else {
                    return []
                }
                return ulpdu.vsiTLVs
            }
            #expect(requests.count == commands.count, "\(requests.map(\.type))")
            for request in requests {
                let response = responses.first { $0.vsiID == request.vsiID && $0.type == request.type }
                #expect(
                    response?.status.response?.isSuccess == true,
                    "\(request.type) \(request.vsiID): \(String(describing: response))"
                )
            }
            let kept = bed.keepArtifact(capturePath)
            print("vdpctl station vs lldpad bridge: \(requests.count) requests answered; capture \(kept)")
        }

        /// Our station's keep-alives against lldpad's bridge come at the negotiated period 10 µs · 2^RKA; once the
        /// station stops, lldpad de-associates the VSI on its own after toutKeepAlive. The station runs in the test
        /// process (vdpctl has no option for the RKA exponent; its default of 20 means 10.5 s periods).
        @Test(.timeLimit(.minutes(1)))
        func stationKeepAlivesAndLldpadAgeingOut() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("station-keepalive-lldpad-bridge", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdphv")
            let br = try await bed.makeNamespace("vdpbr")
            let stationInterface = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            try await bed.connect(hv, stationInterface, br, bridgeInterface)

            _ = try await bed.startLldpad(
                "lldpad-bridge",
                in: br,
                LldpadConfiguration(interface: bridgeInterface, role: .bridge)
            )
            let capturePath = bed.path("bridge-side.pcap")
            let capture = try await bed.startCapture(
                "tcpdump",
                in: br,
                interface: bridgeInterface,
                path: capturePath,
                filter: ["ether", "proto", "0x8940"]
            )

            let link = try await bed.openLink(in: hv, interface: stationInterface)
            let stationAddress = link.interface.address
            let evb = EVBConfiguration(
                role: .station,
                retransmissionExponent: 8,
                resourceWaitDelayExponent: 14,
                reinitKeepAliveExponent: 14,
                supportsGroupIDs: true,
                reflectiveRelay: true
            )
            let agent = StationAgent(
                configuration: StationPortConfiguration(
                    address: stationAddress,
                    // lldpad handles a ULPDU 2 ms after it arrives, in a single buffer.
                    minimumSpacing: .milliseconds(3),
                    parameters: evb.localParameters
                ),
                evb: evb,
                link: link
            )
            let recorder = EventRecorder<StationAgentEvent>()
            let following = recorder.follow(await agent.events())
            let running = Task { await agent.run() }
            defer {
                running.cancel()
                following.cancel()
            }
            let negotiated = try #require(
                await recorder.wait(timeout: .seconds(15)) { event -> EVBParameters? in
                    if case .negotiated(let parameters) = event { parameters } else { nil }
                },
                "no EVB TLV from lldpad's bridge"
            ).0
            #expect(negotiated.reinitKeepAliveExponent == 14 && negotiated.retransmissionExponent == 8)
            let timers = negotiated.timers

            let vm = VSIDescriptor(
                managerID: try #require(VSIManagerID(text: "mgr1")),
                typeID: VSITypeID(truncating: 201),
                typeVersion: 1,
                vsiID: .uuid(try #require(VSIUUID("a1b2c3d4-0201-4000-8000-000000000201"))),
                filterInfo: .macVID(MACAddress(0x52, 0x54, 0, 0, 0x02, 0x01), try FilterVID(vid: 201))
            )
            let state = try await agent.associate(vm)
            #expect(state.type == .associate)

            // Eight keep-alive periods, then the station stops (its link closes: no keep-alives, no ACKs).
            try await Task.sleep(for: timers.reinitKeepAlive * 8)
            #expect(await agent.state(of: vm.vsiID)?.type == .associate)
            link.close()
            await agent.stop()
            // lldpad's toutKeepAlive (272.6 ms), plus its retransmissions of the unanswered De-Associate.
            try await Task.sleep(for: timers.toutKeepAlive + .milliseconds(700))
            await bed.stopCapture(capture)

            let decoded = try DecodedCapture(path: capturePath)
            #expect(decoded.failures.isEmpty, "frames that did not decode: \(decoded.failures)")
            // Our Associate and its keep-alives (byte-identical repeats, new sequence numbers).
            let associates = decoded.vdpRequests(from: stationAddress).filter { request in
                request.vsis.contains { $0.type == .associate && $0.vsiID == vm.vsiID }
            }
            #expect(associates.count >= 7, "associate + keep-alives: \(associates.count)")
            let intervals = zip(associates.dropFirst(), associates).map { $0.time - $1.time }
            let period = Double(timers.reinitKeepAlive.components.attoseconds) / 1e18
            for interval in intervals {
                // The period, plus lldpad's 2 ms processing delay and scheduling jitter.
                #expect(interval >= period * 0.95 && interval <= period * 1.3, "keep-alive interval \(interval) s")
            }
            let mean = intervals.reduce(0, +) / Double(max(intervals.count, 1))
            #expect(abs(mean - period) <= period * 0.1, "mean keep-alive interval \(mean) s vs \(period) s")

            // lldpad's unsolicited De-Associate: a type-4 request (status 0x00) from the bridge.
            let deAssociate = try #require(
                decoded.entries.first { entry in
                    guard entry.frame.header.source != stationAddress, case .ecp(let ecpdu) = entry.frame.payload,
                        ecpdu.operation == .request, case .vdp(let ulpdu) = ecpdu.payload
                    else {
                        return false
                    }
                    return ulpdu.vsiTLVs.contains { $0.type == .deAssociate && $0.vsiID == vm.vsiID }
                },
                "lldpad never de-associated the VSI"
            )
            guard case .ecp(let ecpdu) = deAssociate.frame.payload, case .vdp(let ulpdu) = ecpdu.payload else {
                return
            }
            #expect(ulpdu.vsiTLVs.first { $0.vsiID == vm.vsiID }?.status.rawValue == 0x00, "unsolicited: status 0")
            let lastKeepAlive = try #require(associates.last).time
            let ageing = deAssociate.time - lastKeepAlive
            let toutKeepAlive = Double(timers.toutKeepAlive.components.attoseconds) / 1e18
            #expect(
                ageing >= toutKeepAlive * 0.9 && ageing <= toutKeepAlive + 0.15,
                "aged out \(ageing) s after the last keep-alive"
            )
            print(
                "station vs lldpad bridge: \(intervals.count) keep-alive intervals, mean \(mean) s (period \(period) s); "
                    + "lldpad aged the VSI out \(ageing) s after the last one (toutKeepAlive \(toutKeepAlive) s); "
                    + "capture \(bed.keepArtifact(capturePath))"
            )
        }
    }
#endif
