/// The fixed header of an rtnetlink link message (`struct ifinfomsg`, 16 octets), in host byte order; the
/// link attributes (``LinkAttributeType``) follow it.
public struct InterfaceInfoMessage: Hashable, Sendable {
    /// The size of the structure: 16 octets.
    public static let size = 16
    /// `IFF_UP`: administratively up.
    public static let flagUp: UInt32 = 0x1
    /// `IFF_RUNNING`: operationally up (RFC 2863 `up`).
    public static let flagRunning: UInt32 = 0x40
    /// `IFF_LOWER_UP`: the driver reports a carrier.
    public static let flagLowerUp: UInt32 = 0x1_0000

    /// `ifi_family`: `AF_UNSPEC` (0) for links.
    public var family: UInt8
    /// `ifi_type`: the ARP hardware type (`ARPHRD_ETHER`, 1, for Ethernet and veth).
    public var deviceType: UInt16
    /// `ifi_index`: the interface index; 0 in a request that names the link with `IFLA_IFNAME` instead.
    public var index: Int32
    /// `ifi_flags`: the `IFF_*` flags.
    public var flags: UInt32
    /// `ifi_change`: which flags a request changes (notifications leave it unreliable).
    public var change: UInt32

    /// Creates the structure; the defaults make the header of a link dump request.
    public init(family: UInt8 = 0, deviceType: UInt16 = 0, index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        self.family = family
        self.deviceType = deviceType
        self.index = index
        self.flags = flags
        self.change = change
    }

    /// Reads the structure at the start of `bytes`.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/truncated`` when fewer than 16 octets are there.
    public init(decoding bytes: ArraySlice<UInt8>) throws(NetlinkDecodingError) {
        let start = bytes.startIndex
        guard let family = NativeBytes.load(UInt8.self, from: bytes, at: start),
            let deviceType = NativeBytes.load(UInt16.self, from: bytes, at: start + 2),
            let index = NativeBytes.load(Int32.self, from: bytes, at: start + 4),
            let flags = NativeBytes.load(UInt32.self, from: bytes, at: start + 8),
            let change = NativeBytes.load(UInt32.self, from: bytes, at: start + 12)
        else {
            throw NetlinkDecodingError(.truncated, field: "ifinfomsg", offset: start)
        }
        self.init(family: family, deviceType: deviceType, index: index, flags: flags, change: change)
    }

    /// The 16 octets of the structure.
    public var encoded: [UInt8] {
        [family, 0] + NativeBytes.octets(of: deviceType) + NativeBytes.octets(of: index)
            + NativeBytes.octets(of: flags) + NativeBytes.octets(of: change)
    }
}
