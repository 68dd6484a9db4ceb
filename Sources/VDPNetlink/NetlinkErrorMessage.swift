/// The payload of an `NLMSG_ERROR` message (`struct nlmsgerr`): an error, or with errno 0 an acknowledgement,
/// for the request whose header it repeats.
public struct NetlinkErrorMessage: Hashable, Sendable {
    /// `NLMSGERR_ATTR_MSG`: the extended acknowledgement attribute holding a message text.
    public static let messageAttributeType: UInt16 = 1

    /// The `errno` of the failure as a positive number (the wire carries it negated); 0 for an acknowledgement.
    public var errno: Int32
    /// The header of the request answered.
    public var request: NetlinkMessageHeader
    /// The kernel's explanation (`NLMSGERR_ATTR_MSG`), when the socket asked for extended acknowledgements
    /// (`NETLINK_EXT_ACK`) and the kernel gave one.
    public var message: String?

    /// Whether this is an acknowledgement (errno 0), not an error.
    public var isAcknowledgement: Bool { errno == 0 }

    /// Reads the payload of `message`, which must be an `NLMSG_ERROR`.
    ///
    /// - Throws: ``NetlinkDecodingError/Code/unexpectedMessage`` for another type,
    ///   ``NetlinkDecodingError/Code/truncated`` when the payload is shorter than the error code and the
    ///   request's header, ``NetlinkDecodingError/Code/invalidValue`` for a positive error code (or one that
    ///   cannot be negated).
    public init(decoding message: NetlinkMessage) throws(NetlinkDecodingError) {
        guard message.header.type == .error else {
            throw NetlinkDecodingError(.unexpectedMessage, field: "nlmsghdr.nlmsg_type", offset: message.offset)
        }
        let payload = message.payload
        guard let code = NativeBytes.load(Int32.self, from: payload, at: payload.startIndex) else {
            throw NetlinkDecodingError(.truncated, field: "nlmsgerr.error", offset: payload.startIndex)
        }
        guard code <= 0, code != Int32.min else {
            throw NetlinkDecodingError(.invalidValue, field: "nlmsgerr.error", offset: payload.startIndex)
        }
        let requestStart = payload.startIndex + 4
        let request = try NetlinkMessageHeader(decoding: payload, at: requestStart)
        self.errno = -code
        self.request = request
        self.message = nil
        guard message.header.flags.contains(.acknowledgementAttributes) else {
            return
        }
        // The attributes follow the request: its header alone when capped, else the whole request as sent.
        let requestLength =
            message.header.flags.contains(.capped)
            ? NetlinkMessageHeader.size : (NativeBytes.aligned(Int(request.length)) ?? Int.max)
        guard requestLength <= payload.endIndex - requestStart else {
            throw NetlinkDecodingError(.truncated, field: "nlmsgerr.msg", offset: requestStart)
        }
        let attributes = try NetlinkAttribute.attributes(in: payload[(requestStart + requestLength)...])
        self.message = try attributes.last(ofType: Self.messageAttributeType)?.string(field: "NLMSGERR_ATTR_MSG")
    }
}
