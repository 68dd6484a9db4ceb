import VDPProtocol
import VDPWire

/// The lifecycle operation a client last asked for a VSI: what the daemon keeps requesting until the bridge
/// confirms it (or, for ``deAssociate``, until the bridge confirms the VSI is gone).
///
/// Frozen: the lifecycle of `StationAgent`. Encoded with `Codable` as its name (`"associate"`).
public enum WantedOperation: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Pre-Associate.
    case preAssociate
    /// Pre-Associate with resource reservation.
    case preAssociateWithReservation
    /// Associate.
    case associate
    /// Associate with the S-bit: the VM is paused.
    case suspend
    /// Associate with the S-bit clear after a suspension.
    case resume
    /// Associate with the S-bit: the VM is leaving this server.
    case emigrate
    /// Pre-Associate with the M-bit: the VM is about to arrive.
    case immigratePreAssociate
    /// Associate with the M-bit: the VM arrived.
    case immigrateAssociate
    /// De-Associate: the VM is gone; the want ends when the bridge confirms.
    case deAssociate

    /// The request that carries the operation: its TLV type and hint bits.
    public var request: (type: VSITLVType, hints: VSIHints) {
        switch self {
        case .preAssociate: (.preAssociate, .none)
        case .preAssociateWithReservation: (.preAssociateWithResourceReservation, .none)
        case .associate, .resume: (.associate, .none)
        case .suspend, .emigrate: (.associate, VSIHints(suspended: true))
        case .immigratePreAssociate: (.preAssociate, VSIHints(migrating: true))
        case .immigrateAssociate: (.associate, VSIHints(migrating: true))
        case .deAssociate: (.deAssociate, .none)
        }
    }

    /// Whether a confirmed state is what the operation asked for.
    public func isSatisfied(by state: StationVSIState) -> Bool {
        let wanted = request
        return state.type == wanted.type && state.hints.suspended == wanted.hints.suspended
    }

    /// The name.
    public var description: String { rawValue }
}
