#if os(Linux)
    import Foundation
    import Synchronization
    import Testing
    import VDPAgent
    import VDPCapture
    import VDPProtocol
    import VDPTestSupport
    import VDPTransport
    import VDPWire

    /// A station agent and a bridge agent talking VDP over ECP across a veth pair.
    @Suite(.enabled(if: VethPair.isAvailable, VethPair.requirement), .timeLimit(.minutes(1)))
    struct PacketLinkTests {
        static func vsi(_ mac: MACAddress) -> VSIDescriptor {
            VSIDescriptor(
                managerID: VSIManagerID(text: "mgr1")!,
                typeID: VSITypeID(truncating: 1),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 1, low: 2))),
                filterInfo: .macVID(mac, .null)
            )
        }

        static func temporaryCapturePath() -> String {
            "\(NSTemporaryDirectory())/vdpt-\(UInt32.random(in: 0...UInt32.max)).pcap"
        }

        @Test func agentsAssociateAndTerminateOverAVethPair() async throws {
            try await VethPair.with { a, b in
                let capturePath = Self.temporaryCapturePath()
                defer { try? FileManager.default.removeItem(atPath: capturePath) }
                let stationLink = try PacketLink.open(interface: a, capturePath: capturePath)
                let bridgeLink = try PacketLink.open(interface: b)
                let station = StationAgent(
                    configuration: StationPortConfiguration(
                        address: stationLink.interface.address,
                        parameters: EVBParameters(retransmissionExponent: 14)
                    ),
                    link: stationLink
                )
                let bridge = BridgeAgent(
                    configuration: BridgePortConfiguration(
                        address: bridgeLink.interface.address,
                        parameters: EVBParameters(retransmissionExponent: 14),
                        vidRange: 300...310
                    ),
                    policy: ClosureBridgePolicy { _ in .accept },
                    link: bridgeLink
                )
                let stationTask = Task { await station.run() }
                let bridgeTask = Task { await bridge.run() }
                defer {
                    stationLink.close()
                    bridgeLink.close()
                    stationTask.cancel()
                    bridgeTask.cancel()
                }

                let vsi = Self.vsi(stationLink.interface.address)
                let associated = try await station.associate(vsi)
                #expect(associated.type == .associate)
                let vid = associated.filterInfo.entries.first?.vid.vid
                #expect(
                    vid.map { (300...310).contains($0) } == true,
                    "a VID from the pool, got \(String(describing: vid))"
                )
                #expect(await bridge.record(of: vsi.vsiID)?.state?.isActive == true)
                try await station.terminate(vsi)
                #expect(await bridge.record(of: vsi.vsiID) == nil)

                // The station acknowledges the bridge's last response after `terminate` returns: let every frame
                // in flight arrive, then stop both agents before closing the links under them.
                for _ in 0..<100 {
                    let quiet =
                        stationLink.statistics.sent == bridgeLink.statistics.received
                        && bridgeLink.statistics.sent == stationLink.statistics.received
                    if quiet {
                        break
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
                await station.stop()
                await bridge.stop()
                stationLink.close()
                bridgeLink.close()
                await stationTask.value
                await bridgeTask.value

                let stationStatistics = stationLink.statistics
                #expect(stationStatistics.sent >= 2 && stationStatistics.received >= 2, "\(stationStatistics)")
                #expect(stationStatistics.undecodable == 0 && stationStatistics.errors == 0, "\(stationStatistics)")
                #expect(bridgeLink.statistics.received == stationStatistics.sent, "\(bridgeLink.statistics)")

                let packets = try CaptureFile.packets(atPath: capturePath)
                #expect(packets.count == stationStatistics.sent + stationStatistics.received)
                let frames = try packets.map { try Frame(decoding: $0.data, options: .receiving) }
                let ecp = frames.filter { $0.header.etherType == .ecp }
                #expect(ecp.count == frames.count, "only ECP frames: no LLDP without EVB")
                #expect(ecp.contains { $0.header.source == stationLink.interface.address })
                #expect(ecp.contains { $0.header.source == bridgeLink.interface.address })
            }
        }

        @Test func undecodableFramesAreCountedAndDropped() async throws {
            try await VethPair.with { a, b in
                let link = try PacketLink.open(interface: b)
                defer { link.close() }
                let sender = try PacketSocket(interface: a)
                let mac = sender.interface.address
                // An ECP ethertype with a two-octet payload: shorter than the ECP header.
                try sender.send(MACAddress.nearestCustomerBridge.octets + mac.octets + [0x89, 0x40, 0x10, 0x00])
                let good = Frame.ecp(.acknowledgement(of: 1), from: mac)
                try sender.send(good.encoded(padToMinimumLength: true))
                var frames = link.frames.makeAsyncIterator()
                let first = await frames.next()
                #expect(
                    first?.frame == (try Frame(decoding: good.encoded(padToMinimumLength: true), options: .receiving))
                )
                #expect(first?.receivedAt.map { $0 <= ContinuousClock.now } == true, "stamped on arrival")
                #expect(link.statistics.undecodable == 1)
                #expect(link.statistics.received == 1)
            }
        }

        /// Frames the reader thread has read but nobody has taken from `frames` yet, and frames still on the socket,
        /// come out of `takeArrived()` in order, each once, stamped with the kernel's receive time: no later than
        /// the moment it was taken, no earlier than just before it was sent.
        @Test(arguments: [0, 3])
        func takeArrivedHandsOverWhatTheReaderQueuedOnce(waitForReader: Int) async throws {
            try await VethPair.with { a, b in
                let link = try PacketLink.open(interface: b)
                defer { link.close() }
                let sender = try PacketSocket(interface: a)
                let mac = sender.interface.address
                let sentAfter = ContinuousClock.now
                let sent = (1...3).map { Frame.ecp(.acknowledgement(of: UInt16($0)), from: mac) }
                for frame in sent {
                    try sender.send(frame.encoded(padToMinimumLength: true))
                }
                // The reader thread queues them; with 0, some may still be on the socket.
                for _ in 0..<500 where link.statistics.received < waitForReader {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(link.statistics.received >= UInt64(waitForReader))
                var taken: [ReceivedFrame] = []
                for _ in 0..<500 where taken.count < sent.count {
                    taken += link.takeArrived()
                    if taken.count < sent.count {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
                let takenAt = ContinuousClock.now
                let expected = try sent.map {
                    try Frame(decoding: $0.encoded(padToMinimumLength: true), options: .receiving)
                }
                #expect(taken.map(\.frame) == expected)
                for frame in taken {
                    let stamp = try #require(frame.receivedAt)
                    #expect(stamp >= sentAfter && stamp <= takenAt, "\(stamp) not within \(sentAfter)...\(takenAt)")
                }
                #expect(link.takeArrived().isEmpty)
                #expect(link.statistics.received == 3)
                let readDelay = link.statistics.longestReadDelay
                #expect(readDelay >= .zero && readDelay <= takenAt - sentAfter, "read delay \(readDelay)")
                link.close()
                var rest = 0
                for await _ in link.frames { rest += 1 }
                #expect(rest == 0, "a frame taken by takeArrived() came out of frames too")
            }
        }

        /// A forwarding link hands every frame to its receiver on the reader's thread, in order and once: those
        /// queued before it forwarded, those the reader reads, and those `takeArrived()` finds on the socket (which
        /// it forwards instead of returning); a second receiver replaces the first; closing calls the last
        /// receiver's `finished` once, and `frames` yields nothing.
        @Test func forwardingHandsEveryFrameOverInOrderOnce() async throws {
            try await VethPair.with { a, b in
                let link = try PacketLink.open(interface: b)
                defer { link.close() }
                let sender = try PacketSocket(interface: a)
                let mac = sender.interface.address
                let sent = (1...6).map { Frame.ecp(.acknowledgement(of: UInt16($0)), from: mac) }
                let forwarded = Mutex<[ReceivedFrame]>([])
                let finishedCalls = Mutex(0)
                // Three frames queue before the link forwards.
                for frame in sent.prefix(3) {
                    try sender.send(frame.encoded(padToMinimumLength: true))
                }
                for _ in 0..<500 where link.statistics.received < 3 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let accepted = link.forwardFrames(
                    to: { frame in forwarded.withLock { $0.append(frame) } },
                    finished: { finishedCalls.withLock { $0 += 1 } }
                )
                #expect(accepted)
                for frame in sent.suffix(3) {
                    try sender.send(frame.encoded(padToMinimumLength: true))
                }
                for _ in 0..<500 where forwarded.withLock({ $0.count }) < sent.count {
                    #expect(link.takeArrived().isEmpty)
                    try await Task.sleep(for: .milliseconds(10))
                }
                let expected = try sent.map {
                    try Frame(decoding: $0.encoded(padToMinimumLength: true), options: .receiving)
                }
                #expect(forwarded.withLock { $0.map(\.frame) } == expected)
                #expect(forwarded.withLock { $0.allSatisfy { $0.receivedAt != nil } })

                // A second receiver (another agent on the same link) replaces the first.
                let second = Mutex<[ReceivedFrame]>([])
                let secondFinished = Mutex(0)
                let replaced = link.forwardFrames(
                    to: { frame in second.withLock { $0.append(frame) } },
                    finished: { secondFinished.withLock { $0 += 1 } }
                )
                #expect(replaced)
                let last = Frame.ecp(.acknowledgement(of: 7), from: mac)
                try sender.send(last.encoded(padToMinimumLength: true))
                for _ in 0..<500 where second.withLock({ $0.isEmpty }) {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(
                    second.withLock { $0.map(\.frame) }
                        == [try Frame(decoding: last.encoded(padToMinimumLength: true), options: .receiving)]
                )
                #expect(forwarded.withLock { $0.count } == sent.count)
                link.close()
                link.close()
                #expect(finishedCalls.withLock { $0 } == 0)
                #expect(secondFinished.withLock { $0 } == 1)
                var rest = 0
                for await _ in link.frames { rest += 1 }
                #expect(rest == 0)
            }
        }

        @Test func closingEndsTheStreamAndRefusesSends() async throws {
            try await VethPair.with { a, _ in
                let link = try PacketLink.open(interface: a)
                let reader = Task { () -> Int in
                    var count = 0
                    for await _ in link.frames { count += 1 }
                    return count
                }
                link.close()
                #expect(await reader.value == 0)
                let frame = Frame.ecp(.acknowledgement(of: 1), from: link.interface.address)
                let error = await #expect(throws: TransportError.self) { try await link.send(frame) }
                #expect(error?.code == .closed)
                link.close()
            }
        }
    }
#endif
