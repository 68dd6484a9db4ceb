/// What programs the forwarding of an NVE's VSIs: a ``BridgeAgent`` tells it, in order, when each VSI's
/// forwarding starts, changes and stops, and asks it to make its rules match the whole table when the agent
/// starts.
///
/// The agent batches: every change waiting when the backend is free goes in one ``apply(_:)`` call (at most
/// ``BridgeDataPlane/batchLimit``), at most one change per VSI, and no call overlaps another. A grant reaches the
/// station only after ``apply(_:)`` returned for it; a change that fails becomes a refusal with
/// "insufficient resources" (the station is told, and the VSI stays as it was, or is not created). Calls are made
/// from a task the agent tracks; ``BridgeAgent/stop()`` cancels it.
public protocol DataPlaneBackend: Sendable {
    /// Applies the changes, all or none: when it throws, the agent takes none as applied and tries them one by
    /// one to single out the failing ones.
    func apply(_ changes: [DataPlaneChange]) async throws(DataPlaneError)

    /// Makes the data plane forward exactly `table` (the agent's VSIs that are associated and not suspended on
    /// the backend's ports): rules for VSIs not in it are removed, missing ones restored. Called when the agent
    /// starts (with its table: empty, so that what a previous run left is removed, or the table restored
    /// from a ``BridgeTableStore``), and by ``BridgeAgent/reconcileDataPlane()``.
    func reconcile(_ table: [DataPlaneVSI]) async throws(DataPlaneError)
}
