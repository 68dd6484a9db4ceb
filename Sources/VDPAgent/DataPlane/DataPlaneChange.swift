/// One change of what a data plane forwards, as a ``BridgeAgent`` hands it to its ``DataPlaneBackend``.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum DataPlaneChange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Forwarding starts: the VSI is associated and not suspended.
    case start(DataPlaneVSI)
    /// Forwarding goes on with other values (new VIDs or PCPs, a migration's new grant): the old and the new.
    case change(from: DataPlaneVSI, to: DataPlaneVSI)
    /// Forwarding stops (suspended, de-associated, aged out, rejected, port down); the last state granted.
    case stop(DataPlaneVSI, reason: DataPlaneStopReason)

    /// The VSI the change leaves forwarding, if any.
    public var target: DataPlaneVSI? {
        switch self {
        case .start(let vsi), .change(_, let vsi): vsi
        case .stop: nil
        }
    }

    /// The VSI the change is about (its new value, or for a stop the last one).
    public var vsi: DataPlaneVSI {
        switch self {
        case .start(let vsi), .change(_, let vsi), .stop(let vsi, _): vsi
        }
    }

    /// `start …`, `change … → …`, `stop … (reason)`.
    public var description: String {
        switch self {
        case .start(let vsi): "start \(vsi)"
        case .change(let old, let new): "change \(old) → \(new)"
        case .stop(let vsi, let reason): "stop \(vsi) (\(reason))"
        }
    }
}
