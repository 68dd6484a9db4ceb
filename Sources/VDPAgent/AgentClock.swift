import VDPProtocol

/// The time source of an agent: the sans-I/O ports get their ``Instant``s from it, and the agent sleeps on it
/// until the next deadline.
public protocol AgentClock: Sendable {
    /// The current monotonic time.
    func now() -> Instant
    /// Suspends until `deadline` (or throws when the task is cancelled).
    func sleep(until deadline: Instant) async throws
    /// The clock's time of a frame's ``ReceivedFrame/receivedAt`` stamp, or `nil` when the clock cannot map it
    /// (the agent then uses ``now()``).
    func instant(of received: ContinuousClock.Instant) -> Instant?
}

extension AgentClock {
    /// Cannot map stamps: frames count as received when the agent handles them.
    public func instant(of received: ContinuousClock.Instant) -> Instant? { nil }
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

    /// The stamp's time since the clock was created (never before its origin).
    public func instant(of received: ContinuousClock.Instant) -> Instant? {
        Instant.zero + max(received - origin, .zero)
    }
}
