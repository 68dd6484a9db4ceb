import Testing

@testable import VDPAgent

/// An agent's events reach each subscriber a batch at a time, bounded per subscriber.
@Suite struct EventBroadcastTests {
    @Test func eachBatchArrivesWholeAndTheEventsInOrder() async {
        var broadcast = EventBroadcast<Int>(limit: 8)
        let batches = broadcast.subscribe()
        let events = broadcast.subscribe()
        broadcast.yield([1, 2, 3])
        broadcast.yield([])
        broadcast.yield([4])
        broadcast.finish()
        var received: [[Int]] = []
        for await batch in batches.batches {
            received.append(batch)
        }
        #expect(received == [[1, 2, 3], [4]], "an empty batch is not delivered")
        var flat: [Int] = []
        for await event in events {
            flat.append(event)
        }
        #expect(flat == [1, 2, 3, 4])
        #expect(broadcast.dropped == 0)
    }

    @Test func aSubscriberThatFallsBehindLosesItsOldestBatches() async {
        var broadcast = EventBroadcast<Int>(limit: 2)
        let subscription = broadcast.subscribe()
        broadcast.yield([1, 2])
        broadcast.yield([3])
        broadcast.yield([4, 5, 6])
        broadcast.finish()
        var flat: [Int] = []
        for await event in subscription {
            flat.append(event)
        }
        #expect(flat == [3, 4, 5, 6])
        #expect(broadcast.dropped == 2, "the events of the dropped batch are counted")
    }

    @Test func aSubscriptionAfterTheEndIsFinished() async {
        var broadcast = EventBroadcast<Int>(limit: 4)
        broadcast.finish()
        let subscription = broadcast.subscribe()
        broadcast.yield([1])
        var iterator = subscription.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }
}
