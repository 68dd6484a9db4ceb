/// An agent's events, delivered to every subscriber through a bounded buffer of its own: when a subscriber falls
/// more than ``limit`` events behind, its oldest events are dropped and counted.
struct EventBroadcast<Event: Sendable>: Sendable {
    private var subscribers: [UInt64: AsyncStream<Event>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0
    private var finished = false
    /// Each subscriber's buffer size.
    let limit: Int
    /// Events dropped (summed over subscribers) because a subscriber's buffer was full.
    private(set) var dropped: UInt64 = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// A new stream that receives every event from now on; already finished when the agent has stopped.
    mutating func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(max(limit, 1)))
        if finished {
            continuation.finish()
        } else {
            subscribers[nextSubscriber] = continuation
            nextSubscriber &+= 1
        }
        return stream
    }

    /// Delivers an event to every subscriber; forgets subscribers that stopped listening.
    mutating func yield(_ event: Event) {
        for (id, continuation) in subscribers {
            switch continuation.yield(event) {
            case .dropped:
                dropped &+= 1
            case .terminated:
                subscribers.removeValue(forKey: id)
            case .enqueued:
                continue
            @unknown default:
                continue
            }
        }
    }

    /// Ends every stream.
    mutating func finish() {
        finished = true
        for continuation in subscribers.values {
            continuation.finish()
        }
        subscribers.removeAll()
    }
}
