import Testing
import VDPCapture

/// Truncated and corrupted files.
///
/// The rule for prefixes: a file may end only after a complete record (pcap, after the 24-byte file header) or a
/// complete block (pcapng, after the first Section Header Block). A prefix of a valid file that ends exactly at
/// such a boundary reads as the packets before it; every other strict prefix throws `.truncated`.
@Suite("malformed input")
struct MalformedInputTests {
    /// A tiny classic pcap built by the writer: three records of 0, 1, and 60 bytes.
    static func smallPcap() -> (bytes: [UInt8], boundaries: [Int]) {
        var writer = PcapWriter()
        var boundaries = [writer.bytes.count]
        for (index, length) in [0, 1, 60].enumerated() {
            writer.append(
                frame: Array(repeating: UInt8(index), count: length),
                at: CaptureTimestamp(seconds: Int64(index), nanoseconds: 5_000)
            )
            boundaries.append(writer.bytes.count)
        }
        return (writer.bytes, boundaries)
    }

    @Test("every strict prefix of a pcap fixture is a record boundary or .truncated")
    func pcapFixturePrefixes() throws {
        let bytes = try Fixtures.lldpadBytes("vdp22-assoc-vid-only")
        let packets = try CaptureFile.packets(from: bytes)
        var boundaries = [24]
        for packet in packets {
            boundaries.append((boundaries.last ?? 0) + 16 + packet.data.count)
        }
        #expect(boundaries.last == bytes.count)
        try checkPrefixes(of: bytes, packets: packets, boundaries: boundaries)
    }

    @Test("every strict prefix of a written pcap is a record boundary or .truncated")
    func writtenPcapPrefixes() throws {
        let (bytes, boundaries) = Self.smallPcap()
        let packets = try CaptureFile.packets(from: bytes)
        #expect(packets.map(\.data.count) == [0, 1, 60])
        try checkPrefixes(of: bytes, packets: packets, boundaries: boundaries)
    }

    @Test("every strict prefix of a pcapng file is a block boundary or .truncated")
    func pcapngPrefixes() throws {
        let file = PcapngBuilder.sample()
        let packets = try CaptureFile.packets(from: file.bytes)
        #expect(packets.count == 5)
        // Block i ends where block i + 1 starts; the file may end after any block.
        let boundaries = Array(file.blockOffsets.dropFirst()) + [file.bytes.count]
        var packetsBefore: [Int: Int] = [:]
        var count = 0
        for (end, type) in zip(boundaries, file.blockTypes) {
            count += PcapngBuilder.isPacketBlock(type) ? 1 : 0
            packetsBefore[end] = count
        }
        for length in 0..<file.bytes.count {
            let prefix = Array(file.bytes.prefix(length))
            if let expected = packetsBefore[length] {
                #expect(try CaptureFile.packets(from: prefix) == Array(packets.prefix(expected)), "prefix \(length)")
            } else {
                expectError(.truncated, prefix, "prefix \(length)")
            }
        }
    }

    @Test("bad magic and unsupported version")
    func badHeaders() {
        expectError(.badMagic, Array(repeating: 0, count: 24))
        expectError(.badMagic, Array("GET / HTTP/1.1\r\nHost: example\r\n".utf8))
        expectError(.truncated, [])
        expectError(.truncated, [0xD4, 0xC3, 0xB2])

        var bytes = PcapWriter().bytes
        bytes[4] = 3
        let error = expectError(.unsupportedVersion, bytes)
        #expect(error?.offset == 4)
    }

    @Test("a short read names the field, its need and what is left, at its offset from the start of the file")
    func truncationDetail() {
        var error = expectError(.truncated, [0xD4, 0xC3, 0xB2])
        #expect(error?.offset == 0)
        #expect(error?.detail == "file magic number needs 4 bytes, 3 left")

        error = expectError(.truncated, [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0])
        #expect(error?.offset == 0)
        #expect(error?.detail == "pcap file header needs 24 bytes, 10 left")

        // A record of 60 bytes cut after 7 of them: the record's own length check reports it.
        let bytes = Array(Self.smallPcap().bytes.dropLast(53))
        error = expectError(.truncated, bytes)
        #expect(error?.offset == 24 + 16 + 16 + 1)
        #expect(error?.detail == "record data needs 60 bytes, 7 left")
    }

