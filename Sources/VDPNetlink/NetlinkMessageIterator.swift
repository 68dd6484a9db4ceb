/// Reads the netlink messages of a receive buffer one after the other.
///
/// Each message starts at a four-octet boundary after the previous one (`NLMSG_ALIGN`); the padding after the
/// last message may be missing. Every length is checked before it is used: a header that does not fit, an
/// `nlmsg_len` shorter than the header or running past the end of the buffer ends the iteration with a typed
/// error. `NLMSG_DONE`, `NLMSG_ERROR` and every other type are returned as they are; reading their payloads is
/// the caller's business (see ``NetlinkErrorMessage``).
public struct NetlinkMessageIterator: Sendable {
    private let buffer: ArraySlice<UInt8>
    private var position: Int
    private var failed = false

    /// Starts at the beginning of `buffer`; offsets in errors and payload indices are indices into it.
    public init(_ buffer: ArraySlice<UInt8>) {
        self.buffer = buffer
        self.position = buffer.startIndex
    }

    /// The next message, or `nil` at the end of the buffer (or after an error).
    ///
    /// - Throws: ``NetlinkDecodingError/Code/truncated`` when fewer than 16 octets or fewer than `nlmsg_len`
    ///   octets remain, ``NetlinkDecodingError/Code/invalidLength`` when `nlmsg_len` is under 16.
    public mutating func next() throws(NetlinkDecodingError) -> NetlinkMessage? {
        guard !failed, position < buffer.endIndex else {
            return nil
        }
        let start = position
        do throws(NetlinkDecodingError) {
            let header = try NetlinkMessageHeader(decoding: buffer, at: start)
            guard header.length >= UInt32(NetlinkMessageHeader.size) else {
                throw NetlinkDecodingError(.invalidLength, field: "nlmsghdr.nlmsg_len", offset: start)
            }
            guard let length = Int(exactly: header.length), length <= buffer.endIndex - start else {
                throw NetlinkDecodingError(.truncated, field: "nlmsghdr.nlmsg_len", offset: start)
            }
            let end = start + length
            position = min(start + (NativeBytes.aligned(length) ?? length), buffer.endIndex)
            return NetlinkMessage(header: header, payload: buffer[(start + NetlinkMessageHeader.size)..<end])
        } catch {
            failed = true
            throw error
        }
    }
}
