import VDPProtocol

/// The time source of an agent: the sans-I/O ports get their ``Instant``s from it, and the agent sleeps on it
/// until the next deadline.
public protocol AgentClock: Sendable {
    /// The current monotonic time.
    func now() -> Instant
    /// Suspends until `deadline` (or throws when the task is cancelled).
    func sleep(until deadline: Instant) async throws
}

/// The monotonic clock of the process (`ContinuousClock`).
public struct SystemAgentClock: AgentClock {
    private let origin = ContinuousClock.now

    /// Creates a clock whose origin is now.
    public init() {}

    /// The time since the clock was created.
    public func now() -> Instant {
        Instant.zero + (ContinuousClock.now - origin)
    }

    /// Sleeps on `ContinuousClock` until `deadline`.
    public func sleep(until deadline: Instant) async throws {
        let remaining = deadline - now()
        if remaining > .zero {
            try await Task.sleep(until: ContinuousClock.now + remaining, clock: .continuous)
        }
    }
}
