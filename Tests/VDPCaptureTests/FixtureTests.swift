import Testing
import VDPCapture

/// Reads the real lldpad captures and checks them against their manifest.
@Suite("lldpad fixtures")
struct FixtureTests {
    @Test("every fixture in the folder has a manifest packet count")
    func everyFixtureIsListed() throws {
        let names = try Fixtures.pcapNames(in: Fixtures.lldpadDirectory)
        #expect(names == Fixtures.lldpadNames)
    }

    @Test("packet count matches the manifest", arguments: Fixtures.lldpadNames)
    func packetCount(name: String) throws {
        let packets = try CaptureFile.packets(atPath: Fixtures.lldpadPath(name))
        #expect(packets.count == Fixtures.expectedPacketCounts[name])
        for (index, packet) in packets.enumerated() {
            #expect(packet.linkType == .ethernet, "packet \(index + 1)")
            #expect(packet.originalLength == packet.data.count, "packet \(index + 1) was cut off")
            #expect(packet.data.count >= 14, "packet \(index + 1) is shorter than an Ethernet header")
        }
        let timestamps = packets.map(\.timestamp)
        #expect(timestamps == timestamps.sorted(), "timestamps go backwards")
    }

    @Test("vdp22-assoc-mac-vid: first frames and relative time")
    func assocMacVidValues() throws {
        let packets = try CaptureFile.packets(atPath: Fixtures.lldpadPath("vdp22-assoc-mac-vid"))
        try #require(packets.count == 12)
        let first = packets[0]
        #expect(first.data.count == 71)
        #expect(first.originalLength == 71)
        let expectedStart: [UInt8] = [
            0x01, 0x80, 0xC2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xAA, 0x01, 0x89, 0x40,
        ]
        #expect(Array(first.data.prefix(14)) == expectedStart)
        #expect(packets[1].data.count == 18)
        let elapsed = packets[4].timestamp.seconds(since: first.timestamp)
        #expect(abs(elapsed - 10.491211) <= 1e-6, "packet 5 is \(elapsed) s after packet 1")
        #expect(first.timestamp.nanoseconds % 1_000 == 0, "microsecond file gives whole microseconds")
    }

    @Test("adversarial captures read as ordinary frames")
    func adversarialFixtures() throws {
        let expectedLengths: [String: [Int]] = [
            "ecp-ack-then-truncated-request": [60, 16],
            "ecp-header-only-14": [14],
            "ecp-oversize-1600": [1600],
        ]
        let names = try Fixtures.pcapNames(in: Fixtures.adversarialDirectory)
        #expect(names == expectedLengths.keys.sorted())
        for name in names {
            let packets = try CaptureFile.packets(atPath: "\(Fixtures.adversarialDirectory)/\(name).pcap")
            #expect(packets.map(\.data.count) == expectedLengths[name], "\(name)")
        }
    }
}
