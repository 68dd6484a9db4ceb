/// What a ``BridgeAgent`` counts about its data plane.
///
/// Encoded with `Codable` as an object with one key per counter.
public struct DataPlaneCounters: Hashable, Sendable, Codable {
    /// ``DataPlaneBackend/apply(_:)`` calls that succeeded.
    public var batchesApplied: UInt64 = 0
    /// Changes applied (in successful calls).
    public var changesApplied: UInt64 = 0
    /// ``DataPlaneBackend/apply(_:)`` calls that failed (a failed batch is then tried change by change).
    public var batchFailures: UInt64 = 0
    /// Changes that failed on their own.
    public var changeFailures: UInt64 = 0
    /// Grants refused with "insufficient resources" because the backend failed.
    public var grantsRefused: UInt64 = 0
    /// Reconciliations done.
    public var reconciliations: UInt64 = 0
    /// Reconciliations that failed.
    public var reconciliationFailures: UInt64 = 0
    /// Decisions whose grant was applied but came back too late (the port no longer waited for them).
    public var lateGrants: UInt64 = 0

    /// All zero.
    public init() {}
}
