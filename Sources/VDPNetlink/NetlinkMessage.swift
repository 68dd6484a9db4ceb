/// One netlink message of a receive buffer: its header and its payload.
///
/// The payload is a slice of the buffer the message was read from, so its indices (and those of every attribute
/// read from it) are offsets into that buffer.
public struct NetlinkMessage: Hashable, Sendable {
    /// The header.
    public var header: NetlinkMessageHeader
    /// The octets after the header, up to `nlmsg_len` (alignment padding excluded).
    public var payload: ArraySlice<UInt8>

    /// Creates a message from a header and a payload.
    public init(header: NetlinkMessageHeader, payload: ArraySlice<UInt8>) {
        self.header = header
        self.payload = payload
    }

    /// The offset of the message's header in the buffer it was read from.
    public var offset: Int { payload.startIndex - NetlinkMessageHeader.size }

    /// Every message in `buffer`, as ``NetlinkMessageIterator`` reads them.
    ///
    /// - Throws: the first ``NetlinkDecodingError`` the iterator meets.
    public static func messages(in buffer: [UInt8]) throws(NetlinkDecodingError) -> [NetlinkMessage] {
        var iterator = NetlinkMessageIterator(buffer[...])
        var messages: [NetlinkMessage] = []
        while let message = try iterator.next() {
            messages.append(message)
        }
        return messages
    }

    /// The attributes that follow a fixed-size family header of `headerSize` octets (the 16-octet `ifinfomsg`
    /// of a link message, say), as ``NetlinkAttributeIterator`` reads them.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/truncated`` when the payload is shorter than `headerSize`, or what
    ///   the attribute iterator throws.
    public func attributes(afterHeaderOfSize headerSize: Int) throws(NetlinkDecodingError) -> [NetlinkAttribute] {
        guard headerSize >= 0, payload.count >= headerSize else {
            throw NetlinkDecodingError(.truncated, field: "\(header.type) payload", offset: payload.startIndex)
        }
        let start = min(payload.startIndex + (NativeBytes.aligned(headerSize) ?? headerSize), payload.endIndex)
        return try NetlinkAttribute.attributes(in: payload[start...])
    }
}
