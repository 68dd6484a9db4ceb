/// The VSI lifecycle operations a control client may ask for; also what a client last asked for a wanted VSI.
///
/// Frozen for protocol version 1. Each maps to one `StationAgent` call: `preAssociate(_:reserveResources:)`,
/// `associate(_:)`, `suspend(_:)`, `resume(_:)`, `emigrate(_:)`, `immigrate(_:associate:)`, `terminate(_:)`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"preAssociate": {"reserveResources": true}}`,
/// `{"associate": {}}`, `{"immigrate": {"associate": false}}`, `{"deAssociate": {}}`.
public enum ControlLifecycleAction: Hashable, Sendable, Codable {
    /// Pre-Associate, with or without resource reservation (op `preAssociate`).
    case preAssociate(reserveResources: Bool)
    /// Associate (op `associate`).
    case associate
    /// Associate with the S-bit: the VM is suspended (op `suspend`).
    case suspend
    /// Associate without the S-bit after a suspension (op `resume`).
    case resume
    /// Associate with the S-bit: the VM is leaving this station (op `emigrate`).
    case emigrate
    /// Pre-Associate or Associate with the M-bit: the VM is arriving (op `immigrate`).
    case immigrate(associate: Bool)
    /// De-Associate (op `deAssociate`).
    case deAssociate

    /// The operation's name on the wire.
    public var operationName: String {
        switch self {
        case .preAssociate: "preAssociate"
        case .associate: "associate"
        case .suspend: "suspend"
        case .resume: "resume"
        case .emigrate: "emigrate"
        case .immigrate: "immigrate"
        case .deAssociate: "deAssociate"
        }
    }
}
