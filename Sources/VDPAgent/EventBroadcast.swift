/// An agent's events, delivered to every subscriber through a bounded buffer of its own, a batch at a time (see
/// ``EventSubscription``): when a subscriber falls more than ``limit`` batches behind, its oldest batches are dropped
/// and their events counted.
struct EventBroadcast<Event: Sendable>: Sendable {
    private var subscribers: [UInt64: AsyncStream<[Event]>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0
    private var finished = false
    /// Each subscriber's buffer size, in batches.
    let limit: Int
    /// Events dropped (summed over subscribers) because a subscriber's buffer was full.
    private(set) var dropped: UInt64 = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// A new subscription that receives every event from now on; already finished when the agent has stopped.
    mutating func subscribe() -> EventSubscription<Event> {
        let (stream, continuation) = AsyncStream<[Event]>.makeStream(bufferingPolicy: .bufferingNewest(max(limit, 1)))
        if finished {
            continuation.finish()
        } else {
            subscribers[nextSubscriber] = continuation
            nextSubscriber &+= 1
        }
        return EventSubscription(batches: stream)
    }

    /// Delivers a batch of events to every subscriber, in one piece (nothing for an empty batch); forgets
    /// subscribers that stopped listening.
    mutating func yield(_ events: [Event]) {
        guard !events.isEmpty else {
            return
        }
        for (id, continuation) in subscribers {
            switch continuation.yield(events) {
            case .dropped(let batch):
                dropped &+= UInt64(batch.count)
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
