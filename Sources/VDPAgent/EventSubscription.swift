/// One subscriber's view of an agent's events: an asynchronous sequence of the events in order, delivered a batch
/// at a time (every event of one turn of the agent together), so that a burst of events, one per VSI when thousands
/// of requests are answered at once, wakes the subscriber once per batch rather than once per event.
///
/// ```swift
/// for await event in await agent.events() { print(event) }          // one event at a time
/// for await batch in await agent.events().batches { print(batch.count) }  // a batch at a time
/// ```
///
/// The buffer behind it is bounded (see ``StationAgent/events()``): when the subscriber falls behind, the oldest
/// batches are dropped and their events counted by the agent.
public struct EventSubscription<Event: Sendable>: AsyncSequence, Sendable {
    /// The events, a batch (never empty) at a time.
    public let batches: AsyncStream<[Event]>

    init(batches: AsyncStream<[Event]>) {
        self.batches = batches
    }

    /// Creates the iterator over the events one by one.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: batches.makeAsyncIterator())
    }

    /// Iterates the events one by one, taking a batch from the buffer when the previous one is used up.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: AsyncStream<[Event]>.Iterator
        private var batch: [Event] = []
        private var position = 0

        init(base: AsyncStream<[Event]>.Iterator) {
            self.base = base
        }

        /// The next event, or `nil` once the agent has stopped and every event has been taken.
        public mutating func next() async -> Event? {
            while position == batch.count {
                guard let next = await base.next() else {
                    return nil
                }
                batch = next
                position = 0
            }
            defer { position += 1 }
            return batch[position]
        }
    }
}
