import VDPProtocol

/// Why the service did not carry out a client's request, or what the agent answered.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum ServiceRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No such interface in the configuration.
    case unknownInterface(String)
    /// The interface already has its most wanted VSIs (``InterfaceConfiguration/maximumWantedVSIs``); refused
    /// and counted.
    case tooManyVSIs(limit: Int)
    /// The service is stopping.
    case shuttingDown
    /// The want could not be saved; nothing was sent.
    case stateFile(StateFileError)
    /// The interface is down, missing, or not negotiated yet: the want is kept and requested when it is back.
    case portDown(String)
    /// The station agent's answer: refused locally, or failed (rejected, timed out, lost).
    case lifecycle(StationLifecycleError)

    /// A short description.
    public var description: String {
        switch self {
        case .unknownInterface(let name): "unknown interface \(name)"
        case .tooManyVSIs(let limit): "the interface already has \(limit) wanted VSIs"
        case .shuttingDown: "the daemon is stopping"
        case .stateFile(let error): "the want could not be saved: \(error)"
        case .portDown(let reason): "\(reason); the VSI stays wanted and is requested when the port is back"
        case .lifecycle(let error): error.description
        }
    }
}
