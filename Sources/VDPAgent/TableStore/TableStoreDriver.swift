import VDPProtocol
import VDPWire

/// The bookkeeping of a ``BridgeAgent``'s table store, without I/O: the grants waiting to be made durable, the
/// VSIs whose record must be written behind, and the task that commits.
///
/// At most one commit runs at a time. The grants waiting are bounded by ``grantLimit`` (as the data plane's);
/// the VSIs to write behind hold at most one entry per VSI the port has touched.
struct TableStoreDriver: Sendable {
    /// A grant that the port will make once it is durable.
    struct Grant: Sendable {
        let id: BridgeDecisionID
        let decision: BridgeDecision
        let key: BridgeVSIKey
        let state: BridgeVSIState
        let descriptor: VSIDescriptor
        /// Whether the VSI had a granted state before the request (a refusal then keeps it).
        let hadPrevious: Bool
    }

    let storage: BridgeTableStorage
    /// The most grants that wait for the store; beyond it a grant is refused with "insufficient resources".
    let grantLimit: Int
    /// Grants waiting, in order.
    private(set) var grants: [Grant] = []
    /// VSIs whose record is to be written (or removed) behind.
    var dirty: Set<VSIID> = []
    /// Whether the table was restored (the agent runs only then).
    var restored = false
    /// The task committing, if one runs.
    var task: Task<Void, Never>?
    /// The counters.
    var counters = BridgeTableStoreCounters()
    /// The latest failure.
    var lastError: BridgeTableStoreError?

    init(storage: BridgeTableStorage, limits: BridgePortLimits) {
        self.storage = storage
        let (doubled, overflow) = max(1, limits.maximumPendingDecisions).multipliedReportingOverflow(by: 2)
        self.grantLimit = overflow ? Int.max : doubled
    }

    /// Whether a commit could start now.
    var hasWork: Bool { !grants.isEmpty || !dirty.isEmpty }

    /// Queues a grant; `false` when the queue is full.
    mutating func enqueue(_ grant: Grant) -> Bool {
        guard grants.count < grantLimit else {
            return false
        }
        grants.append(grant)
        return true
    }

    /// Takes the next batch: the grants first, then VSIs to write behind, at most ``BridgeTableStorage/batchLimit``
    /// in all.
    mutating func takeBatch() -> (grants: [Grant], dirty: [VSIID]) {
        let limit = max(1, storage.batchLimit)
        let taken = Array(grants.prefix(limit))
        grants.removeFirst(taken.count)
        var behind: [VSIID] = []
        let room = limit - taken.count
        if room > 0 {
            behind.reserveCapacity(min(room, dirty.count))
            for vsiID in dirty {
                guard behind.count < room else {
                    break
                }
                behind.append(vsiID)
            }
            dirty.subtract(behind)
        }
        return (taken, behind)
    }
}
