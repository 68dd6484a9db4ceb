import Testing

@testable import VDPProtocol

/// The timer formulas of WIRE.md §4.1, for several exponent sets.
@Suite struct VDPTimersTests {
    @Test func lldpadDefaults() {
        let timers = EVBParameters.lldpadDefaults.timers
        #expect(timers.ackTimer == .microseconds(2560))
        #expect(timers.reinitKeepAlive == .microseconds(10_485_760))
        #expect(timers.resourceWaitDelay == .microseconds(10_485_760))
        #expect(timers.respWaitDelay == .microseconds(15_755_520))
        #expect(timers.toutKeepAlive == .microseconds(15_755_520))
    }

    @Test(arguments: [
        // R, RTE, RWD, RKA, ackTimer µs, respWaitDelay µs, toutKeepAlive µs
        (3, 14, 20, 20, 163_840, 17_448_960, 17_448_960),
        (0, 0, 0, 0, 10, 30, 30),
        (7, 31, 31, 31, 21_474_836_480, 515_396_075_520, 515_396_075_520),
        (2, 10, 15, 22, 10_240, 568_320, 62_991_360),
    ])
    func formulas(r: Int, rte: Int, rwd: Int, rka: Int, ack: Int64, resp: Int64, tout: Int64) {
        let parameters = EVBParameters(
            maximumRetries: UInt8(r),
            retransmissionExponent: UInt8(rte),
            resourceWaitDelayExponent: UInt8(rwd),
            reinitKeepAliveExponent: UInt8(rka)
        )
        let timers = parameters.timers
        #expect(timers.ackTimer == .microseconds(ack))
        #expect(timers.respWaitDelay == .microseconds(resp))
        #expect(timers.toutKeepAlive == .microseconds(tout))
        #expect(timers.reinitKeepAlive == .microseconds(10 << Int64(rka)))
        #expect(timers.resourceWaitDelay == .microseconds(10 << Int64(rwd)))
    }

    @Test func instantArithmeticSaturates() {
        #expect(Instant.zero + .seconds(1) == Instant(nanoseconds: 1_000_000_000))
        #expect(Instant(nanoseconds: .max) + .seconds(1) == Instant(nanoseconds: .max))
        #expect(Instant(nanoseconds: 5) - Instant(nanoseconds: 2) == .nanoseconds(3))
        #expect((Instant.zero + .microseconds(10_485_760)).description == "10.485760s")
    }
}
