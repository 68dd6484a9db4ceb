/// The `nlmsg_type` of a netlink message: a control type (`NLMSG_*`) or a family's own (`RTM_*`).
///
/// A raw value with named constants for the types this module reads and writes; any other value is kept as it is.
public struct NetlinkMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `nlmsg_type` value.
    public var rawValue: UInt16

    /// Wraps an `nlmsg_type` value.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// `NLMSG_NOOP` (1): to be ignored.
    public static let noop = NetlinkMessageType(rawValue: 1)
    /// `NLMSG_ERROR` (2): an error, or with errno 0 an acknowledgement; see ``NetlinkErrorMessage``.
    public static let error = NetlinkMessageType(rawValue: 2)
    /// `NLMSG_DONE` (3): the end of a multipart message (a dump).
    public static let done = NetlinkMessageType(rawValue: 3)
    /// `NLMSG_OVERRUN` (4): data lost (unused by the kernel today).
    public static let overrun = NetlinkMessageType(rawValue: 4)
    /// `RTM_NEWLINK` (16): a link's state (a dump entry, a notification, or a request to create/change one).
    public static let newLink = NetlinkMessageType(rawValue: 16)
    /// `RTM_DELLINK` (17): a link removed (a notification), or a request to remove one.
    public static let deleteLink = NetlinkMessageType(rawValue: 17)
    /// `RTM_GETLINK` (18): a request for one link or, with ``NetlinkMessageFlags/dump``, every link.
    public static let getLink = NetlinkMessageType(rawValue: 18)
    /// `RTM_SETLINK` (19): a request to change a link.
    public static let setLink = NetlinkMessageType(rawValue: 19)

    /// Whether this is a control type (`NLMSG_MIN_TYPE`, 16, and above are a family's own).
    public var isControl: Bool { rawValue < 16 }

    /// The C name (`RTM_NEWLINK`), or the number for a type without a name here.
    public var description: String {
        switch self {
        case .noop: "NLMSG_NOOP"
        case .error: "NLMSG_ERROR"
        case .done: "NLMSG_DONE"
        case .overrun: "NLMSG_OVERRUN"
        case .newLink: "RTM_NEWLINK"
        case .deleteLink: "RTM_DELLINK"
        case .getLink: "RTM_GETLINK"
        case .setLink: "RTM_SETLINK"
        default: "type \(rawValue)"
        }
    }
}
