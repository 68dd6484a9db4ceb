import Testing
import VDPProtocol

@testable import VDPAgent

/// The slots of one batch request: filled once each, in any order.
@Suite struct StationBatchWaiterTests {
    @Test func slotsFillOnceInAnyOrder() {
        var waiter = StationBatchWaiter(count: 3)
        #expect(waiter.remaining == 3)
        waiter.fill(2, with: .success(nil))
        waiter.fill(2, with: .failure(.cancelled))
        #expect(waiter.remaining == 2, "a slot already answered keeps its first answer")
        waiter.fill(-1, with: .success(nil))
        waiter.fill(3, with: .success(nil))
        #expect(waiter.remaining == 2, "slots out of range are ignored")
        waiter.fill(0, with: .failure(.failed(.timeout)))
        #expect(
            waiter.results(unanswered: .failed(.portDown)) == [
                .failure(.failed(.timeout)), .failure(.failed(.portDown)), .success(nil),
            ]
        )
        waiter.fill(1, with: .success(nil))
        #expect(waiter.remaining == 0)
    }

    @Test func anEmptyBatchIsComplete() {
        let waiter = StationBatchWaiter(count: 0)
        #expect(waiter.remaining == 0)
        #expect(waiter.results(unanswered: .cancelled).isEmpty)
    }
}
