import Synchronization
import VDPAgent

/// A ``DataPlaneBackend`` that records every call, can hold calls until the test opens its gate, and can fail.
final class RecordingBackend: DataPlaneBackend {
    private struct State {
        var batches: [[DataPlaneChange]] = []
        var reconciliations: [[DataPlaneVSI]] = []
        var failing = false
        var closed = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Whether every call fails.
    func setFailing(_ failing: Bool) {
        state.withLock { $0.failing = failing }
    }

    /// Holds calls until ``open()``.
    func close() {
        state.withLock { $0.closed = true }
    }

    /// Lets held calls (and every later one) through.
    func open() {
        let waiting = state.withLock { state in
            state.closed = false
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }

    /// The batches applied (or attempted), in order.
    var batches: [[DataPlaneChange]] { state.withLock { $0.batches } }

    /// Every change, in order.
    var changes: [DataPlaneChange] { batches.flatMap { $0 } }

    /// The tables reconciled, in order.
    var reconciliations: [[DataPlaneVSI]] { state.withLock { $0.reconciliations } }

    /// How many calls wait at the closed gate.
    var held: Int { state.withLock { $0.waiting.count } }

    func apply(_ changes: [DataPlaneChange]) async throws(DataPlaneError) {
        await pass()
        let failing = state.withLock { state in
            state.batches.append(changes)
            return state.failing
        }
        if failing {
            throw DataPlaneError(.refused, "test backend refuses")
        }
    }

    func reconcile(_ table: [DataPlaneVSI]) async throws(DataPlaneError) {
        await pass()
        state.withLock { $0.reconciliations.append(table) }
    }

    private func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let proceed = state.withLock { state in
                guard state.closed else {
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if proceed {
                continuation.resume()
            }
        }
    }
}
