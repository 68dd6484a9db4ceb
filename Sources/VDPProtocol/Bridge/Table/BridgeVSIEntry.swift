/// One row of a bridge port's VSI table: the VSI's machine (its station, descriptor, state and counters; a
/// pending request is boxed, so established VSIs do not carry room for one) and the holds it takes in the VID
/// pool, inline for the common one-VID case.
struct BridgeVSIEntry: Sendable, Equatable {
    /// The VSI's state machine.
    var machine: BridgeVSIMachine
    /// The VSI's holds in the port's VID pool.
    var holds: BridgeVSIHolds
}
