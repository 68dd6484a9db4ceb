import VDPProtocol

/// The bookkeeping of a ``BridgeAgent``'s data plane, without I/O: what the backend forwards as far as the agent
/// knows, the accepts waiting for the backend, the VSIs whose forwarding may differ from the table, and the next
/// job for the backend.
///
/// At most one job runs at a time. While a batch runs, its VSIs are busy: a grant or change of one of them waits
/// for the next batch. The queue of grants is bounded by ``grantLimit``, twice the port's bound on pending
/// decisions (what the port itself may hold with its fair-share reserve); the set of VSIs to bring in line holds
/// at most one entry per VSI of the table.
struct DataPlaneDriver: Sendable {
    /// The most accepts that wait for the backend; beyond it an accept is refused with "insufficient resources".
    let grantLimit: Int

    /// An accept waiting for the backend.
    struct Grant: Sendable {
        let id: BridgeDecisionID
        let decision: BridgeDecision
        let key: BridgeVSIKey
        /// What the grant grants, and the VSI as its request describes it (for the table store).
        let state: BridgeVSIState
        let descriptor: VSIDescriptor
        /// What the VSI will forward once granted; `nil` when the grant leaves it inactive.
        let target: DataPlaneVSI?
        /// Whether the VSI had a granted state before the request (a refusal then keeps it).
        let hadPrevious: Bool
    }

    /// What the backend is asked to do next.
    enum Job: Sendable {
        /// Make the data plane forward exactly this table.
        case reconcile([DataPlaneVSI])
        /// Apply these changes, one per VSI; the grants among them are decided when it returns.
        case apply([DataPlaneChange], grants: [BridgeVSIKey: Grant])
    }

    let configuration: BridgeDataPlane
    /// What the backend forwards, as far as the agent knows.
    private(set) var installed: [BridgeVSIKey: DataPlaneVSI] = [:]
    /// Accepts waiting for the backend, in order.
    private var grants: [Grant] = []
    /// VSIs to bring in line with the table, with the reason of their removal when the port gave one.
    private var dirty: [BridgeVSIKey: DataPlaneStopReason?] = [:]
    /// What VSIs whose grant the backend applied forward while the grant waits for the table store: what the
    /// table will say once the grant is decided (`nil` for a grant that leaves the VSI inactive).
    var held: [BridgeVSIKey: DataPlaneVSI?] = [:]
    /// The VSIs of the job under way; all of them during a reconciliation.
    private var busy: Set<BridgeVSIKey> = []
    private var reconciling = false
    /// Whether a reconciliation is due (at start, on request, after one failed).
    var reconcileRequested = true
    /// The task running jobs, if one runs.
    var task: Task<Void, Never>?
    /// The counters.
    var counters = DataPlaneCounters()
    /// The latest failure.
    var lastError: DataPlaneError?

    init(configuration: BridgeDataPlane, limits: BridgePortLimits) {
        self.configuration = configuration
        let (doubled, overflow) = max(1, limits.maximumPendingDecisions).multipliedReportingOverflow(by: 2)
        self.grantLimit = overflow ? Int.max : doubled
    }

    /// Whether a job could start now.
    var hasWork: Bool { reconcileRequested || !grants.isEmpty || !dirty.isEmpty }

    /// Whether a grant for `key` that leaves it forwarding `target` can be decided at once: no job touches the
    /// VSI and the backend already forwards what the grant asks.
    func grantNeedsNoChange(_ key: BridgeVSIKey, target: DataPlaneVSI?) -> Bool {
        !reconciling && !busy.contains(key) && !grants.contains { $0.key == key } && installed[key] == target
    }

    /// Queues an accept for the backend; `false` when the queue is full.
    mutating func enqueue(_ grant: Grant) -> Bool {
        guard grants.count < grantLimit else {
            return false
        }
        grants.append(grant)
        return true
    }

