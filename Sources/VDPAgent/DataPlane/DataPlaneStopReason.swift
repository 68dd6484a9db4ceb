import VDPProtocol

/// Why a VSI's forwarding stops.
///
/// Not frozen: reasons may be added in later versions, so switch over it with a `default`.
public enum DataPlaneStopReason: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The VSI is still known to the bridge but no longer forwards: suspended (an emigration, a suspension) or
    /// taken back to a pre-association.
    case inactive
    /// The VSI was removed from the bridge's table (de-associated, aged out, rejected, port down…).
    case removed(BridgeRemovalReason)
    /// The VSI is no longer in the bridge's table, for a reason the agent did not learn (its removal came while
    /// a change of it was being applied).
    case gone

    /// A short description.
    public var description: String {
        switch self {
        case .inactive: "inactive"
        case .removed(let reason): "removed: \(reason)"
        case .gone: "gone"
        }
    }
}
