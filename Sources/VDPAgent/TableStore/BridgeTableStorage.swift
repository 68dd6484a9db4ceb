/// How a ``BridgeAgent`` keeps its table durable: the store, the wall clock its deadlines are written in, and
/// how many changes go in one commit.
public struct BridgeTableStorage: Sendable {
    /// The store.
    public var store: any BridgeTableStore
    /// The wall clock: the time since 1970-01-01 00:00 UTC. Deadlines are written in it and converted to the
    /// agent's monotonic clock when the table is restored.
    public var wallClock: @Sendable () -> Duration
    /// The most changes one ``BridgeTableStore/commit(_:)`` carries (default 4,096; values below 1 count as 1).
    public var batchLimit: Int

    /// Creates a configuration.
    public init(store: any BridgeTableStore, wallClock: @escaping @Sendable () -> Duration, batchLimit: Int = 4_096) {
        self.store = store
        self.wallClock = wallClock
        self.batchLimit = batchLimit
    }
}
