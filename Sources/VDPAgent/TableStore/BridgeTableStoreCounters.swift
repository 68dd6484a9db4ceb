/// What a ``BridgeAgent`` counts about its table store.
public struct BridgeTableStoreCounters: Hashable, Sendable {
    /// ``BridgeTableStore/commit(_:)`` calls that succeeded (one durable write, one fsync, each).
    public var commits: UInt64 = 0
    /// Grants made durable before the station was told.
    public var grantsStored: UInt64 = 0
    /// Records written behind (keep-alive refreshes, changes made by the bridge).
    public var recordsWritten: UInt64 = 0
    /// Removals written.
    public var removals: UInt64 = 0
    /// Commits that failed.
    public var commitFailures: UInt64 = 0
    /// Grants refused with "insufficient resources" because the store failed.
    public var grantsRefused: UInt64 = 0
    /// VSIs restored when the agent started.
    public var restored: UInt64 = 0

    /// All zero.
    public init() {}
}
