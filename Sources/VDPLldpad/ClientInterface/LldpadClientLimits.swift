/// The bounds of lldpad's client socket, each counted in ``LldpadClientCounters``.
public struct LldpadClientLimits: Hashable, Sendable {
    /// The longest datagram read, in octets: 4095 by default (lldpad's 4096-octet buffer less its terminating
    /// zero). A longer one is answered `R04` and not read.
    public var maximumMessageSize: Int
    /// The most clients attached for events at once: 32 by default. Another attach is answered `R01A`.
    public var maximumAttachedClients: Int
    /// The most set commands waiting for the daemon at once: 64 by default. Another is answered `R0f` (VSI
    /// association in progress).
    public var maximumRequestsInFlight: Int
    /// How long a set command may wait for the daemon's answer before it is acknowledged as accepted (the answer
    /// then comes as an event): 1 s by default, below vdptool's 2-second wait for a reply.
    public var replyDeadline: Duration
    /// Consecutive failed sends after which an attached client is detached: 10 (lldpad's rule).
    public var maximumSendFailures: Int
    /// The most VSIs requested through this socket whose ends the daemon makes on its own (the bridge
    /// de-associates them, their keep-alive fails) are told to the attached clients: 4,096 by default (the daemon's
    /// own bound on wanted VSIs per interface). A VSI requested beyond it gets no such event (counted).
    public var maximumTrackedVSIs: Int

    /// The defaults.
    public init(
        maximumMessageSize: Int = 4_095,
        maximumAttachedClients: Int = 32,
        maximumRequestsInFlight: Int = 64,
        replyDeadline: Duration = .seconds(1),
        maximumSendFailures: Int = 10,
        maximumTrackedVSIs: Int = 4_096
    ) {
        self.maximumMessageSize = maximumMessageSize
        self.maximumAttachedClients = maximumAttachedClients
        self.maximumRequestsInFlight = maximumRequestsInFlight
        self.replyDeadline = replyDeadline
        self.maximumSendFailures = maximumSendFailures
        self.maximumTrackedVSIs = maximumTrackedVSIs
    }
}
