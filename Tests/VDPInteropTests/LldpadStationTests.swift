#if os(Linux)
    import Foundation
    import Glibc
    import Testing
    import VDPAgent
    import VDPProtocol
    import VDPTestSupport
    import VDPWire

    /// Scenario 1: lldpad is the station (driven with vdptool), our code is the bridge.
    extension InteropTests {
        /// The four filter formats, in vdptool's syntax; formats 3 and 4 need GroupIDs negotiated.
        static let vdptoolFilters = [
            (format: 1, filter: "150"),
            (format: 2, filter: "100-52:54:00:00:00:01"),
            (format: 3, filter: "130--4097"),
            (format: 4, filter: "140-52:54:00:00:00:04-5001"),
        ]

        /// `vdpctl bridge` against lldpad's station: EVB, every request type with every filter format, a null VID
        /// filled in from the bridge's pool, and a policy rejection.
        @Test(.timeLimit(.minutes(2)))
        func lldpadStationAgainstVdpctlBridge() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("lldpad-station-vdpctl-bridge", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdphv")
            let br = try await bed.makeNamespace("vdpbr")
            let stationInterface = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            try await bed.connect(hv, stationInterface, br, bridgeInterface)

            let capturePath = bed.path("bridge-side.pcap")
            // Our bridge starts first: lldpad sends LLDPDUs 1 s apart only for a few seconds after it starts, then
            // every 30 s, and the bridge allows GroupIDs only once it has heard the station's EVB TLV.
            let bridge = try bed.startVdpctl(
                "vdpctl-bridge",
                in: br,
                [
                    "bridge", "-i", bridgeInterface, "--vid-range", "100-199", "--reject-type", "666", "--rte", "8",
                    "--json", "--capture", capturePath,
                ]
            )
            try #require(
                await bridge.waitForLogLine(timeout: .seconds(10)) { $0.kind == "start" } != nil,
                "vdpctl bridge did not start: \(bridge.standardError)"
            )
            let lldpad = try await bed.startLldpad(
                "lldpad-station",
                in: hv,
                LldpadConfiguration(interface: stationInterface, role: .station)
            )

            // EVB: lldpad has our bridge's TLV, and our bridge has negotiated with lldpad's.
            let bridgeTLV = try #require(
                await bed.waitForBridgeTLV(stationNamespace: hv, interface: stationInterface, timeout: .seconds(15)),
                "lldpad never saw an EVB TLV with mode:bridge"
            )
            #expect(bridgeTLV.contains("bgid"), "our bridge advertises GroupID support: \(bridgeTLV)")
            let negotiated = try #require(
                await bridge.waitForLogLine(timeout: .seconds(15)) { $0.kind == "evb" },
                "our bridge never negotiated: \(bridge.logLines)"
            )
            #expect(negotiated.text.contains("EVB negotiated"))
            #expect(negotiated.text.contains("GroupIDs=true"), "\(negotiated)")

            // Every request type with every filter format, in the order lldpad allows (the mode may only rise).
            for (index, entry) in Self.vdptoolFilters.enumerated() {
                let number = index + 1
                let request = VdptoolRequest(
                    mode: "preassoc",
                    typeID: 10 + number,
                    uuid: "a1b2c3d4-000\(number)-4000-8000-00000000000\(number)",
                    filters: [entry.filter]
                )
                for mode in ["preassoc", "preassoc-rr", "assoc", "deassoc"] {
                    let output = try await bed.vdptool(hv, stationInterface, request.with(mode: mode).arguments)
                    let response = Self.singleResponse(output)
                    #expect(output.status == 0, "format \(entry.format) \(mode): \(output)")
                    #expect(response?["mode"] == mode, "format \(entry.format) \(mode): \(output)")
                    #expect(response?["uuid"] == request.uuid, "format \(entry.format) \(mode): \(output)")
                    #expect(response?.bridgeErrors == [], "format \(entry.format) \(mode): \(output)")
                }
                // What the bridge logged for this VSI, in order (its last line may lag vdptool's answer a little).
                _ = await bridge.waitForLogLine(timeout: .seconds(5)) {
                    $0.text.contains("\(request.uuid): removed")
                }
                let states = bridge.logLines.filter { $0.kind == "vsi" && $0.text.contains(request.uuid) }.map(\.text)
                #expect(states.count == 4, "format \(entry.format): \(states)")
                for (line, expected) in zip(
                    states,
                    [
                        ": pre-associated fif=\(entry.format)", ": pre-associated (reserved) fif=\(entry.format)",
                        ": associated fif=\(entry.format)", ": removed, de-associated by the station",
                    ]
                ) {
                    #expect(line.contains(expected), "format \(entry.format): expected '\(expected)' in '\(line)'")
                }
            }

            // A null VID: the bridge fills in a VID from its pool (100-199), lldpad reports it back.
            let nullVID = VdptoolRequest(
                mode: "assoc",
                typeID: 8,
                uuid: "a1b2c3d4-0008-4000-8000-000000000008",
                filters: ["0-52:54:00:00:00:08"]
            )
            let nullOutput = try await bed.vdptool(hv, stationInterface, nullVID.arguments)
            let nullResponse = try #require(Self.singleResponse(nullOutput), "\(nullOutput)")
            #expect(nullResponse["mode"] == "assoc", "\(nullOutput)")
            let assignedVID = try #require(
                nullResponse["filter"].flatMap { Int($0.split(separator: "-").first ?? "") },
                "\(nullOutput)"
            )
            #expect((100...199).contains(assignedVID), "VID \(assignedVID) from the pool 100-199")
            #expect(nullResponse["filter"] == "\(assignedVID)-52:54:00:00:00:08")
            let listing = try await bed.vdptool(hv, stationInterface, ["-t", "-V", "assoc"])
            let listed = VdptoolVSI.parse(listing.output, blocksStartingWith: "VSI ")
            let nullListed = try #require(listed.first { $0["uuid"] == nullVID.uuid }, "\(listing)")
            #expect(nullListed["filter"] == "\(assignedVID)-52:54:00:00:00:08", "\(listing)")
            // vdptool -t prints the response code as "hints": 0 is success.
            #expect(nullListed["hints"] == "0", "\(listing)")
            let granted = await bridge.waitForLogLine(timeout: .seconds(5)) {
                $0.text.contains("\(nullVID.uuid): associated")
            }
            #expect(granted?.text.contains("VID=\(assignedVID)]") == true, "\(bridge.logLines)")

            // A policy rejection (type 666: authorization failed, hard error). lldpad reports it as the bridge's
            // De-Associate answer; vdptool prints no "Error returned by Bridge" line for a hard error (it knows
            // only the plain codes) and still exits 0.
            let rejected = VdptoolRequest(
                mode: "assoc",
                typeID: 666,
                uuid: "a1b2c3d4-0666-4000-8000-000000000666",
                filters: ["500-52:54:00:00:06:66"]
            )
            let rejectedOutput = try await bed.vdptool(hv, stationInterface, rejected.arguments)
            let rejectedResponse = Self.singleResponse(rejectedOutput)
            #expect(rejectedOutput.status == 0, "\(rejectedOutput)")
            #expect(!rejectedOutput.output.contains("FAILED"), "\(rejectedOutput)")
            #expect(rejectedResponse?["mode"] == "deassoc", "the rejection is a De-Associate: \(rejectedOutput)")
            let afterRejection = try await bed.vdptool(hv, stationInterface, ["-t", "-V", "assoc"])
            #expect(!afterRejection.output.contains(rejected.uuid), "lldpad dropped the VSI: \(afterRejection)")
            #expect(afterRejection.output.contains(nullVID.uuid), "\(afterRejection)")

            // lldpad dies: the bridge ages the null-VID VSI out after toutKeepAlive, which with vdpctl's RKA
            // exponent (20, negotiated over lldpad's 14) is 1.5 · (7 · 2.56 ms + 10.49 s) ≈ 15.76 s.
            lldpad.signal(SIGKILL)
            let killed = ContinuousClock.now
            let agedOut = await bridge.waitForLogLine(timeout: .seconds(30)) {
                $0.text.contains("\(nullVID.uuid): removed, aged out")
            }
            #expect(agedOut != nil, "the bridge never aged the VSI out: \(bridge.logLines)")
            let ageing = ContinuousClock.now - killed

            // SIGTERM: the bridge prints its VSI table (now empty) and exits 0.
            bridge.signal(SIGTERM)
            #expect(await bridge.waitForExit(timeout: .seconds(10)) == 0, "\(bridge.standardError)")
            #expect(bridge.logLines.contains { $0.kind == "counters" }, "\(bridge.logLines)")
            let table = bridge.logLines.filter { $0.kind == "vsi-table" }.map(\.text)
            #expect(table.isEmpty, "\(table)")

            // The bridge's capture: every frame decodes (lldpad's LLDPDUs, its unpadded 18-octet ECP ACKs), and
            // the answers carry what vdptool showed.
            let decoded = try DecodedCapture(path: capturePath)
            #expect(decoded.failures.isEmpty, "frames that did not decode: \(decoded.failures)")
            let bridgeAddress = try await bed.macAddress(of: bridgeInterface, in: br)
            let sent = decoded.vdpRequests(from: bridgeAddress).flatMap(\.vsis)
            let rejection = sent.first { $0.vsiID.description == rejected.uuid }
            #expect(rejection?.type == .deAssociate, "\(String(describing: rejection))")
            // Response (0x40), hard error (0x10), error 4 "other failure".
            #expect(rejection?.status.rawValue == 0x54, "\(String(describing: rejection))")
            let nullAnswer = sent.first { $0.vsiID.description == nullVID.uuid && $0.status.isResponse }
            #expect(nullAnswer?.filterInfo.entries.first?.vid.vid == UInt16(assignedVID))
            let unsolicited = sent.first { $0.vsiID.description == nullVID.uuid && $0.type == .deAssociate }
            #expect(unsolicited?.status.rawValue == 0x00, "ageing out sends an unsolicited De-Associate")
            print(
                "lldpad station vs vdpctl bridge: VID \(assignedVID) assigned, aged out \(ageing) after SIGKILL; "
                    + "capture \(bed.keepArtifact(capturePath))"
            )
        }

        /// lldpad's station keeps a VSI alive at the negotiated keep-alive period, and when lldpad dies our bridge
        /// ages the VSI out after toutKeepAlive. The bridge runs in the test process: vdpctl has no option for the
        /// RKA exponent, and with its default (20) one keep-alive period is 10.5 s.
        @Test(.timeLimit(.minutes(1)))
        func lldpadStationKeepAlivesAndAgeingOut() async throws {
            guard let environment = InteropEnvironment.check() else {
                return
            }
            let bed = try Testbed("lldpad-station-ageing", environment: environment)
            defer { bed.tearDown() }
            let hv = try await bed.makeNamespace("vdphv")
            let br = try await bed.makeNamespace("vdpbr")
            let stationInterface = "vh\(bed.suffix)"
            let bridgeInterface = "vb\(bed.suffix)"
            try await bed.connect(hv, stationInterface, br, bridgeInterface)

            let link = try await bed.openLink(in: br, interface: bridgeInterface)
            let evb = EVBConfiguration(
                role: .bridge,
                retransmissionExponent: 8,
                resourceWaitDelayExponent: 14,
                reinitKeepAliveExponent: 14,
                supportsGroupIDs: true,
                reflectiveRelay: true
            )
            let agent = BridgeAgent(
                configuration: BridgePortConfiguration(
                    address: link.interface.address,
                    minimumSpacing: .milliseconds(3),
                    parameters: evb.localParameters,
                    vidRange: 100...199
                ),
                evb: evb,
                policy: ClosureBridgePolicy { _ in .accept },
                link: link
            )
            let recorder = EventRecorder<BridgeAgentEvent>()
            let following = recorder.follow(await agent.events())
            let running = Task { await agent.run() }
            defer {
                running.cancel()
                following.cancel()
            }

            let lldpad = try await bed.startLldpad(
                "lldpad-station",
                in: hv,
                LldpadConfiguration(interface: stationInterface, role: .station)
            )
            #expect(
                await bed.waitForBridgeTLV(stationNamespace: hv, interface: stationInterface, timeout: .seconds(15))
                    != nil
            )
            let negotiated = try #require(
                await recorder.wait(timeout: .seconds(15)) { event -> EVBParameters? in
                    if case .negotiated(let parameters) = event { parameters } else { nil }
                }
            ).0
            #expect(negotiated.reinitKeepAliveExponent == 14 && negotiated.retransmissionExponent == 8)
            let timers = negotiated.timers

            let request = VdptoolRequest(
                mode: "assoc",
                typeID: 77,
                uuid: "a1b2c3d4-0077-4000-8000-000000000077",
                filters: ["170-52:54:00:00:00:77"]
            )
            let output = try await bed.vdptool(hv, stationInterface, request.arguments)
            #expect(Self.singleResponse(output)?["mode"] == "assoc", "\(output)")
            let vsiID = VSIID.uuid(try #require(VSIUUID(request.uuid)))

            // Nine keep-alive periods (163.84 ms each): the VSI stays, and every keep-alive was answered.
            try await Task.sleep(for: timers.reinitKeepAlive * 9)
            let record = try #require(await agent.record(of: vsiID), "the VSI survived nine keep-alive periods")
            #expect(record.state?.type == .associate)
            #expect(record.counters.keepAlives >= 6, "keep-alives answered: \(record.counters.keepAlives)")
            #expect(!(await recorder.events.contains { if case .vsi(.vsiRemoved) = $0 { true } else { false } }))

            // lldpad dies: no more keep-alives; the bridge removes the VSI after toutKeepAlive.
            lldpad.signal(SIGKILL)
            let killed = ContinuousClock.now
            let removed = try #require(
                await recorder.wait(timeout: .seconds(5)) { event -> BridgeRemovalReason? in
                    if case .vsi(.vsiRemoved(let key, let reason)) = event, key.vsiID == vsiID { reason } else { nil }
                },
                "the VSI was never removed"
            )
            #expect(removed.0 == .agedOut)
            let delay = removed.1 - killed
            // At most toutKeepAlive after the last keep-alive, which came at most one period before the kill.
            #expect(
                delay <= timers.toutKeepAlive + timers.reinitKeepAlive + .milliseconds(150),
                "aged out after \(delay)"
            )
            #expect(await agent.record(of: vsiID) == nil)
            print(
                "lldpad station vs library bridge: keep-alive \(timers.reinitKeepAlive), aged out \(delay) after "
                    + "SIGKILL (toutKeepAlive \(timers.toutKeepAlive))"
            )
        }

        /// The one "Response from VDP" block of `vdptool -T -W` output, if there is exactly one.
        static func singleResponse(_ output: CommandOutput) -> VdptoolVSI? {
            let blocks = VdptoolVSI.parse(output.output, blocksStartingWith: "Response from VDP")
            return blocks.count == 1 ? blocks[0] : nil
        }
    }
#endif
