import VDPProtocol

/// An agent's one pending wake-up: a task that sleeps until the agent's next deadline and then ticks the agent's
/// inbox. A pending wake-up is kept while the deadline is no earlier than it (it then fires early, finds nothing
/// due, and the agent asks again), so that a busy agent, whose deadline moves on with every frame, does not cancel
/// and start a sleeping task per frame; only an earlier deadline replaces it.
struct WakeUpTimer {
    private var task: Task<Void, Never>?
    private var deadline: Instant?

    /// Makes sure a wake-up comes no later than `next`, then runs `fire`; `nil` (nothing due) keeps a pending
    /// wake-up, which is harmless.
    mutating func set(_ next: Instant?, clock: any AgentClock, fire: @escaping @Sendable () -> Void) {
        guard let next else {
            return
        }
        if task != nil, let deadline, deadline <= next {
            return
        }
        task?.cancel()
        deadline = next
        task = Task {
            do {
                try await clock.sleep(until: next)
            } catch {
                return
            }
            fire()
        }
    }

    /// Forgets the wake-up that fired, so the next ``set(_:clock:fire:)`` always schedules.
    mutating func fired() {
        task = nil
        deadline = nil
    }

    /// Cancels the pending wake-up.
    mutating func cancel() {
        task?.cancel()
        fired()
    }
}
