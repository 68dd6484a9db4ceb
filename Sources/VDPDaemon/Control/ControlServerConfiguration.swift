/// Where a ``ControlServer`` listens, who may connect, and its bounds.
public struct ControlServerConfiguration: Hashable, Sendable {
    /// The socket's path. Default ``ControlProtocol/defaultSocketPath``.
    public var path: String
    /// The socket file's permission bits. Default `0o600`: root only. With ``group`` set, use `0o660` so the
    /// group's members may connect.
    public var mode: UInt32
    /// The group that owns the socket file, by numeric ID; `nil` leaves the creator's group.
    public var group: UInt32?
    /// The bounds.
    public var limits: ControlServerLimits

    /// Creates a configuration.
    public init(
        path: String = ControlProtocol.defaultSocketPath,
        mode: UInt32 = 0o600,
        group: UInt32? = nil,
        limits: ControlServerLimits = ControlServerLimits()
    ) {
        self.path = path
        self.mode = mode
        self.group = group
        self.limits = limits
    }
}
