#if os(Linux)
    import Foundation
    import Testing
    import VDPAgent
    import VDPCapture
    import VDPProtocol
    import VDPTestSupport
    import VDPTransport
    import VDPWire

    /// Jumbo ECPDUs across a veth pair whose MTU is 9000, and the agent's loop on an ``AgentThread``.
    @Suite(.enabled(if: VethPair.isAvailable, VethPair.requirement), .timeLimit(.minutes(1)))
    struct JumboFrameTests {
        static func vsi(_ number: Int) -> VSIDescriptor {
            VSIDescriptor(
                managerID: VSIManagerID(text: "mgr1")!,
                typeID: VSITypeID(truncating: 1),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xB000, low: UInt64(number)))),
                filterInfo: .macVID(MACAddress(0x52, 0x54, 0, 0, UInt8(number >> 8), UInt8(number & 0xFF)), .null)
            )
        }

        /// Associates `count` VSIs from a station batching up to `stationPayload` to a bridge batching up to
        /// `bridgePayload`, the station's loop on an ``AgentThread``; returns the payload lengths of the ECP
        /// requests each side sent (from a capture on the station's end) and the VSI TLVs in the largest.
        static func associate(
            _ count: Int,
            stationPayload: Int,
            bridgePayload: Int,
            a: String,
            b: String
        ) async throws -> (station: [Int], bridge: [Int], mostTLVs: Int) {
            let capturePath = "\(NSTemporaryDirectory())/vdpt-jumbo-\(UInt32.random(in: 0...UInt32.max)).pcap"
            defer { try? FileManager.default.removeItem(atPath: capturePath) }
            let stationLink = try PacketLink.open(interface: a, capturePath: capturePath)
            let bridgeLink = try PacketLink.open(interface: b)
            #expect(stationLink.maximumPayloadLength == 9000 && bridgeLink.maximumPayloadLength == 9000)
            let parameters = EVBParameters(retransmissionExponent: 14)
            let station = StationAgent(
                configuration: StationPortConfiguration(
                    address: stationLink.interface.address,
                    batching: .enabled(maximumPayloadLength: min(stationPayload, stationLink.maximumPayloadLength)),
                    parameters: parameters
                ),
                link: stationLink
            )
            let bridge = BridgeAgent(
                configuration: BridgePortConfiguration(
                    address: bridgeLink.interface.address,
                    batching: .enabled(maximumPayloadLength: min(bridgePayload, bridgeLink.maximumPayloadLength)),
                    parameters: parameters,
                    vidRange: 2...4094
                ),
                policy: ClosureBridgePolicy { _ in .accept },
                link: bridgeLink
            )
            // Both loops on threads of their own, and the batch on the station's: on the cooperative pool, which
            // the tests running in parallel keep busy, a loop could wait longer than the ECP retries last.
            let thread = try AgentThread()
            let bridgeThread = try AgentThread()
            let stationTask = Task(executorPreference: thread) { await station.run() }
            let bridgeTask = Task(executorPreference: bridgeThread) { await bridge.run() }
            let results = await withTaskExecutorPreference(thread) {
                await station.request((1...count).map { (.associate, Self.vsi($0), .none) })
            }
            let unassociated = results.filter { (try? $0.get())??.type != .associate }
            #expect(unassociated.isEmpty, "\(unassociated.count) not associated, such as \(unassociated.prefix(3))")
            #expect(await bridge.records.count == count)
            // Let the last acknowledgements arrive before the capture is read.
            for _ in 0..<100 where stationLink.statistics.sent != bridgeLink.statistics.received {
                try await Task.sleep(for: .milliseconds(10))
            }
            await station.stop()
            await bridge.stop()
            stationLink.close()
            bridgeLink.close()
            await stationTask.value
            await bridgeTask.value
            thread.shutdown()
            bridgeThread.shutdown()
            #expect(stationLink.statistics.undecodable == 0 && bridgeLink.statistics.undecodable == 0)

            var stationLengths: [Int] = []
            var bridgeLengths: [Int] = []
            var mostTLVs = 0
            for packet in try CaptureFile.packets(atPath: capturePath) {
                let frame = try Frame(
                    decoding: packet.data,
                    options: FrameDecodingOptions(maximumPayloadLength: 9000)
                )
                guard case .ecp(let ecpdu) = frame.payload, case .vdp(let ulpdu) = ecpdu.payload else {
                    continue
                }
                mostTLVs = max(mostTLVs, ulpdu.vsiTLVs.count)
                if frame.header.source == stationLink.interface.address {
                    stationLengths.append(ecpdu.encodedLength)
                } else {
                    bridgeLengths.append(ecpdu.encodedLength)
                }
            }
            return (stationLengths, bridgeLengths, mostTLVs)
        }

        @Test func bothEndsAt9000BatchAboutTwoHundredFiftyVSIsPerECPDU() async throws {
            try await VethPair.with { a, b in
                try VethPair.ip("link", "set", a, "mtu", "9000")
                try VethPair.ip("link", "set", b, "mtu", "9000")
                let sent = try await Self.associate(600, stationPayload: 9000, bridgePayload: 9000, a: a, b: b)
                #expect(sent.mostTLVs > 200, "\(sent.mostTLVs) VSI TLVs in the largest ECPDU")
                #expect(sent.station.max().map { $0 > 1500 && $0 <= 9000 } == true, "\(sent.station)")
                #expect(sent.bridge.max().map { $0 > 1500 && $0 <= 9000 } == true, "\(sent.bridge)")
            }
        }

        @Test func aStationAtTheDefaultNeverSendsMoreThan1500AndReadsTheBridgesJumboAnswers() async throws {
            try await VethPair.with { a, b in
                try VethPair.ip("link", "set", a, "mtu", "9000")
                try VethPair.ip("link", "set", b, "mtu", "9000")
                let sent = try await Self.associate(600, stationPayload: 1500, bridgePayload: 9000, a: a, b: b)
                #expect(sent.station.max().map { $0 <= 1500 } == true, "\(sent.station)")
                #expect(sent.bridge.max().map { $0 > 1500 } == true, "\(sent.bridge)")
            }
        }

        @Test func aPayloadOf9000OctetsCrossesThePairAndDecodes() async throws {
            try await VethPair.with { a, b in
                try VethPair.ip("link", "set", a, "mtu", "9000")
                try VethPair.ip("link", "set", b, "mtu", "9000")
                let sender = try PacketLink.open(interface: a)
                let receiver = try PacketLink.open(interface: b)
                defer {
                    sender.close()
                    receiver.close()
                }
                let vsis = (1...256).map { number in
                    let vsi = Self.vsi(number)
                    return VSITLV(
                        type: .associate,
                        status: .request(),
                        typeID: vsi.typeID,
                        typeVersion: vsi.typeVersion,
                        vsiID: vsi.vsiID,
                        filterInfo: vsi.filterInfo
                    )
                }
                let ulpdu = VDPULPDU(managerID: VSIManagerID(text: "mgr1")!, vsis: vsis)
                let frame = Frame.ecp(.vdpRequest(sequenceNumber: 7, ulpdu), from: sender.interface.address)
                #expect(frame.payload.encodedLength > 8_900 && frame.payload.encodedLength <= 9000)
                try await sender.send(frame)
                var received: ReceivedFrame?
                for await next in receiver.frames {
                    received = next
                    break
                }
                #expect(received?.frame == frame)
                #expect(receiver.statistics.undecodable == 0)
            }
        }
    }
#endif
