/// One datagram read from a ``NetlinkSocket``: one or more netlink messages and where they came from.
public struct NetlinkDatagram: Hashable, Sendable {
    /// The octets, to read with ``NetlinkMessageIterator`` or ``NetlinkMessage/messages(in:)``.
    public var bytes: [UInt8]
    /// The sender's port ID: 0 for the kernel, a process's socket otherwise.
    public var senderPortID: UInt32
    /// The multicast groups the datagram was sent to (a bit mask); 0 for a unicast reply.
    public var groups: UInt32

    /// Creates a datagram.
    public init(bytes: [UInt8], senderPortID: UInt32, groups: UInt32) {
        self.bytes = bytes
        self.senderPortID = senderPortID
        self.groups = groups
    }
}
