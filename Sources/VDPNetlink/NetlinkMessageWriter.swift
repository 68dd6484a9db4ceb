/// Builds one netlink message: the header, a family's fixed header, then attributes (nested ones too), each
/// padded to four octets; ``bytes`` holds the message with `nlmsg_len` filled in.
///
/// ```swift
/// var writer = NetlinkMessageWriter(type: .getLink, flags: [.request, .dump], sequence: 1)
/// writer.append(InterfaceInfoMessage().encoded)
/// try writer.appendAttribute(type: 29, uint32: 1)  // IFLA_EXT_MASK: RTEXT_FILTER_VF
/// socket.send(writer.bytes)
/// ```
public struct NetlinkMessageWriter: Sendable {
    /// The largest message: `nlmsg_len` is 32 bits, but no socket takes more than this.
    public static let maximumLength = 1 << 20

    /// The message so far, `nlmsg_len` included.
    public private(set) var bytes: [UInt8]

    /// Starts a message with a header.
    ///
    /// - Parameters:
    ///   - type: `nlmsg_type`.
    ///   - flags: `nlmsg_flags`; a message to the kernel carries ``NetlinkMessageFlags/request``.
    ///   - sequence: `nlmsg_seq`, echoed in the replies.
    ///   - portID: `nlmsg_pid`: 0 lets the kernel fill in the sender's.
    public init(type: NetlinkMessageType, flags: NetlinkMessageFlags, sequence: UInt32, portID: UInt32 = 0) {
        let header = NetlinkMessageHeader(
            length: UInt32(NetlinkMessageHeader.size),
            type: type,
            flags: flags,
            sequence: sequence,
            portID: portID
        )
        self.bytes = header.encoded
    }

    /// Appends `octets` (a family's fixed header, such as an `ifinfomsg`), padded to four octets.
    ///
    /// - Throws: ``NetlinkEncodingError`` when the message would exceed ``maximumLength``.
    public mutating func append(_ octets: [UInt8]) throws(NetlinkEncodingError) {
        try appendPadded(octets, attributeType: nil)
    }

    /// Appends an attribute with `payload`, padded to four octets.
    ///
    /// - Parameters:
    ///   - type: `nla_type`, flags included if the receiver wants them.
    ///   - payload: the payload.
    /// - Throws: ``NetlinkEncodingError`` when the payload does not fit `nla_len` (65,531 octets at most) or the
    ///   message would exceed ``maximumLength``.
    public mutating func appendAttribute(type: UInt16, payload: [UInt8]) throws(NetlinkEncodingError) {
        let length = NetlinkAttribute.headerSize + payload.count
        guard let encodedLength = UInt16(exactly: length) else {
            throw NetlinkEncodingError(attributeType: type, length: length)
        }
        try appendPadded(
            NativeBytes.octets(of: encodedLength) + NativeBytes.octets(of: type) + payload,
            attributeType: type
        )
    }

    /// Appends an attribute holding one octet.
    public mutating func appendAttribute(type: UInt16, uint8 value: UInt8) throws(NetlinkEncodingError) {
        try appendAttribute(type: type, payload: [value])
    }

    /// Appends an attribute holding a 16-bit value in host byte order.
    public mutating func appendAttribute(type: UInt16, uint16 value: UInt16) throws(NetlinkEncodingError) {
        try appendAttribute(type: type, payload: NativeBytes.octets(of: value))
    }

    /// Appends an attribute holding a 32-bit value in host byte order.
    public mutating func appendAttribute(type: UInt16, uint32 value: UInt32) throws(NetlinkEncodingError) {
        try appendAttribute(type: type, payload: NativeBytes.octets(of: value))
    }

    /// Appends an attribute holding a 64-bit value in host byte order.
    public mutating func appendAttribute(type: UInt16, uint64 value: UInt64) throws(NetlinkEncodingError) {
        try appendAttribute(type: type, payload: NativeBytes.octets(of: value))
    }

    /// Appends an attribute holding `string` in UTF-8 and a terminating NUL.
    public mutating func appendAttribute(type: UInt16, string: String) throws(NetlinkEncodingError) {
        try appendAttribute(type: type, payload: Array(string.utf8) + [0])
    }

    /// Appends an attribute whose payload is the attributes `body` appends.
    ///
    /// - Parameters:
    ///   - type: `nla_type` without flags.
    ///   - markNested: whether to set `NLA_F_NESTED` in the type (newer kernel families require it; the older
    ///     rtnetlink attributes such as `IFLA_VF_PORTS` are sent without it).
    ///   - body: appends the inner attributes to the writer it is given.
    /// - Throws: ``NetlinkEncodingError`` when the nested payload does not fit `nla_len`, or what `body` throws.
    public mutating func appendNestedAttribute(
        type: UInt16,
        markNested: Bool = true,
        _ body: (inout NetlinkMessageWriter) throws -> Void
    ) throws {
        let rawType = markNested ? type | NetlinkAttribute.nestedFlag : type
        let start = bytes.count
        try appendAttribute(type: rawType, payload: [])
        do {
            try body(&self)
        } catch {
            bytes.removeSubrange(start...)
            setMessageLength()
            throw error
        }
        let length = bytes.count - start
        guard let encodedLength = UInt16(exactly: length) else {
            bytes.removeSubrange(start...)
            setMessageLength()
            throw NetlinkEncodingError(attributeType: type, length: length)
        }
        NativeBytes.store(encodedLength, into: &bytes, at: start)
    }

    private mutating func appendPadded(_ octets: [UInt8], attributeType: UInt16?) throws(NetlinkEncodingError) {
        let padded = NativeBytes.aligned(octets.count) ?? Int.max
        guard padded <= Self.maximumLength - bytes.count else {
            throw NetlinkEncodingError(attributeType: attributeType, length: octets.count)
        }
        bytes += octets
        bytes += [UInt8](repeating: 0, count: padded - octets.count)
        setMessageLength()
    }

    private mutating func setMessageLength() {
        NativeBytes.store(UInt32(truncatingIfNeeded: bytes.count), into: &bytes, at: 0)
    }
}
