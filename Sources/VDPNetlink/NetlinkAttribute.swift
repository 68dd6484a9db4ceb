/// One netlink attribute (`struct nlattr`, the same layout as rtnetlink's `struct rtattr`): a 4-octet header
/// (`nla_len`, `nla_type`) and a payload.
///
/// The payload is a slice of the buffer the attribute was read from, so its indices are offsets into that
/// buffer. Its meaning depends on the type and on the message holding it; the accessors read the common
/// payload kinds and check their sizes.
public struct NetlinkAttribute: Hashable, Sendable {
    /// The size of the attribute header: 4 octets (`NLA_HDRLEN`).
    public static let headerSize = 4
    /// `NLA_F_NESTED`: the payload is a sequence of attributes (not every sender sets it).
    public static let nestedFlag: UInt16 = 0x8000
    /// `NLA_F_NET_BYTEORDER`: the payload is in network byte order.
    public static let networkByteOrderFlag: UInt16 = 0x4000

    /// `nla_type` as on the wire, flags included.
    public var rawType: UInt16
    /// The octets after the header, up to `nla_len` (alignment padding excluded).
    public var payload: ArraySlice<UInt8>

    /// Creates an attribute from its wire type and payload.
    public init(rawType: UInt16, payload: ArraySlice<UInt8>) {
        self.rawType = rawType
        self.payload = payload
    }

    /// The type without the flags (`nla_type & NLA_TYPE_MASK`).
    public var type: UInt16 { rawType & ~(Self.nestedFlag | Self.networkByteOrderFlag) }
    /// Whether the sender marked the payload as nested attributes (`NLA_F_NESTED`).
    public var isMarkedNested: Bool { rawType & Self.nestedFlag != 0 }
    /// Whether the sender marked the payload as network byte order (`NLA_F_NET_BYTEORDER`).
    public var isNetworkByteOrder: Bool { rawType & Self.networkByteOrderFlag != 0 }
    /// The offset of the attribute's header in the buffer it was read from.
    public var offset: Int { payload.startIndex - Self.headerSize }

    /// Every attribute in `bytes`, as ``NetlinkAttributeIterator`` reads them.
    ///
    /// - Throws: the first ``NetlinkDecodingError`` the iterator meets.
    public static func attributes(in bytes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> [NetlinkAttribute] {
        var iterator = NetlinkAttributeIterator(bytes)
        var attributes: [NetlinkAttribute] = []
        while let attribute = try iterator.next() {
            attributes.append(attribute)
        }
        return attributes
    }

    /// The payload read as a sequence of attributes, whether or not ``isMarkedNested`` is set.
    ///
    /// - Throws: what ``NetlinkAttributeIterator`` throws for the payload.
    public func nestedAttributes() throws(NetlinkDecodingError) -> [NetlinkAttribute] {
        try Self.attributes(in: payload)
    }

    /// The payload as an unsigned 8-bit value.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/lengthMismatch`` unless the payload is exactly one octet.
    public func uint8(field: @autoclosure () -> String = "nlattr") throws(NetlinkDecodingError) -> UInt8 {
        try integer(UInt8.self, field: field())
    }

    /// The payload as an unsigned 16-bit value in host byte order.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/lengthMismatch`` unless the payload is exactly two octets.
    public func uint16(field: @autoclosure () -> String = "nlattr") throws(NetlinkDecodingError) -> UInt16 {
        try integer(UInt16.self, field: field())
    }

    /// The payload as an unsigned 32-bit value in host byte order.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/lengthMismatch`` unless the payload is exactly four octets.
    public func uint32(field: @autoclosure () -> String = "nlattr") throws(NetlinkDecodingError) -> UInt32 {
        try integer(UInt32.self, field: field())
    }

    /// The payload as an unsigned 64-bit value in host byte order.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/lengthMismatch`` unless the payload is exactly eight octets.
    public func uint64(field: @autoclosure () -> String = "nlattr") throws(NetlinkDecodingError) -> UInt64 {
        try integer(UInt64.self, field: field())
    }

    /// The payload as a signed 32-bit value in host byte order.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/lengthMismatch`` unless the payload is exactly four octets.
    public func int32(field: @autoclosure () -> String = "nlattr") throws(NetlinkDecodingError) -> Int32 {
        try integer(Int32.self, field: field())
    }

    /// The payload as a string: UTF-8 up to the first NUL (or to the end when there is none, as some senders
    /// leave it out).
    ///
    /// - Throws: ``NetlinkDecodingError/Code/invalidValue`` when the octets are not UTF-8.
    public func string(field: @autoclosure () -> String = "nlattr") throws(NetlinkDecodingError) -> String {
        let end = payload.firstIndex(of: 0) ?? payload.endIndex
        guard let text = String(validating: payload[payload.startIndex..<end], as: UTF8.self) else {
            throw NetlinkDecodingError(.invalidValue, field: field(), offset: payload.startIndex)
        }
        return text
    }

    private func integer<T: FixedWidthInteger>(_: T.Type, field: String) throws(NetlinkDecodingError) -> T {
        guard payload.count == MemoryLayout<T>.size,
            let value = NativeBytes.load(T.self, from: payload, at: payload.startIndex)
        else {
            throw NetlinkDecodingError(.lengthMismatch, field: field, offset: offset)
        }
        return value
    }
}

extension Array where Element == NetlinkAttribute {
    /// The last attribute of type `type` (flags ignored), as the kernel's `nla_parse` keeps the last of
    /// duplicates.
    public func last(ofType type: UInt16) -> NetlinkAttribute? {
        last { $0.type == type }
    }
}
