/// Why a netlink request was refused: the `errno` lldpad answers with in `NLMSG_ERROR`, and a reason for the log.
public struct LldpadNetlinkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The positive `errno` (`EINVAL`, `ENODEV`, …); the answer carries its negation.
    public var errno: Int32
    /// What was wrong, for the log.
    public var reason: String

    /// Creates an error.
    public init(errno: Int32, _ reason: String) {
        self.errno = errno
        self.reason = reason
    }

    /// `EINVAL` (22): a malformed or inconsistent attribute.
    public static let invalidArgument: Int32 = 22
    /// `ENODEV` (19): no VDP on that interface, or a message type lldpad does not serve.
    public static let noDevice: Int32 = 19
    /// `ENXIO` (6): no interface name in the request and none for its index.
    public static let noSuchDeviceOrAddress: Int32 = 6
    /// `E2BIG` (7): more filter entries than lldpad takes.
    public static let argumentListTooLong: Int32 = 7
    /// `EBUSY` (16): the VSI's previous request is still in progress.
    public static let busy: Int32 = 16
    /// `ENOMEM` (12): no room for another VSI.
    public static let outOfMemory: Int32 = 12

    /// `errno N: reason`.
    public var description: String { "errno \(errno): \(reason)" }
}
