import Synchronization
import VDPDaemon

/// A race between the daemon's answer and a deadline: the first to finish resumes the waiting reply, the other is
/// ignored. Unlike a task group, the loser is not waited for.
final class FirstAnswer: Sendable {
    private let state = Mutex<State>(State())

    private struct State {
        var continuation: CheckedContinuation<ControlResponse?, Never>?
        var result: ControlResponse??
    }

    /// Sets the waiting reply; resumes it at once when the race is already over.
    func begin(_ continuation: CheckedContinuation<ControlResponse?, Never>) {
        let finished = state.withLock { state -> ControlResponse?? in
            guard let result = state.result else {
                state.continuation = continuation
                return nil
            }
            return result
        }
        if let finished {
            continuation.resume(returning: finished)
        }
    }

    /// Ends the race with `result` (`nil`: the deadline), unless it is already over.
    func finish(_ result: ControlResponse?) {
        let continuation = state.withLock { state -> CheckedContinuation<ControlResponse?, Never>? in
            guard state.result == nil else {
                return nil
            }
            state.result = .some(result)
            let waiting = state.continuation
            state.continuation = nil
            return waiting
        }
        continuation?.resume(returning: result)
    }
}
