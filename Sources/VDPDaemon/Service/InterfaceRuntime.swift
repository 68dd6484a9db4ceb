import VDPAgent
import VDPProtocol
import VDPWire

/// What the service holds for one configured interface while it runs: the agent and its tasks, the link's
/// state, and the per-VSI progress of the wanted VSIs (not saved: the state file keeps only the wants).
struct InterfaceRuntime: Sendable {
    /// The agent and what runs it, while the interface is open.
    struct Running: Sendable {
        var agent: StationAgent
        var handle: StationLinkHandle
        var tasks: [Task<Void, Never>]
    }

    /// The progress of one wanted VSI.
    struct Progress: Sendable {
        /// What the bridge confirmed, as far as the service knows.
        var confirmed: StationVSIState?
        /// Whether a request is out.
        var inFlight = false
        /// Bumped by every request: a completion for an older one is ignored.
        var attempt: UInt64 = 0
        /// Failures in a row.
        var failures = 0
        /// Not before this time (after a failure).
        var retryAt: Instant?
        /// Not requested by the service until a client asks (the bridge refused it).
        var held = false
        /// How the last request ended.
        var lastOutcome: VSIOutcome?
    }

    var configuration: InterfaceConfiguration
    var running: Running?
    /// Bumped each time the agent starts: events and completions of an earlier agent are ignored.
    var epoch: UInt64 = 0
    var linkUp = true
    /// Since when the agent runs with the link up: after ``RetryPolicy/negotiationWait`` without EVB
    /// negotiation, the wanted VSIs are requested with the configured values.
    var readySince: Instant?
    /// Whether the agent has not made its first pass over the wanted VSIs yet (its requests are restarts).
    var firstPass = true
    /// Not before this time does the service try to open the interface again.
    var reopenAt: Instant?
    var progress: [VSIID: Progress] = [:]
    var refusedForLimit: UInt64 = 0
    var requestedAgain: UInt64 = 0

    init(configuration: InterfaceConfiguration) {
        self.configuration = configuration
    }
}
