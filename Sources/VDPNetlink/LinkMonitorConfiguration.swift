/// The bounds of a ``LinkMonitor``.
public struct LinkMonitorConfiguration: Hashable, Sendable {
    /// How many changes each stream holds for a slow reader: 1,024 by default. Past it the oldest are dropped
    /// (the newest state always survives) and counted in ``LinkMonitor/droppedChanges``.
    public var changeBufferLimit: Int
    /// The socket's receive queue (`SO_RCVBUF`) to ask for: 262,144 octets by default (the kernel caps it at
    /// `net.core.rmem_max` and doubles it). A queue that overruns anyway is resynchronised with a fresh dump.
    public var receiveQueueSize: Int
    /// How long a dump (at start and after an overrun) may take before it counts as failed: 5 s by default.
    public var dumpTimeout: Duration

    /// Creates a configuration; the defaults are the documented ones.
    public init(
        changeBufferLimit: Int = 1_024,
        receiveQueueSize: Int = 262_144,
        dumpTimeout: Duration = .seconds(5)
    ) {
        self.changeBufferLimit = max(changeBufferLimit, 1)
        self.receiveQueueSize = receiveQueueSize
        self.dumpTimeout = dumpTimeout
    }
}
