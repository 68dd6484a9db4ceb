/// A VSI's ``BridgeVSICounters`` as a bridge port's table stores them: 32-bit counters that stop at their
/// maximum instead of overflowing, half the room of the public 64-bit ones.
struct BridgeVSICompactCounters: Sendable, Equatable {
    private var succeeded: UInt32 = 0
    private var failed: UInt32 = 0
    private var reverted: UInt32 = 0
    private var keepAlives: UInt32 = 0

    /// All zero.
    init() {}

    /// The counters, as the EVB MIB's VSI table gives them.
    var counters: BridgeVSICounters {
        var counters = BridgeVSICounters()
        counters.succeeded = UInt64(succeeded)
        counters.failed = UInt64(failed)
        counters.reverted = UInt64(reverted)
        counters.keepAlives = UInt64(keepAlives)
        return counters
    }

    /// One more request granted.
    mutating func countSucceeded() { Self.increment(&succeeded) }

    /// One more request refused without keep.
    mutating func countFailed() { Self.increment(&failed) }

    /// One more request refused with keep.
    mutating func countReverted() { Self.increment(&reverted) }

    /// One more keep-alive answered.
    mutating func countKeepAlive() { Self.increment(&keepAlives) }

    /// Adds one, staying at the maximum once there.
    static func increment(_ counter: inout UInt32) {
        if counter < .max {
            counter += 1
        }
    }
}
