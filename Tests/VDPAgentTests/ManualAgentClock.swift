// Shared by path: Tests/VDPDaemonTests/ManualAgentClock.swift is a symbolic link to this file.
import Synchronization
import VDPAgent
import VDPProtocol

/// An ``AgentClock`` that stands still until the test advances it: sleepers wake only when ``advance(by:)`` reaches
/// their deadline, so protocol timers fire exactly when the test says.
final class ManualAgentClock: AgentClock {
    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant.zero
        var nextSleeper: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        /// Sleepers cancelled before their continuation was stored.
        var cancelledEarly: Set<UInt64> = []
    }

    private let state = Mutex(State())
    /// The `ContinuousClock` instant that stands for `.zero`, to map link stamps (``stamp(at:)``) to the test's time.
    private let origin = ContinuousClock.now

    /// The link stamp of the test's instant `instant`: a frame stamped with it arrived then.
    func stamp(at instant: Instant) -> ContinuousClock.Instant {
        origin + (instant - .zero)
    }

    /// The test's instant of a link stamp made by ``stamp(at:)``.
    func instant(of received: ContinuousClock.Instant) -> Instant? {
        .zero + (received - origin)
    }

    /// The test's current time.
    func now() -> Instant {
        state.withLock { $0.now }
    }

    /// The deadlines of the tasks now sleeping on the clock, earliest first.
    var sleepingUntil: [Instant] {
        state.withLock { $0.sleepers.values.map(\.deadline).sorted() }
    }

    /// Returns at once when `deadline` has passed, otherwise when ``advance(by:)`` reaches it; throws
    /// `CancellationError` when the task is cancelled first.
    func sleep(until deadline: Instant) async throws {
        let id: UInt64? = state.withLock { state in
            guard deadline > state.now else {
                return nil
            }
            defer { state.nextSleeper &+= 1 }
            return state.nextSleeper
        }
        guard let id else {
            return
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = state.withLock { state in
                    if state.cancelledEarly.remove(id) != nil {
                        return .some(CancellationError())
                    }
                    if deadline <= state.now {
                        return .some(nil)
                    }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return .none
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let sleeper = state.sleepers.removeValue(forKey: id) else {
                    state.cancelledEarly.insert(id)
                    return nil
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the time forward and wakes every sleeper whose deadline it reaches.
    func advance(by duration: Duration) {
        let woken: [Sleeper] = state.withLock { state in
            state.now = state.now + duration
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys {
                state.sleepers.removeValue(forKey: id)
            }
            return Array(due.values)
        }
        for sleeper in woken {
            sleeper.continuation.resume()
        }
    }
}
