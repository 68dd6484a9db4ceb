internal import VDPWire

/// Parses classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by data.
enum PcapReader {
    /// The length of the file header.
    static let fileHeaderLength = 24

    /// The length of each record header.
    static let recordHeaderLength = 16

    /// The byte order and timestamp unit announced by a pcap magic number.
    struct Variant: Hashable, Sendable {
        /// The byte order of every header field.
        var byteOrder: ByteOrder

        /// Whether the record timestamps count nanoseconds rather than microseconds.
        var nanosecondResolution: Bool

        /// Recognises the four pcap magic numbers, given the first four bytes read as little-endian.
        init?(magic: UInt32) {
            switch magic {
            case 0xA1B2_C3D4: (byteOrder, nanosecondResolution) = (.littleEndian, false)
            case 0xA1B2_3C4D: (byteOrder, nanosecondResolution) = (.littleEndian, true)
            case 0xD4C3_B2A1: (byteOrder, nanosecondResolution) = (.bigEndian, false)
            case 0x4D3C_B2A1: (byteOrder, nanosecondResolution) = (.bigEndian, true)
            default: return nil
            }
        }
    }

    /// Reads every record of a classic pcap file.
    static func packets(from bytes: [UInt8]) throws(CaptureError) -> [CapturedPacket] {
        var reader = ByteReader(bytes, byteOrder: .littleEndian)
        try reader.require(fileHeaderLength, "pcap file header")
        guard let variant = Variant(magic: try reader.readUInt32("magic number")) else {
            throw .badMagic(at: 0, "not a pcap magic number")
        }
        reader.byteOrder = variant.byteOrder
        let major = try reader.readUInt16("major version")
        let minor = try reader.readUInt16("minor version")
        guard major == 2 else {
            throw .unsupportedVersion(at: 4, "pcap version \(major).\(minor), expected 2.x")
        }
        try reader.skip(8, "time zone and sigfigs")
        let snapLength = try reader.readUInt32("snapshot length")
        // Only the low 16 bits hold the link type; the rest carries FCS length and reserved flags.
        let linkType = LinkType(rawValue: try reader.readUInt32("link type") & 0xFFFF)

        var packets: [CapturedPacket] = []
        while !reader.isAtEnd {
            packets.append(
                try readRecord(&reader, variant: variant, snapLength: snapLength, linkType: linkType)
            )
        }
        return packets
    }

    private static func readRecord(
        _ reader: inout ByteReader,
        variant: Variant,
        snapLength: UInt32,
        linkType: LinkType
    ) throws(CaptureError) -> CapturedPacket {
        let recordOffset = reader.position
        guard reader.remaining >= recordHeaderLength else {
            throw .truncated(
                at: recordOffset,
                "record header needs \(recordHeaderLength) bytes, \(reader.remaining) left"
            )
        }
        let seconds = try reader.readUInt32("timestamp seconds")
        let fraction = try reader.readUInt32("timestamp fraction")
        let capturedLength = try reader.readUInt32("captured length")
        let wireLength = try reader.readUInt32("original length")

        guard let length = Int(exactly: capturedLength), length <= CaptureFile.maximumCapturedLength else {
            throw .invalidLength(
                at: recordOffset + 8,
                "captured length \(capturedLength) exceeds the \(CaptureFile.maximumCapturedLength)-byte limit"
            )
        }
        guard snapLength == 0 || capturedLength <= snapLength else {
            throw .invalidLength(
                at: recordOffset + 8,
                "captured length \(capturedLength) exceeds the snapshot length \(snapLength)"
            )
        }
        guard length <= reader.remaining else {
            throw .truncated(
                at: recordOffset,
                "record data needs \(length) bytes, \(reader.remaining) left"
            )
        }
        guard let originalLength = Int(exactly: wireLength) else {
            throw .invalidLength(at: recordOffset + 12, "original length \(wireLength) does not fit in Int")
        }
        let data = try reader.readBytes(length, "record data")
        return CapturedPacket(
            timestamp: timestamp(
                seconds: seconds,
                fraction: fraction,
                nanosecondResolution: variant.nanosecondResolution
            ),
            data: data,
            originalLength: originalLength,
            linkType: linkType
        )
    }

    /// Combines the two record timestamp fields; a fraction of a whole second or more is carried into the seconds.
    private static func timestamp(seconds: UInt32, fraction: UInt32, nanosecondResolution: Bool) -> CaptureTimestamp {
        let unitsPerSecond: UInt32 = nanosecondResolution ? 1_000_000_000 : 1_000_000
        let nanosecondsPerUnit: UInt32 = nanosecondResolution ? 1 : 1_000
        // Both parts are at most 2^32, so the sum cannot overflow Int64.
        let wholeSeconds = Int64(seconds) + Int64(fraction / unitsPerSecond)
        return CaptureTimestamp(seconds: wholeSeconds, nanoseconds: fraction % unitsPerSecond * nanosecondsPerUnit)
    }
}
