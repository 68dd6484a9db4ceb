/// The link-layer header type of captured packets (a `LINKTYPE_*` value from the tcpdump.org registry).
///
/// Classic pcap keeps one link type per file; pcapng keeps one per interface. Only the 16-bit link-layer
/// type is kept: the upper bits of the classic pcap header field (FCS length and reserved flags) are dropped.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric `LINKTYPE_*` value.
    public var rawValue: UInt32

    /// Creates a link type from its numeric `LINKTYPE_*` value.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `LINKTYPE_NULL` (0): BSD loopback encapsulation.
    public static let null = LinkType(rawValue: 0)

    /// `LINKTYPE_ETHERNET` (1): IEEE 802.3 Ethernet frames, starting with the destination MAC address.
    public static let ethernet = LinkType(rawValue: 1)

    /// `LINKTYPE_RAW` (101): raw IPv4 or IPv6 packets without a link-layer header.
    public static let raw = LinkType(rawValue: 101)

    /// `LINKTYPE_LINUX_SLL` (113): Linux "cooked" capture encapsulation.
    public static let linuxCooked = LinkType(rawValue: 113)

    /// A short name for well-known link types, otherwise `LINKTYPE(n)`.
    public var description: String {
        switch rawValue {
        case 0: "NULL"
        case 1: "ETHERNET"
        case 101: "RAW"
        case 113: "LINUX_SLL"
        default: "LINKTYPE(\(rawValue))"
        }
    }
}
