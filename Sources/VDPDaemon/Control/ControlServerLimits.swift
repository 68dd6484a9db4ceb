/// The bounds of a ``ControlServer``; each is counted in ``ControlServerCounters``.
public struct ControlServerLimits: Hashable, Sendable {
    /// The longest line accepted, in octets without the `\n`; a longer one gets `messageTooLarge` and the
    /// connection is closed. Default 65,536.
    public var maximumLineLength: Int = 65_536
    /// Connections open at once; the next one gets one `tooManyRequests` line and is closed. Default 64.
    public var maximumConnections: Int = 64
    /// Requests waiting for their response on one connection; the next one gets `tooManyRequests`. Default 256.
    public var maximumRequestsInFlight: Int = 256
    /// Events buffered for one watching connection; past it the oldest are dropped and the client is told with a
    /// `{"v":1,"dropped":N}` line. Default 4,096.
    public var eventBufferLimit: Int = 4_096

    /// The defaults.
    public init() {}
}
