/// Writes a station service's wanted set to its ``StateFile``, one writer at a time, coalescing saves: one journal
/// append (or one new snapshot) covers every change made before it.
///
/// A save is numbered when asked for and answered when a write that includes it is on disk. The journal is
/// compacted into a new snapshot when it would grow past the threshold (or as many entries as there are wanted
/// VSIs, if more), after a failed write (a failed append may have left part of a line), and when
/// ``requireCompaction()`` asks for it (at start, after a journal was replayed or a file set aside).
actor StateWriter {
    private let file: StateFile
    /// The newest wanted set a save was asked for: what the next write writes.
    private var latest = WantedSet()
    private var requested: UInt64 = 0
    private var done: UInt64 = 0
    private var writing = false
    private var changedKeys: Set<WantedKey> = []
    private var changedOrder: [WantedKey] = []
    private var journalEntries = 0
    private var compactionNeeded = false
    /// The journal length past which a save writes a new snapshot instead: 1,024 entries (tests set less).
    private var compactionThreshold = 1_024
    private var waiters: [(generation: UInt64, continuation: CheckedContinuation<StateFileError?, Never>)] = []

    /// A writer of `file`.
    init(file: StateFile) {
        self.file = file
    }

    /// Whether a save is being written or waits to be.
    var isBusy: Bool {
        writing || done < requested
    }

    /// Sets the journal length past which a save compacts (tests).
    func setCompactionThreshold(_ entries: Int) {
        compactionThreshold = max(1, entries)
    }

    /// Makes the next write a whole snapshot.
    func requireCompaction() {
        compactionNeeded = true
    }

    /// Notes that the want of a VSI changed, for the next write to append.
    func noteChanged(_ key: WantedKey) {
        if changedKeys.insert(key).inserted {
            changedOrder.append(key)
        }
    }

    /// Saves `wanted` (or a newer set a later save gives), noting first that `key`'s want changed; returns when
    /// a write that includes it is on disk, with the error if that write failed.
    func save(_ wanted: WantedSet, changing key: WantedKey? = nil) async -> StateFileError? {
        if let key {
            noteChanged(key)
        }
        latest = wanted
        requested &+= 1
        let generation = requested
        if !writing {
            writing = true
            Task { await self.writeLoop() }
        }
        return await withCheckedContinuation { continuation in
            waiters.append((generation, continuation))
        }
    }

    private func writeLoop() async {
        while done < requested {
            let target = requested
            let snapshot = latest
            let keys = changedOrder
            changedOrder.removeAll()
            changedKeys.removeAll()
            let compact =
                compactionNeeded || journalEntries + keys.count > max(compactionThreshold, snapshot.count)
            let file = self.file
            let error: StateFileError? = await Task.detached {
                do throws(StateFileError) {
                    if compact {
                        try file.save(snapshot)
                    } else {
                        try file.append(keys, of: snapshot)
                    }
                    return nil
                } catch {
                    return error
                }
            }.value
            if error != nil {
                compactionNeeded = true
            } else if compact {
                compactionNeeded = false
                journalEntries = 0
            } else {
                journalEntries += keys.count
            }
            done = target
            let finished = waiters.filter { $0.generation <= target }
            waiters.removeAll { $0.generation <= target }
            for waiter in finished {
                waiter.continuation.resume(returning: error)
            }
        }
        writing = false
    }
}
