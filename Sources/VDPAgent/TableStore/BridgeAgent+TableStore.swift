import VDPProtocol
import VDPWire

extension BridgeAgent {
    /// How long the agent waits before it retries writes that failed.
    static var tableStoreRetryDelay: Duration { .seconds(1) }

    /// Reads the table from the store and puts it back into the port (VIDs held again, each VSI ageing out at its
    /// restored deadline, converted from the wall clock), so that the stations' next keep-alives are simply
    /// answered. The data plane is then reconciled with the restored table when ``run()`` starts. Call it once,
    /// before ``run()``, which refuses to serve with a store that was not restored. Returns how many VSIs were
    /// restored. Throws when the store cannot be read or what it holds does not fit together: the bridge must
    /// not start then (it would forget what stations were told). Without a store, restores nothing.
    @discardableResult
    public func restoreTable() async throws(BridgeTableStoreError) -> Int {
        guard let storage = tableStore?.storage, tableStore?.restored == false else {
            return 0
        }
        let records = try await storage.store.load()
        let now = core.clock.now()
        let wallNow = storage.wallClock()
        let snapshots = records.map { record in
            BridgeVSISnapshot(
                key: record.key,
                descriptor: record.descriptor,
                state: record.state,
                vidHolds: record.vidHolds,
                deadline: now + (record.keepAliveDeadline - wallNow)
            )
        }
        do throws(BridgeRestoreError) {
            try core.port.restore(snapshots, at: now)
        } catch {
            throw BridgeTableStoreError(.corrupt, "the stored table does not fit together: \(error)")
        }
        _ = core.port.takeChangedVSIs()
        tellObserverOfEveryRow()
        tableStore?.restored = true
        tableStore?.counters.restored = UInt64(records.count)
        schedule()
        return records.count
    }

    /// The table store's counters (all zero without a store).
    public var tableStoreCounters: BridgeTableStoreCounters { tableStore?.counters ?? BridgeTableStoreCounters() }

    /// The table store's latest failure, if any.
    public var tableStoreError: BridgeTableStoreError? { tableStore?.lastError }

    /// Queues a grant until it is durable; refused with "insufficient resources" when too many wait.
    func store(_ grant: TableStoreDriver.Grant, into output: inout [BridgeEVBOutput]) {
        guard tableStore?.enqueue(grant) == true else {
            tableStore?.counters.grantsRefused += 1
            refuse(grant.id, grant.key, hadPrevious: grant.hadPrevious, into: &output)
            recheckDataPlane(grant.key)
            return
        }
        startTableStoreJobs()
    }

    /// Notes the VSIs the port touched, to be written behind.
    func noteChangedRecords() {
        let changed = core.port.takeChangedVSIs()
        guard !changed.isEmpty else {
            return
        }
        tableStore?.dirty.formUnion(changed)
        startTableStoreJobs()
    }

    /// Starts the task that commits, unless it runs or there is nothing to do.
    private func startTableStoreJobs() {
        guard let driver = tableStore, driver.task == nil, driver.hasWork, !core.stopped else {
            return
        }
        tableStore?.task = Task { [weak self] in
            await self?.runTableStoreJobs()
        }
    }

    /// Commits batches until none is left; then hands each batch's grants to the port.
    private func runTableStoreJobs() async {
        while !core.stopped, !Task.isCancelled, let storage = tableStore?.storage {
            noteChangedRecordsQuietly()
            guard let batch = tableStore?.takeBatch(), !batch.grants.isEmpty || !batch.dirty.isEmpty else {
                break
            }
            let changes = tableChanges(batch, wallClock: storage.wallClock)
            var failure: BridgeTableStoreError?
            if !changes.isEmpty {
                do throws(BridgeTableStoreError) {
                    try await storage.store.commit(changes)
                } catch {
                    failure = error
                }
            }
            var output: [BridgeEVBOutput] = []
            if let failure {
                tableStore?.counters.commitFailures += 1
                tableStore?.lastError = failure
                tableStore?.dirty.formUnion(batch.dirty)
                for grant in batch.grants {
                    tableStore?.counters.grantsRefused += 1
                    refuse(grant.id, grant.key, hadPrevious: grant.hadPrevious, into: &output)
                    recheckDataPlane(grant.key)
                }
            } else {
                if !changes.isEmpty {
                    tableStore?.counters.commits += 1
                }
                decide(batch.grants, into: &output)
            }
            if !output.isEmpty {
                await dispatch(output)
                schedule()
            }
            if failure != nil {
                try? await core.clock.sleep(until: core.clock.now() + Self.tableStoreRetryDelay)
            }
        }
        tableStore?.task = nil
        if !core.stopped, !Task.isCancelled {
            startTableStoreJobs()
        }
    }

