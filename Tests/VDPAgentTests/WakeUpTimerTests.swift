import Synchronization
import Testing
import VDPProtocol

@testable import VDPAgent

/// The agent's one wake-up: kept while the deadline moves later, replaced by an earlier one. Driven by a manual
/// clock; nothing waits for real time.
@Suite struct WakeUpTimerTests {
    /// Yields until the clock's sleepers are `deadlines`.
    private func waitForSleepers(_ clock: ManualAgentClock, _ deadlines: [Instant]) async {
        while clock.sleepingUntil != deadlines {
            await Task.yield()
        }
    }

    @Test func aLaterDeadlineKeepsThePendingWakeUpAndAnEarlierOneReplacesIt() async {
        let clock = ManualAgentClock()
        let fired = Atomic<Int>(0)
        let fire: @Sendable () -> Void = { fired.add(1, ordering: .relaxed) }
        var timer = WakeUpTimer()
        let ten = Instant.zero + .milliseconds(10)
        let five = Instant.zero + .milliseconds(5)
        timer.set(ten, clock: clock, fire: fire)
        await waitForSleepers(clock, [ten])
        timer.set(Instant.zero + .milliseconds(20), clock: clock, fire: fire)
        timer.set(nil, clock: clock, fire: fire)
        timer.set(ten, clock: clock, fire: fire)
        await waitForSleepers(clock, [ten])
        timer.set(five, clock: clock, fire: fire)
        await waitForSleepers(clock, [five])
        clock.advance(by: .milliseconds(5))
        while fired.load(ordering: .relaxed) == 0 {
            await Task.yield()
        }
        timer.fired()
        timer.set(Instant.zero + .milliseconds(30), clock: clock, fire: fire)
        await waitForSleepers(clock, [Instant.zero + .milliseconds(30)])
        timer.cancel()
        await waitForSleepers(clock, [])
        #expect(fired.load(ordering: .relaxed) == 1)
    }
}
