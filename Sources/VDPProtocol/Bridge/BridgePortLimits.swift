/// The bounds a bridge port keeps on everything its stations can make it hold or do, so that no station, and no
/// set of stations, can make the port grow without bound or starve the others.
///
/// A request beyond a bound creates no state: it is answered with "insufficient resources" where an answer can
/// be queued, and dropped otherwise; every refusal and drop is counted in ``BridgePortCounters``. The memory
/// figures below were measured on a release build on x86-64 Linux (resident memory growth divided by the items
/// held; `Docs/HARDENING.md` has the method): about 895 B per VSI, 246 B per queued response, 0.6 KB per station
/// with a response outstanding.
public struct BridgePortLimits: Hashable, Sendable, Codable {
    /// The most VSIs the port holds, all stations together (default 65,536: about 56 MiB). A request for a new
    /// VSI beyond it is refused before it reaches the policy; when the port is full, a station holding less than
    /// its fair share (this bound over ``maximumStations``, at least 1) may still create one, so the port holds at
    /// most twice this bound.
    public var maximumVSIs: Int
    /// The most VSIs one station may hold (default 16,384: about 14 MiB).
    public var maximumVSIsPerStation: Int
    /// The most stations with ECP or VSI state on the port (default 256: about 0.15 MiB, beyond their VSIs and
    /// queued responses). A frame from a new station beyond it is dropped, unacknowledged, and counted in
    /// ``BridgePortCounters/stationsRefused``. A station with no VSI, nothing queued and nothing outstanding is
    /// forgotten once its ECP receive history has expired (toutKeepAlive after its last frame).
    public var maximumStations: Int
    /// The most responses waiting for ECP on the port, all stations together (default 16,384: about 3.8 MiB).
    /// When it is reached, a station holding less than its fair share may still queue, as for ``maximumVSIs``.
    public var maximumQueuedResponses: Int
    /// The most responses waiting for one station (default 4,096: about 1 MiB). A response beyond it, or beyond
    /// ``maximumQueuedResponses``, is dropped and counted; the station repeats its request after respWaitDelay.
    public var maximumQueuedResponsesPerStation: Int
    /// The most requests waiting for the policy on the port (default 4,096). A request that needs a decision
    /// beyond it is refused with "insufficient resources" (with keep, for a VSI already granted). A pending
    /// decision is a VSI in the table, so its memory is counted under ``maximumVSIs``; this bounds the work
    /// handed to the policy at once (with the same fair share as ``maximumVSIs``).
    public var maximumPendingDecisions: Int
    /// The most requests of one station waiting for the policy (default 1,024).
    public var maximumPendingDecisionsPerStation: Int
    /// How many new VSIs per second one station may create, on average (default 2,000): a token bucket, refilled
    /// at this rate on the injected time, that each new VSI takes a token from. Requests beyond it are refused
    /// with "insufficient resources".
    public var newVSIsPerSecondPerStation: Int
    /// The tokens the bucket holds at most, which is also what a new station starts with: the burst of new VSIs a
    /// station may create at once (default 16,384).
    public var newVSIBurstPerStation: Int
    /// The most deadline entries one ``BridgePort/advance(to:into:)`` handles (default 1,024): VSIs aged out,
    /// decisions timed out, stale entries discarded. What is left stays due, and
    /// ``BridgePort/nextDeadline`` says so, so a driver can serve other stations' frames between slices. It
    /// bounds time, not memory: the longest slice measured with 1,000,000 VSIs due took 4.7 to 5.9 ms.
    public var maximumTimerExpiriesPerAdvance: Int

    /// Creates limits; every value below 1 counts as 1.
    public init(
        maximumVSIs: Int = 65_536,
        maximumVSIsPerStation: Int = 16_384,
        maximumStations: Int = 256,
        maximumQueuedResponses: Int = 16_384,
        maximumQueuedResponsesPerStation: Int = 4_096,
        maximumPendingDecisions: Int = 4_096,
        maximumPendingDecisionsPerStation: Int = 1_024,
        newVSIsPerSecondPerStation: Int = 2_000,
        newVSIBurstPerStation: Int = 16_384,
        maximumTimerExpiriesPerAdvance: Int = 1_024
    ) {
        self.maximumVSIs = maximumVSIs
        self.maximumVSIsPerStation = maximumVSIsPerStation
        self.maximumStations = maximumStations
        self.maximumQueuedResponses = maximumQueuedResponses
        self.maximumQueuedResponsesPerStation = maximumQueuedResponsesPerStation
        self.maximumPendingDecisions = maximumPendingDecisions
        self.maximumPendingDecisionsPerStation = maximumPendingDecisionsPerStation
        self.newVSIsPerSecondPerStation = newVSIsPerSecondPerStation
        self.newVSIBurstPerStation = newVSIBurstPerStation
        self.maximumTimerExpiriesPerAdvance = maximumTimerExpiriesPerAdvance
    }

    /// The defaults, sized for a small switch.
    public static let `default` = BridgePortLimits()
}
