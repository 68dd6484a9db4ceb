/// Where a ``BridgeAgent`` keeps its VSI table so that it survives the process: the agent writes every grant
/// before the station is told, and reads the table back when it starts (``BridgeAgent/restoreTable()``).
///
/// The agent batches: every change waiting when the store is free goes in one ``commit(_:)`` call (at most
/// ``BridgeTableStorage/batchLimit``), at most one change per VSI, and no call overlaps another. A grant reaches
/// the station only after ``commit(_:)`` returned for it; a commit that fails refuses its grants with
/// "insufficient resources" (the VSI stays as it was, or is not created). Removals and keep-alive refreshes are
/// written behind: they hold nothing back.
public protocol BridgeTableStore: Sendable {
    /// Every VSI the store holds, in no particular order. Throws when the store cannot be read or what it
    /// holds does not decode: a bridge must then refuse to start rather than start with an empty table.
    func load() async throws(BridgeTableStoreError) -> [BridgeTableRecord]

    /// Makes the changes durable, all or none, before it returns: once it returns, a crash of the process or of
    /// the machine does not lose them. When it throws, none was made.
    func commit(_ changes: [BridgeTableChange]) async throws(BridgeTableStoreError)
}
