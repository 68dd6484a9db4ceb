import Testing
import VDPCapture

/// Reading a capture, writing it back with ``PcapWriter``, and reading it again.
@Suite("PcapWriter round trip")
struct RoundTripTests {
    @Test("read → write → read gives the same packets", arguments: Fixtures.lldpadNames)
    func packetsSurvive(name: String) throws {
        let original = try Fixtures.lldpadBytes(name)
        let packets = try CaptureFile.packets(from: original)
        var writer = PcapWriter()
        for packet in packets {
            writer.append(packet)
        }
        #expect(writer.packetCount == packets.count)
        #expect(try CaptureFile.packets(from: writer.bytes) == packets)
    }

    @Test("the written file is byte-identical to the tcpdump original", arguments: Fixtures.lldpadNames)
    func bytesIdentical(name: String) throws {
        let original = try Fixtures.lldpadBytes(name)
        var writer = PcapWriter()
        for packet in try CaptureFile.packets(from: original) {
            writer.append(packet)
        }
        let written = writer.bytes
        let firstDifference = (0..<min(written.count, original.count)).first { written[$0] != original[$0] }
        #expect(firstDifference == nil, "first differing byte at offset \(firstDifference ?? -1)")
        #expect(written.count == original.count)
    }

    @Test("header layout: little-endian magic, version 2.4, snaplen 262144, link type")
    func headerLayout() {
        #expect(
            PcapWriter().bytes == [
                0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
                0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00,
            ]
        )
        let nano = PcapWriter(linkType: .raw, nanosecondResolution: true, snapshotLength: 65_535)
        #expect(
            nano.bytes == [
                0x4D, 0x3C, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
                0xFF, 0xFF, 0x00, 0x00, 101, 0x00, 0x00, 0x00,
            ]
        )
    }

    @Test("nanosecond resolution keeps nanoseconds; microsecond resolution truncates them")
    func resolution() throws {
        let timestamp = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789)
        let frame: [UInt8] = Array(0..<60)

        var nano = PcapWriter(nanosecondResolution: true)
        nano.append(frame: frame, at: timestamp)
        let nanoPackets = try CaptureFile.packets(from: nano.bytes)
        #expect(nanoPackets == [CapturedPacket(timestamp: timestamp, data: frame)])

        var micro = PcapWriter()
        micro.append(frame: frame, at: timestamp)
        let microPackets = try CaptureFile.packets(from: micro.bytes)
        #expect(microPackets.first?.timestamp == CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_000))
    }

    @Test("out-of-range values are adjusted, never trapped on")
    func clamping() throws {
        var writer = PcapWriter(linkType: .ethernet, snapshotLength: 8)
        writer.append(
            CapturedPacket(
                timestamp: CaptureTimestamp(seconds: -5, nanoseconds: 0),
                data: Array(0..<20),
                originalLength: -1
            )
        )
        writer.append(frame: [1, 2, 3], at: CaptureTimestamp(seconds: Int64.max, nanoseconds: 999_999_999))
        let packets = try CaptureFile.packets(from: writer.bytes)
        try #require(packets.count == 2)
        #expect(packets[0].data == Array(0..<8))
        #expect(packets[0].originalLength == 8)
        #expect(packets[0].timestamp == CaptureTimestamp(seconds: 0))
        #expect(packets[1].timestamp == CaptureTimestamp(seconds: Int64(UInt32.max), nanoseconds: 999_999_000))
    }

    @Test("the packet's link type is not written; the file's is")
    func linkType() throws {
        var writer = PcapWriter(linkType: .linuxCooked)
        writer.append(CapturedPacket(timestamp: .zero, data: [1, 2], linkType: .ethernet))
        #expect(try CaptureFile.packets(from: writer.bytes).map(\.linkType) == [.linuxCooked])
    }
}
