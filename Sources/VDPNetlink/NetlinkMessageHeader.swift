/// The 16-octet header of every netlink message (`struct nlmsghdr`), in host byte order.
public struct NetlinkMessageHeader: Hashable, Sendable {
    /// The size of the header: 16 octets (`NLMSG_HDRLEN`).
    public static let size = 16

    /// `nlmsg_len`: the length of the message, header included, without trailing alignment padding.
    public var length: UInt32
    /// `nlmsg_type`.
    public var type: NetlinkMessageType
    /// `nlmsg_flags`.
    public var flags: NetlinkMessageFlags
    /// `nlmsg_seq`: the sequence number a request chose, echoed in its replies; 0 in notifications.
    public var sequence: UInt32
    /// `nlmsg_pid`: the sending socket's port ID; 0 for the kernel.
    public var portID: UInt32

    /// Creates a header.
    public init(
        length: UInt32,
        type: NetlinkMessageType,
        flags: NetlinkMessageFlags,
        sequence: UInt32,
        portID: UInt32
    ) {
        self.length = length
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
    }

    /// Reads a header at `offset` (an index into `bytes`), without checking `length` against anything.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/truncated`` when fewer than 16 octets remain.
    public init(decoding bytes: ArraySlice<UInt8>, at offset: Int) throws(NetlinkDecodingError) {
        guard let length = NativeBytes.load(UInt32.self, from: bytes, at: offset),
            let type = NativeBytes.load(UInt16.self, from: bytes, at: offset + 4),
            let flags = NativeBytes.load(UInt16.self, from: bytes, at: offset + 6),
            let sequence = NativeBytes.load(UInt32.self, from: bytes, at: offset + 8),
            let portID = NativeBytes.load(UInt32.self, from: bytes, at: offset + 12)
        else {
            throw NetlinkDecodingError(.truncated, field: "nlmsghdr", offset: offset)
        }
        self.init(
            length: length,
            type: NetlinkMessageType(rawValue: type),
            flags: NetlinkMessageFlags(rawValue: flags),
            sequence: sequence,
            portID: portID
        )
    }

    /// The 16 octets of the header.
    public var encoded: [UInt8] {
        NativeBytes.octets(of: length) + NativeBytes.octets(of: type.rawValue)
            + NativeBytes.octets(of: flags.rawValue) + NativeBytes.octets(of: sequence)
            + NativeBytes.octets(of: portID)
    }
}