    /// Hands durable grants to the port. The records the port then touches for them are already written (with a
    /// deadline a commit earlier, which the next keep-alive moves on), so they are not written again. A grant the
    /// port no longer waits for (timed out, or its VSI went away meanwhile) is written again behind, so the store
    /// comes to hold what the port holds, and the data plane is brought in line.
    private func decide(_ grants: [TableStoreDriver.Grant], into output: inout [BridgeEVBOutput]) {
        noteChangedRecordsQuietly()
        var stored: Set<VSIID> = []
        var late: Set<VSIID> = []
        for grant in grants {
            tableStore?.counters.grantsStored += 1
            guard isPending(grant) else {
                late.insert(grant.key.vsiID)
                recheckDataPlane(grant.key)
                continue
            }
            core.port.decide(grant.id, grant.decision, at: core.clock.now(), into: &output)
            recheckDataPlane(grant.key)
            if core.port.port.record(of: grant.key.vsiID)?.state == grant.state {
                stored.insert(grant.key.vsiID)
            }
        }
        tableStore?.dirty.formUnion(core.port.takeChangedVSIs().subtracting(stored).union(late))
    }

    /// Whether the port still waits for the grant's decision.
    private func isPending(_ grant: TableStoreDriver.Grant) -> Bool {
        guard let record = core.port.port.record(of: grant.key.vsiID) else {
            return false
        }
        return record.key == grant.key && record.decisionPending
    }

    /// Moves the VSIs the port touched into the set written behind, without starting a job.
    private func noteChangedRecordsQuietly() {
        tableStore?.dirty.formUnion(core.port.takeChangedVSIs())
    }

    /// The changes of a batch, one per VSI: the dirty VSIs as the port holds them now (a VSI waiting for a
    /// decision keeps what was stored), then the grants, which override them.
    private func tableChanges(
        _ batch: (grants: [TableStoreDriver.Grant], dirty: [VSIID]),
        wallClock: @Sendable () -> Duration
    ) -> [BridgeTableChange] {
        let port = core.port.port
        let now = core.clock.now()
        let wallNow = wallClock()
        var changes: [VSIID: BridgeTableChange] = [:]
        changes.reserveCapacity(batch.grants.count + batch.dirty.count)
        for vsiID in batch.dirty {
            if let snapshot = port.snapshot(of: vsiID) {
                changes[vsiID] = .put(Self.record(snapshot, now: now, wallNow: wallNow))
                tableStore?.counters.recordsWritten += 1
            } else if let record = port.record(of: vsiID), record.decisionPending, record.state != nil {
                continue
            } else {
                changes[vsiID] = .remove(vsiID)
                tableStore?.counters.removals += 1
            }
        }
        let keepAlive = port.timers.toutKeepAlive
        for grant in batch.grants where isPending(grant) {
            let vsiID = grant.key.vsiID
            changes[vsiID] = .put(
                BridgeTableRecord(
                    key: grant.key,
                    descriptor: grant.descriptor,
                    state: grant.state,
                    vidHolds: port.vidHolds(of: vsiID),
                    keepAliveDeadline: wallNow + keepAlive
                )
            )
        }
        return Array(changes.values)
    }

    private static func record(_ snapshot: BridgeVSISnapshot, now: Instant, wallNow: Duration) -> BridgeTableRecord {
        BridgeTableRecord(
            key: snapshot.key,
            descriptor: snapshot.descriptor,
            state: snapshot.state,
            vidHolds: snapshot.vidHolds,
            keepAliveDeadline: wallNow + (snapshot.deadline - now)
        )
    }
}
