import VDPWire

/// The operations of control protocol version 1, with their fields.
///
/// Frozen for protocol version 1: a server that does not know an operation answers `unknownOperation`, so a new
/// operation is added with a new release of this library, and switches over this type should expect that.
///
/// | `op` | fields | result |
/// |---|---|---|
/// | `hello` | — | ``ControlHello`` |
/// | `status` | `interface` (optional filter) | ``ControlStatus`` |
/// | `list` | `interface` (optional filter) | `{"vsis": [``WantedVSIStatus``…]}` |
/// | `get` | `interface`, `vsiID` | `{"vsi": ``WantedVSIStatus``}` |
/// | `preAssociate` … `deAssociate` | `interface`, `vsi`, see ``ControlLifecycleAction`` | `{"state": …}` |
/// | `watch` | — | `{}`, then events on the connection |
public enum ControlOperation: Hashable, Sendable {
    /// The daemon's protocol versions, process ID and version string.
    case hello
    /// Every interface's link, negotiation, parameters and counters, or only the named one's.
    case status(interface: String?)
    /// Every wanted VSI, or only those of the named interface.
    case list(interface: String?)
    /// One wanted VSI.
    case get(interface: String, vsiID: VSIID)
    /// A lifecycle operation on a VSI; the result is the state the bridge confirmed.
    case lifecycle(ControlLifecycleRequest)
    /// Stream ``ControlEvent``s on this connection until it closes.
    case watch

    /// The operation's name on the wire, the value of `op`.
    public var name: String {
        switch self {
        case .hello: "hello"
        case .status: "status"
        case .list: "list"
        case .get: "get"
        case .lifecycle(let request): request.action.operationName
        case .watch: "watch"
        }
    }
}