    /// Notes that a VSI's forwarding may differ from the table (the port changed or removed it).
    mutating func markDirty(_ key: BridgeVSIKey, removal: BridgeRemovalReason? = nil) {
        let reason = removal.map { DataPlaneStopReason.removed($0) }
        if let existing = dirty[key], existing != nil, reason == nil {
            return
        }
        dirty[key] = reason
    }

    /// Takes the next job, if any: a reconciliation first (of `table`), then the grants and dirty VSIs that are not busy, at
    /// most ``BridgeDataPlane/batchLimit`` changes. Grants that need no change are returned in `decideNow`.
    /// `desired` gives what the table says a VSI should forward.
    mutating func takeJob(
        decideNow: inout [Grant],
        table: () -> [DataPlaneVSI],
        desired: (BridgeVSIKey) -> (DataPlaneVSI?, known: Bool)
    ) -> Job? {
        guard busy.isEmpty, !reconciling else {
            return nil
        }
        if reconcileRequested {
            reconcileRequested = false
            reconciling = true
            return .reconcile(table())
        }
        let limit = max(1, configuration.batchLimit)
        var changes: [DataPlaneChange] = []
        var batchGrants: [BridgeVSIKey: Grant] = [:]
        var remaining: [Grant] = []
        for grant in grants {
            guard changes.count < limit, !busy.contains(grant.key) else {
                remaining.append(grant)
                continue
            }
            busy.insert(grant.key)
            if let change = Self.change(from: installed[grant.key], to: grant.target, reason: .inactive) {
                changes.append(change)
                batchGrants[grant.key] = grant
            } else {
                decideNow.append(grant)
            }
        }
        grants = remaining
        for (key, reason) in dirty where changes.count < limit && !busy.contains(key) {
            dirty.removeValue(forKey: key)
            let (target, known) = desired(key)
            let stopReason = reason ?? (known ? .inactive : .gone)
            if let change = Self.change(from: installed[key], to: target, reason: stopReason) {
                busy.insert(key)
                changes.append(change)
            }
        }
        for grant in decideNow {
            busy.remove(grant.key)
        }
        guard !changes.isEmpty else {
            return nil
        }
        return .apply(changes, grants: batchGrants)
    }

    /// A reconciliation ended; on success the backend forwards `table`.
    mutating func reconciled(_ table: [DataPlaneVSI], error: DataPlaneError?) {
        reconciling = false
        if let error {
            counters.reconciliationFailures += 1
            lastError = error
            reconcileRequested = true
            return
        }
        counters.reconciliations += 1
        installed = Dictionary(table.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// A batch ended: `failures` holds the changes that failed (by VSI). The VSIs of the batch are marked dirty,
    /// so that whatever happened to them meanwhile is brought in line next.
    mutating func applied(_ changes: [DataPlaneChange], failures: [BridgeVSIKey: DataPlaneError]) {
        for change in changes {
            let key = change.vsi.key
            busy.remove(key)
            if let error = failures[key] {
                counters.changeFailures += 1
                lastError = error
            } else {
                counters.changesApplied += 1
                installed[key] = change.target
            }
        }
    }

    /// Marks the VSIs of a finished batch dirty again, so that what happened to them meanwhile, and a change that
    /// failed, is brought in line by the next job.
    mutating func recheck(_ keys: some Sequence<BridgeVSIKey>) {
        for key in keys where dirty[key] == nil {
            dirty[key] = .some(nil)
        }
    }

    /// What moves a VSI from forwarding `old` to forwarding `new`, if anything.
    static func change(from old: DataPlaneVSI?, to new: DataPlaneVSI?, reason: DataPlaneStopReason) -> DataPlaneChange?
    {
        switch (old, new) {
        case (nil, nil): nil
        case (nil, let new?): .start(new)
        case (let old?, nil): .stop(old, reason: reason)
        case (let old?, let new?): old == new ? nil : .change(from: old, to: new)
        }
    }
}
