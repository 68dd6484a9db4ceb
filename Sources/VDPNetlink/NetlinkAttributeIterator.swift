/// Reads the netlink attributes of a byte range one after the other.
///
/// Each attribute starts at a four-octet boundary after the previous one (`NLA_ALIGN`); the padding after the
/// last one may be missing. An `nla_len` shorter than the 4-octet header, or running past the end of the range
/// (which, for a nested attribute, is the end of its parent's payload), ends the iteration with a typed error.
/// Trailing octets too few to hold a header are an error too (the kernel's `nla_parse` reports them).
public struct NetlinkAttributeIterator: Sendable {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private var failed = false

    /// Starts at the beginning of `bytes`; offsets in errors and payload indices are indices into its base.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// The next attribute, or `nil` at the end of the range (or after an error).
    ///
    /// - Throws: ``NetlinkDecodingError/Code/truncated`` when fewer than 4 or fewer than `nla_len` octets
    ///   remain, ``NetlinkDecodingError/Code/invalidLength`` when `nla_len` is under 4.
    public mutating func next() throws(NetlinkDecodingError) -> NetlinkAttribute? {
        guard !failed, position < bytes.endIndex else {
            return nil
        }
        let start = position
        guard let length = NativeBytes.load(UInt16.self, from: bytes, at: start),
            let rawType = NativeBytes.load(UInt16.self, from: bytes, at: start + 2)
        else {
            failed = true
            throw NetlinkDecodingError(.truncated, field: "nlattr", offset: start)
        }
        let size = Int(length)
        guard size >= NetlinkAttribute.headerSize else {
            failed = true
            throw NetlinkDecodingError(.invalidLength, field: "nlattr.nla_len", offset: start)
        }
        guard size <= bytes.endIndex - start else {
            failed = true
            throw NetlinkDecodingError(.truncated, field: "nlattr.nla_len", offset: start)
        }
        position = min(start + (NativeBytes.aligned(size) ?? size), bytes.endIndex)
        return NetlinkAttribute(
            rawType: rawType,
            payload: bytes[(start + NetlinkAttribute.headerSize)..<(start + size)]
        )
    }
}
