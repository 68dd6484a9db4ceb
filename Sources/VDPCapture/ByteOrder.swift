/// The byte order of the multi-byte fields of a pcap file or pcapng section.
enum ByteOrder: Hashable, Sendable {
    case littleEndian
    case bigEndian
}
