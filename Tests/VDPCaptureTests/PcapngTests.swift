import Testing
import VDPCapture

/// pcapng files built by hand, so that every feature runs whether or not Wireshark's tools are installed.
@Suite("pcapng reader")
struct PcapngTests {
    static let frame: [UInt8] = Array(0..<61)

    @Test("little- and big-endian sections with the default microsecond resolution", arguments: [false, true])
    func byteOrders(bigEndian: Bool) throws {
        var file = PcapngBuilder(bigEndian: bigEndian)
        file.sectionHeader()
        file.interface(snapLength: 262_144)
        file.enhancedPacket(timestamp: 1_700_000_000_123_456, data: Self.frame, originalLength: 100)
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(
            packets == [
                CapturedPacket(
                    timestamp: CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_000),
                    data: Self.frame,
                    originalLength: 100
                )
            ]
        )
    }

    @Test("if_tsresol 9: nanoseconds")
    func nanosecondResolution() throws {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(tsresol: 9)
        file.enhancedPacket(timestamp: 1_700_000_000_123_456_789, data: [1, 2, 3])
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(packets.map(\.timestamp) == [CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789)])
        #expect(packets.map(\.data) == [[1, 2, 3]])
    }

    @Test("if_tsresol 0x86: units of 2^-6 seconds")
    func powerOfTwoResolution() throws {
        var file = PcapngBuilder(bigEndian: true)
        file.sectionHeader()
        file.interface(tsresol: 0x86)
        file.enhancedPacket(timestamp: 2 * 64 + 3, data: [9])
        let packets = try CaptureFile.packets(from: file.bytes)
        // 3/64 s = 46.875 ms.
        #expect(packets.map(\.timestamp) == [CaptureTimestamp(seconds: 2, nanoseconds: 46_875_000)])
    }

    @Test(
        "resolutions finer than a nanosecond round down; extreme exponents never trap",
        arguments: [
            (UInt8(12), UInt64(1_000_000_000_123_456), CaptureTimestamp(seconds: 1_000, nanoseconds: 123)),
            (UInt8(0), UInt64(1_234), CaptureTimestamp(seconds: 1_234)),
            (UInt8(0x80), UInt64(1_234), CaptureTimestamp(seconds: 1_234)),
            (UInt8(19), UInt64.max, CaptureTimestamp(seconds: 1, nanoseconds: 844_674_407)),
            (UInt8(20), UInt64.max, CaptureTimestamp(seconds: 0, nanoseconds: 184_467_440)),
            (UInt8(127), UInt64.max, CaptureTimestamp(seconds: 0)),
            (UInt8(0x80 | 63), UInt64.max, CaptureTimestamp(seconds: 1, nanoseconds: 999_999_999)),
            (UInt8(0x80 | 64), UInt64.max, CaptureTimestamp(seconds: 0, nanoseconds: 999_999_999)),
            (UInt8(0xFF), UInt64.max, CaptureTimestamp(seconds: 0)),
        ]
    )
    func extremeResolutions(tsresol: UInt8, units: UInt64, expected: CaptureTimestamp) throws {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(tsresol: tsresol)
        file.enhancedPacket(timestamp: units, data: [])
        #expect(try CaptureFile.packets(from: file.bytes).map(\.timestamp) == [expected])
    }

    @Test("seconds that overflow Int64 are .invalidTimestamp")
    func timestampOverflow() {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(tsresol: 0)
        file.enhancedPacket(timestamp: UInt64.max, data: [])
        expectError(.invalidTimestamp, file.bytes)
    }

    @Test("if_tsoffset adds whole seconds")
    func timestampOffset() throws {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(tsresol: 3, extra: file.option(14, file.u64(1_000_000)))
        file.enhancedPacket(timestamp: 1_500, data: [])
        #expect(
            try CaptureFile.packets(from: file.bytes).map(\.timestamp)
                == [CaptureTimestamp(seconds: 1_000_001, nanoseconds: 500_000_000)]
        )
    }

    @Test("Simple Packet Blocks use interface 0, its snapshot length, and no timestamp")
    func simplePackets() throws {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(linkType: 101, snapLength: 4)
        file.simplePacket(data: [1, 2, 3], originalLength: 3)
        file.simplePacket(data: [1, 2, 3, 4], originalLength: 1_500)
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(
            packets == [
                CapturedPacket(timestamp: .zero, data: [1, 2, 3], linkType: .raw),
                CapturedPacket(timestamp: .zero, data: [1, 2, 3, 4], originalLength: 1_500, linkType: .raw),
            ]
        )
    }

    @Test("a Simple Packet Block longer than its block is .invalidBlock")
    func simplePacketOverrun() {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface()
        file.simplePacket(data: [1, 2, 3, 4], originalLength: 9)
        expectError(.invalidBlock, file.bytes)
    }

    @Test("unknown and uninteresting block types are skipped")
    func unknownBlocks() throws {
        var file = PcapngBuilder()
        file.sectionHeader(options: file.option(4, Array("swift-vdp test".utf8)) + file.endOfOptions)
        file.block(type: 0x4000_0BAD, body: Array(repeating: 0xEE, count: 13))
        file.interface()
        file.block(type: 4, body: [0, 0, 0, 0])
        file.enhancedPacket(timestamp: 1, data: [7])
        file.block(type: 5, body: Array(repeating: 0, count: 12))
        file.block(type: 0x1234_5678, body: [])
        file.enhancedPacket(timestamp: 2, data: [8], options: file.option(2, file.u32(1)) + file.endOfOptions)
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(packets.map(\.data) == [[7], [8]])
    }

    @Test("two interfaces with different link types and resolutions")
    func twoInterfaces() throws {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface(linkType: 1, tsresol: 6)
        file.interface(linkType: 101, tsresol: 9)
        file.enhancedPacket(interface: 1, timestamp: 5_000_000_001, data: [0x45])
        file.enhancedPacket(interface: 0, timestamp: 5_000_001, data: [0xFF])
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(
            packets == [
                CapturedPacket(timestamp: CaptureTimestamp(seconds: 5, nanoseconds: 1), data: [0x45], linkType: .raw),
                CapturedPacket(timestamp: CaptureTimestamp(seconds: 5, nanoseconds: 1_000), data: [0xFF]),
            ]
        )
    }

    @Test("obsolete Packet Blocks (type 2) are read")
    func obsoletePacketBlock() throws {
        var file = PcapngBuilder(bigEndian: true)
        file.sectionHeader()
        file.interface(linkType: 113)
        file.obsoletePacket(timestamp: 3_000_000, data: [1, 2, 3, 4, 5])
        #expect(
            try CaptureFile.packets(from: file.bytes) == [
                CapturedPacket(timestamp: CaptureTimestamp(seconds: 3), data: [1, 2, 3, 4, 5], linkType: .linuxCooked)
            ]
        )
    }

    @Test("a new section may switch byte order and starts with no interfaces")
    func multipleSections() throws {
        var file = PcapngBuilder()
        file.sectionHeader()
        file.interface()
        file.interface(tsresol: 9)
        file.enhancedPacket(interface: 1, timestamp: 1, data: [1])
        file.bigEndian = true
        file.sectionHeader()
        file.interface(tsresol: 9)
        file.enhancedPacket(interface: 0, timestamp: 2, data: [2])
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(packets.map(\.data) == [[1], [2]])
        #expect(packets.map(\.timestamp.nanoseconds) == [1, 2])

        file.enhancedPacket(interface: 1, timestamp: 3, data: [3])
        let error = expectError(.unknownInterface, file.bytes)
        #expect(error?.offset == file.blockOffsets.last.map { $0 + 8 })
    }

    @Test("malformed blocks throw the expected codes")
    func malformedBlocks() throws {
        var valid = PcapngBuilder()
        valid.sectionHeader()
        valid.interface(snapLength: 64)
        valid.enhancedPacket(timestamp: 1, data: [1, 2, 3, 4])
        let packetBlock = try #require(valid.blockOffsets.last)
        #expect(try CaptureFile.packets(from: valid.bytes).count == 1)

        // Total length not a multiple of 4.
        var bytes = valid.bytes
        bytes[packetBlock + 4] &+= 1
        var error = expectError(.invalidBlock, bytes)
        #expect(error?.offset == packetBlock + 4)

        // Total length below the 12-byte minimum.
        bytes = valid.bytes
        bytes.replaceSubrange((packetBlock + 4)..<(packetBlock + 8), with: valid.u32(8))
        expectError(.invalidBlock, bytes)

        // Trailing length differs from the leading one.
        bytes = valid.bytes
        bytes[bytes.count - 4] &+= 4
        error = expectError(.invalidBlock, bytes)
        #expect(error?.offset == bytes.count - 4)

        // Block runs past the end of the file.
        bytes = valid.bytes
        bytes.replaceSubrange((packetBlock + 4)..<(packetBlock + 8), with: valid.u32(1_024))
        error = expectError(.truncated, bytes)
        #expect(error?.offset == packetBlock)

        // Captured length beyond the block body.
        bytes = valid.bytes
        bytes.replaceSubrange((packetBlock + 20)..<(packetBlock + 24), with: valid.u32(40))
        expectError(.invalidBlock, bytes)

        // Captured length beyond the interface's snapshot length.
        var overSnap = PcapngBuilder()
        overSnap.sectionHeader()
        overSnap.interface(snapLength: 2)
        overSnap.enhancedPacket(timestamp: 1, data: [1, 2, 3, 4])
        expectError(.invalidLength, overSnap.bytes)

        // Captured length beyond 256 MiB with no snapshot length.
        var huge = PcapngBuilder()
        huge.sectionHeader()
        huge.interface()
        huge.block(type: 6, body: huge.u32(0) + huge.u64(0) + huge.u32(0x1000_0001) + huge.u32(0))
        expectError(.invalidLength, huge.bytes)

        // Packet for an interface that was never described.
        var orphan = PcapngBuilder()
        orphan.sectionHeader()
        orphan.enhancedPacket(interface: 0, timestamp: 1, data: [1])
        expectError(.unknownInterface, orphan.bytes)
        orphan = PcapngBuilder()
        orphan.sectionHeader()
        orphan.simplePacket(data: [1])
        expectError(.unknownInterface, orphan.bytes)
    }

    @Test("bad section headers and options")
    func badSectionHeaders() {
        var version2 = PcapngBuilder()
        version2.sectionHeader(major: 2)
        expectError(.unsupportedVersion, version2.bytes)

        var badMagic = PcapngBuilder()
        badMagic.sectionHeader()
        var bytes = badMagic.bytes
        bytes[8] = 0x00
        expectError(.badMagic, bytes)

        var short = PcapngBuilder()
        short.block(type: 0x0A0D_0D0A, body: short.u32(0x1A2B_3C4D) + [1, 0, 0, 0])
        expectError(.invalidBlock, short.bytes)

        var badResolution = PcapngBuilder()
        badResolution.sectionHeader()
        badResolution.interface(extra: badResolution.option(9, [6, 0]))
        expectError(.invalidBlock, badResolution.bytes)

        var overrun = PcapngBuilder()
        overrun.sectionHeader()
        let optionPastEnd = overrun.u16(2) + overrun.u16(40)
        overrun.block(type: 1, body: overrun.u16(1) + overrun.u16(0) + overrun.u32(0) + optionPastEnd)
        expectError(.invalidBlock, overrun.bytes)

        var shortInterface = PcapngBuilder()
        shortInterface.sectionHeader()
        shortInterface.block(type: 1, body: [1, 0, 0, 0])
        expectError(.invalidBlock, shortInterface.bytes)
    }

    @Test("a section header with nothing after it holds no packets")
    func emptySection() throws {
        var file = PcapngBuilder(bigEndian: true)
        file.sectionHeader()
        #expect(try CaptureFile.packets(from: file.bytes) == [])
    }
}
