/// How soon the service requests a wanted VSI again after a failure (no answer, the bridge ended it, a
/// keep-alive failed): after ``initialDelay``, doubling with each further failure up to ``maximumDelay``, and
/// back to the start once the bridge confirms it. The service looks for due VSIs every ``tickInterval``.
public struct RetryPolicy: Hashable, Sendable {
    /// The delay after the first failure (default 1 s).
    public var initialDelay = Duration.seconds(1)
    /// The longest delay (default 60 s).
    public var maximumDelay = Duration.seconds(60)
    /// How often the service looks for VSIs to request again (default 1 s).
    public var tickInterval = Duration.seconds(1)
    /// How many requests go to the agent in one batch (default 256).
    public var batchSize = 256
    /// How long a client's request waits for EVB negotiation before it is answered "port down" (its want is
    /// kept and requested once negotiated; default 10 s).
    public var negotiationWait = Duration.seconds(10)

    /// The defaults.
    public init() {}

    /// The delay after `failures` consecutive failures (1 or more).
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initialDelay
        var count = 1
        while count < failures, delay < maximumDelay {
            delay = delay * 2
            count += 1
        }
        return min(delay, maximumDelay)
    }
}