    @Test("captured length beyond the end of the file is .truncated at the record")
    func capturedLengthBeyondEnd() {
        var bytes = Self.smallPcap().bytes
        bytes.removeLast()
        let lastRecord = 24 + 16 + (16 + 1)
        let error = expectError(.truncated, bytes)
        #expect(error?.offset == lastRecord)
    }

    @Test("captured length beyond the snapshot length or 256 MiB is .invalidLength")
    func hugeCapturedLength() {
        var bytes = Self.smallPcap().bytes
        // Second record's captured length := 262145 (> snaplen 262144).
        bytes.replaceSubrange(48..<52, with: [0x01, 0x00, 0x04, 0x00])
        var error = expectError(.invalidLength, bytes)
        #expect(error?.offset == 48)

        // Snapshot length 0xffffffff, captured length 0x7fffffff: over the 256 MiB limit.
        bytes = Self.smallPcap().bytes
        bytes.replaceSubrange(16..<20, with: [0xFF, 0xFF, 0xFF, 0xFF])
        bytes.replaceSubrange(48..<52, with: [0xFF, 0xFF, 0xFF, 0x7F])
        error = expectError(.invalidLength, bytes)
        #expect(error?.offset == 48)

        // Snapshot length 0 means no limit other than 256 MiB.
        bytes = Self.smallPcap().bytes
        bytes.replaceSubrange(16..<20, with: [0, 0, 0, 0])
        #expect(throws: Never.self) { try CaptureFile.packets(from: bytes) }
    }

    @Test("trailing garbage shorter than a record header is .truncated")
    func trailingGarbage() {
        let bytes = Self.smallPcap().bytes
        for extra in 1..<16 {
            let error = expectError(.truncated, bytes + Array(repeating: 0xAB, count: extra))
            #expect(error?.offset == bytes.count)
        }
    }

    @Test("big-endian and nanosecond classic pcap headers")
    func otherPcapVariants() throws {
        func bigEndian(_ value: UInt32) -> [UInt8] {
            (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        let header =
            [0xA1, 0xB2, 0x3C, 0x4D, 0x00, 0x02, 0x00, 0x04] + bigEndian(0) + bigEndian(0)
            + bigEndian(65_535) + bigEndian(0x1000_0001)
        let record = bigEndian(1_600_000_000) + bigEndian(999_999_999) + bigEndian(3) + bigEndian(70) + [7, 8, 9]
        let packets = try CaptureFile.packets(from: header + record)
        #expect(
            packets == [
                CapturedPacket(
                    timestamp: CaptureTimestamp(seconds: 1_600_000_000, nanoseconds: 999_999_999),
                    data: [7, 8, 9],
                    originalLength: 70
                )
            ]
        )
    }

    @Test("a microsecond field of a second or more is carried into the seconds")
    func microsecondCarry() throws {
        var bytes = PcapWriter().bytes
        bytes += [10, 0, 0, 0] + [0xA0, 0x25, 0x26, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]  // 2_500_000 µs
        #expect(
            try CaptureFile.packets(from: bytes).map(\.timestamp)
                == [CaptureTimestamp(seconds: 12, nanoseconds: 500_000_000)]
        )
    }

    @Test("CaptureError compares by code and describes itself")
    func errorDescription() {
        let error = CaptureError(code: .truncated, offset: 40, detail: "record data")
        #expect(error == CaptureError(code: .truncated, offset: 0, detail: "other"))
        #expect(error != CaptureError(code: .invalidBlock, offset: 40, detail: "record data"))
        #expect(error.description == "truncated at offset 40: record data")
    }

    private func checkPrefixes(
        of bytes: [UInt8],
        packets: [CapturedPacket],
        boundaries: [Int],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            if let index = boundaries.firstIndex(of: length) {
                #expect(
                    try CaptureFile.packets(from: prefix) == Array(packets.prefix(index)),
                    "prefix \(length)",
                    sourceLocation: sourceLocation
                )
            } else {
                expectError(.truncated, prefix, "prefix \(length)", sourceLocation: sourceLocation)
            }
        }
    }
}
