/// Builds a classic little-endian pcap file in memory.
///
/// The file header is magic `d4 c3 b2 a1` (microseconds) or `4d 3c b2 a1` (nanoseconds) on disk, version 2.4,
/// time zone and sigfigs 0, the snapshot length (262144 by default, as tcpdump and dumpcap write), and the link
/// type. The writer never fails; values that a pcap record cannot hold are adjusted as each method describes.
public struct PcapWriter: Hashable, Sendable {
    /// The default snapshot length, 262144 bytes, matching current tcpdump and dumpcap.
    public static let defaultSnapshotLength: UInt32 = 262_144

    /// The link type written in the file header.
    public let linkType: LinkType

    /// Whether record timestamps are written in nanoseconds rather than microseconds.
    public let nanosecondResolution: Bool

    /// The snapshot length written in the file header; longer packets are cut to it (0 means no limit).
    public let snapshotLength: UInt32

    /// The number of packets appended so far.
    public private(set) var packetCount = 0

    /// The file written so far: the header followed by every appended record.
    public private(set) var bytes: [UInt8]

    /// Starts a file holding just the 24-byte header.
    ///
    /// - Parameters:
    ///   - linkType: the link type of every packet in the file.
    ///   - nanosecondResolution: write nanosecond timestamps (magic `0xa1b23c4d`) instead of microseconds.
    ///   - snapshotLength: the snapshot length for the header; packets are cut to it.
    public init(
        linkType: LinkType = .ethernet,
        nanosecondResolution: Bool = false,
        snapshotLength: UInt32 = PcapWriter.defaultSnapshotLength
    ) {
        self.linkType = linkType
        self.nanosecondResolution = nanosecondResolution
        self.snapshotLength = snapshotLength
        self.bytes = []
        bytes.reserveCapacity(PcapReader.fileHeaderLength)
        appendLittleEndian(nanosecondResolution ? UInt32(0xA1B2_3C4D) : UInt32(0xA1B2_C3D4))
        appendLittleEndian(UInt16(2))
        appendLittleEndian(UInt16(4))
        appendLittleEndian(UInt32(0))
        appendLittleEndian(UInt32(0))
        appendLittleEndian(snapshotLength)
        appendLittleEndian(linkType.rawValue)
    }

    /// Appends one record.
    ///
    /// The packet's own link type is not recorded (a pcap file has one, ``linkType``). Data longer than the
    /// snapshot length is cut to it. Seconds outside `0...UInt32.max` are clamped to that range, and the
    /// original length is clamped to `capturedLength...UInt32.max`.
    /// In microsecond mode the nanoseconds are truncated to whole microseconds.
    public mutating func append(_ packet: CapturedPacket) {
        var data = packet.data[...]
        if snapshotLength != 0, let limit = Int(exactly: snapshotLength), data.count > limit {
            data = data.prefix(limit)
        }
        let capturedLength = UInt32(clamping: data.count)
        data = data.prefix(Int(capturedLength))
        let originalLength = max(UInt32(clamping: packet.originalLength), capturedLength)

        // Re-normalise in case `nanoseconds` was set to a second or more after initialisation.
        let timestamp = CaptureTimestamp(seconds: packet.timestamp.seconds, nanoseconds: packet.timestamp.nanoseconds)
        let nanoseconds = timestamp.nanoseconds
        appendLittleEndian(UInt32(clamping: timestamp.seconds))
        appendLittleEndian(nanosecondResolution ? nanoseconds : nanoseconds / 1_000)
        appendLittleEndian(capturedLength)
        appendLittleEndian(originalLength)
        bytes.append(contentsOf: data)
        packetCount += 1
    }

    /// Appends one complete frame (original length = captured length) captured at `timestamp`.
    public mutating func append(frame: [UInt8], at timestamp: CaptureTimestamp) {
        append(CapturedPacket(timestamp: timestamp, data: frame, linkType: linkType))
    }

    private mutating func appendLittleEndian(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    private mutating func appendLittleEndian(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }
}
