/// What lldpad's client socket has counted since it started.
public struct LldpadClientCounters: Hashable, Sendable {
    /// Datagrams received.
    public var received: UInt64 = 0
    /// Datagrams longer than ``LldpadClientLimits/maximumMessageSize``, answered `R04`.
    public var oversized: UInt64 = 0
    /// Datagrams from a sender that is not root (`R0a`) or sent no credentials (`R05`).
    public var refusedSenders: UInt64 = 0
    /// Attaches refused because ``LldpadClientLimits/maximumAttachedClients`` were attached.
    public var attachesRefused: UInt64 = 0
    /// Set commands refused because ``LldpadClientLimits/maximumRequestsInFlight`` were waiting.
    public var busyRefusals: UInt64 = 0
    /// VSI requests handed to the daemon.
    public var requests: UInt64 = 0
    /// Events sent to attached clients.
    public var eventsSent: UInt64 = 0
    /// Replies and events that could not be sent (the client's queue full or the client gone).
    public var sendFailures: UInt64 = 0
    /// Events about a VSI the daemon ended on its own (the bridge de-associated it, its keep-alive failed), each
    /// counted once however many clients it went to.
    public var daemonEnds: UInt64 = 0
    /// VSIs requested through the socket that were not tracked for such events because
    /// ``LldpadClientLimits/maximumTrackedVSIs`` were.
    public var untrackedVSIs: UInt64 = 0
    /// VSIs tracked now.
    public var trackedVSIs = 0
    /// Clients attached now.
    public var attachedClients = 0

    /// No counts.
    public init() {}
}
