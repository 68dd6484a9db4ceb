import Synchronization
import VDPAgent
import VDPProtocol
import VDPWire

/// A ``BridgeTableStore`` in memory that counts its commits and can be made to fail.
final class MemoryTableStore: BridgeTableStore {
    private struct State {
        var records: [VSIID: BridgeTableRecord] = [:]
        var commits = 0
        var failing = false
    }

    private let state = Mutex(State())

    init(_ records: [BridgeTableRecord] = []) {
        state.withLock { state in
            for record in records {
                state.records[record.key.vsiID] = record
            }
        }
    }

    /// What the store holds.
    var records: [VSIID: BridgeTableRecord] { state.withLock { $0.records } }
    /// Commits made.
    var commits: Int { state.withLock { $0.commits } }

    /// Makes every commit fail from now on (or succeed again).
    func fail(_ failing: Bool) {
        state.withLock { $0.failing = failing }
    }

    func load() async throws(BridgeTableStoreError) -> [BridgeTableRecord] {
        state.withLock { Array($0.records.values) }
    }

    func commit(_ changes: [BridgeTableChange]) async throws(BridgeTableStoreError) {
        let failed = state.withLock { state -> Bool in
            guard !state.failing else {
                return true
            }
            state.commits += 1
            for change in changes {
                switch change {
                case .put(let record): state.records[record.key.vsiID] = record
                case .remove(let vsiID): state.records.removeValue(forKey: vsiID)
                @unknown default: break
                }
            }
            return false
        }
        if failed {
            throw BridgeTableStoreError(.writeFailed, "failing on purpose")
        }
    }
}

/// A wall clock the test sets.
final class ManualWallClock: Sendable {
    private let time = Mutex(Duration.seconds(1_800_000_000))

    func now() -> Duration { time.withLock { $0 } }

    func advance(by duration: Duration) {
        time.withLock { $0 += duration }
    }
}
