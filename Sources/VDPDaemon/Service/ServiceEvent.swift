import VDPAgent
import VDPProtocol
import VDPWire

/// What the service reports to its log and to `watch` clients: the station agents' events, and its own.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum ServiceEvent: Hashable, Sendable {
    /// Why the service requests a VSI.
    ///
    /// Not frozen.
    public enum RequestReason: String, Hashable, Sendable {
        /// A client asked.
        case client
        /// It was wanted when the daemon (or the interface's agent) started.
        case restart
        /// An earlier request failed, or the bridge ended it, or its keep-alive failed.
        case retry
        /// The link came back, or EVB was negotiated again.
        case linkUp
    }

    /// An event of the station agent on `interface`, as it reported it.
    case agent(interface: String, StationAgentEvent)
    /// A request for a wanted VSI went to the agent.
    case requested(interface: String, VSIID, WantedOperation, RequestReason)
    /// A request ended.
    case outcome(interface: String, VSIID, WantedOperation, VSIOutcome)
    /// A VSI still wanted is not confirmed (the bridge ended it, its keep-alive or a request failed): it is
    /// requested again after `delay`.
    case retryScheduled(interface: String, VSIID, delay: Duration, failures: Int)
    /// The bridge refused a request the service made on its own; the VSI stays wanted but is not requested
    /// again until a client asks (or the daemon restarts).
    case held(interface: String, VSIID, StationLifecycleError)
    /// A new VSI was refused: the interface has its most wanted VSIs.
    case limitReached(interface: String, VSIID, limit: Int)
    /// The carrier went down; the agent was told at once.
    case linkDown(interface: String)
    /// The carrier came back; the agent was told, and the wanted VSIs are requested once EVB is in force.
    case linkUp(interface: String)
    /// The interface disappeared (deleted or renamed away); its agent stops until it is back.
    case linkRemoved(interface: String)
    /// The interface's agent started.
    case interfaceStarted(interface: String, address: MACAddress)
    /// The interface's agent stopped (removed from the configuration, the interface disappeared, a reload).
    case interfaceStopped(interface: String, reason: String)
    /// The interface could not be opened; the service tries again.
    case interfaceUnavailable(interface: String, reason: String)
    /// A new configuration is in force.
    case reloaded(ConfigurationChange)
    /// The state file could not be read or written.
    case stateFileProblem(String)
}
