import VDPProtocol

/// An agent's one pending wake-up: a task that sleeps until the agent's next deadline and then ticks the agent's
/// inbox, replaced whenever that deadline changes.
struct WakeUpTimer {
    private var task: Task<Void, Never>?
    private var deadline: Instant?

    /// Sleeps until `next` (cancelling a wake-up for another time), then runs `fire`; `nil` cancels.
    mutating func set(_ next: Instant?, clock: any AgentClock, fire: @escaping @Sendable () -> Void) {
        guard next != deadline || task == nil else {
            return
        }
        task?.cancel()
        deadline = next
        guard let next else {
            task = nil
            return
        }
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
