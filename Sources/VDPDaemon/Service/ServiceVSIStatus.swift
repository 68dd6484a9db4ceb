import VDPProtocol
import VDPWire

/// How a request for a wanted VSI ended last.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum VSIOutcome: Hashable, Sendable, CustomStringConvertible {
    /// The bridge confirmed this state.
    case confirmed(StationVSIState)
    /// The bridge confirmed the De-Associate.
    case deAssociated
    /// The request failed.
    case failed(StationLifecycleError)

    /// A short description.
    public var description: String {
        switch self {
        case .confirmed(let state): "\(state) \(state.filterInfo)"
        case .deAssociated: "de-associated"
        case .failed(let error): error.description
        }
    }
}

/// One wanted VSI as the service sees it: what the client wants, what the bridge confirmed, and whether a
/// request is on its way.
public struct ServiceVSIStatus: Hashable, Sendable {
    /// The interface.
    public var interface: String
    /// The VSI as the client described it.
    public var descriptor: VSIDescriptor
    /// What the client last asked for.
    public var operation: WantedOperation
    /// What the bridge confirmed (with the VIDs it granted), if anything.
    public var confirmed: StationVSIState?
    /// The filters the bridge last confirmed, with the VIDs it granted, when they differ from the descriptor's:
    /// kept in the state file, so known after a restart before the bridge answers again.
    public var granted: FilterInfo?
    /// Whether a request for it is out, or due to go out: `true` from a client's request, or from a restart,
    /// until the bridge's answer (or the failure) comes.
    public var inFlight: Bool
    /// How the last request ended, if one has since the daemon started.
    public var lastOutcome: VSIOutcome?
    /// Failures in a row since the last confirmation (the back-off grows with them).
    public var failures: Int
    /// Whether the service stopped requesting it because the bridge refused it; a client's request resumes.
    public var held: Bool
}

/// One interface as the service sees it.
public struct ServiceInterfaceStatus: Hashable, Sendable {
    /// The interface's name.
    public var name: String
    /// Whether its station agent runs (the interface exists and its link is open).
    public var running: Bool
    /// Whether the carrier is up, as last reported.
    public var linkUp: Bool
    /// Whether the EVB parameters are in force (negotiated with a bridge, or EVB off).
    public var negotiated: Bool
    /// The EVB values in force (negotiated, or the configured ones), while the agent runs.
    public var parameters: EVBParameters?
    /// VSIs wanted on it.
    public var wanted: Int
    /// Wanted VSIs the bridge has confirmed as wanted.
    public var confirmed: Int
    /// Wanted VSIs with a request out or due.
    public var inFlight: Int
    /// New VSIs refused because the interface had its most wanted VSIs.
    public var refusedForLimit: UInt64
    /// Requests the service made on its own (after a restart, a failure, a link outage).
    public var requestedAgain: UInt64
    /// The VDP port's counters, while the agent runs.
    public var portCounters: StationPortCounters?
    /// The EVB port's counters, while the agent runs.
    public var evbCounters: EVBPortCounters?
}
