/// The `nlmsg_flags` of a netlink message (`NLM_F_*`).
///
/// The values from 0x100 up mean different things for a GET request, a NEW request and an acknowledgement; each
/// meaning has its own constant.
public struct NetlinkMessageFlags: OptionSet, Hashable, Sendable {
    /// The `nlmsg_flags` value.
    public var rawValue: UInt16

    /// Wraps an `nlmsg_flags` value.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// `NLM_F_REQUEST`: a request (every message sent to the kernel carries it).
    public static let request = NetlinkMessageFlags(rawValue: 0x01)
    /// `NLM_F_MULTI`: a part of a multipart message, ended by `NLMSG_DONE`.
    public static let multipart = NetlinkMessageFlags(rawValue: 0x02)
    /// `NLM_F_ACK`: reply with an acknowledgement (an `NLMSG_ERROR` with errno 0) on success.
    public static let acknowledge = NetlinkMessageFlags(rawValue: 0x04)
    /// `NLM_F_ECHO`: echo this request.
    public static let echo = NetlinkMessageFlags(rawValue: 0x08)
    /// `NLM_F_DUMP_INTR`: the dump was interrupted by a change and may be inconsistent; dump again.
    public static let dumpInterrupted = NetlinkMessageFlags(rawValue: 0x10)
    /// `NLM_F_DUMP_FILTERED`: the dump was filtered as the request asked.
    public static let dumpFiltered = NetlinkMessageFlags(rawValue: 0x20)

    /// `NLM_F_ROOT` (GET requests): return the whole table.
    public static let root = NetlinkMessageFlags(rawValue: 0x100)
    /// `NLM_F_MATCH` (GET requests): return every entry that matches.
    public static let match = NetlinkMessageFlags(rawValue: 0x200)
    /// `NLM_F_DUMP` (GET requests): ``root`` and ``match``, a dump.
    public static let dump: NetlinkMessageFlags = [.root, .match]

    /// `NLM_F_REPLACE` (NEW requests): replace an existing object.
    public static let replace = NetlinkMessageFlags(rawValue: 0x100)
    /// `NLM_F_EXCL` (NEW requests): do not touch an existing object.
    public static let exclusive = NetlinkMessageFlags(rawValue: 0x200)
    /// `NLM_F_CREATE` (NEW requests): create the object if it does not exist.
    public static let create = NetlinkMessageFlags(rawValue: 0x400)

    /// `NLM_F_CAPPED` (acknowledgements): the original request is cut to its header.
    public static let capped = NetlinkMessageFlags(rawValue: 0x100)
    /// `NLM_F_ACK_TLVS` (acknowledgements): extended acknowledgement attributes follow.
    public static let acknowledgementAttributes = NetlinkMessageFlags(rawValue: 0x200)
}
