internal import VDPWire

/// Reading capture files: classic libpcap (`.pcap`) and pcapng (`.pcapng`).
///
/// Parsing is strict and bounded: every length read from the file is checked against the bytes that are
/// actually present before it is used, nothing is allocated on the strength of an unchecked length, and
/// every failure is a typed ``CaptureError`` carrying the byte offset of the fault.
///
/// A file that ends cleanly after a complete record (pcap) or block (pcapng) is valid, so a strict prefix of a
/// valid file ending exactly at such a boundary reads as the packets before it; a prefix ending anywhere
/// else throws ``CaptureError/Code/truncated``. An empty file is ``CaptureError/Code/truncated``.
///
/// A namespace for static functions: the enum has no cases and never will.
public enum CaptureFile {
    /// The largest captured length accepted for one packet, 256 MiB, whatever the snapshot length says.
    public static let maximumCapturedLength = 256 * 1024 * 1024

    /// Reads every packet of a classic pcap or pcapng file held in memory.
    ///
    /// - Classic pcap: either byte order, microsecond (`0xa1b2c3d4`) or nanosecond (`0xa1b23c4d`) magic,
    ///   major version 2. A snapshot length of 0 is taken as "no limit".
    /// - pcapng: any number of sections in either byte order (major version 1); Interface Description Blocks
    ///   with `if_tsresol` and `if_tsoffset`; Enhanced, Simple, and obsolete Packet Blocks. Other block types
    ///   are skipped after their framing is checked. Simple Packet Blocks carry no time and get
    ///   ``CaptureTimestamp/zero``.
    ///
    /// - Parameter bytes: the whole file.
    /// - Returns: the packets in file order.
    /// - Throws: ``CaptureError`` describing the first problem found.
    public static func packets(from bytes: [UInt8]) throws(CaptureError) -> [CapturedPacket] {
        var reader = ByteReader(bytes, byteOrder: .littleEndian)
        let magic = try reader.readUInt32("file magic number")
        if magic == PcapngReader.sectionHeaderBlockType {
            return try PcapngReader.packets(from: bytes)
        }
        if PcapReader.Variant(magic: magic) != nil {
            return try PcapReader.packets(from: bytes)
        }
        throw .badMagic(at: 0, "unknown file magic number 0x\(String(magic, radix: 16))")
    }
}
