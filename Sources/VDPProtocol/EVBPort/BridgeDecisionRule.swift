/// A bridge policy that decides synchronously, usable by every driver of a ``BridgeEVBPort``: the simulation
/// (in virtual time) and the `BridgeAgent` actor (without a task per decision).
///
/// The rule returns the decision, or `nil` to leave the request undecided, to be answered later with
/// ``BridgeEVBPort/decide(_:_:at:into:)`` (or the driver's `decide`); a request still undecided after
/// resourceWaitDelay is refused by the port as ``BridgeRejectionReason/policyUnreachable``.
public struct BridgeDecisionRule: Sendable {
    private let body: @Sendable (BridgeDecisionRequest) -> BridgeDecision?

    /// Wraps a closure.
    public init(_ body: @escaping @Sendable (BridgeDecisionRequest) -> BridgeDecision?) {
        self.body = body
    }

    /// Decides one request, or returns `nil` to leave it undecided.
    public func decide(_ request: BridgeDecisionRequest) -> BridgeDecision? {
        body(request)
    }

    /// Accepts every request, with null VIDs from the port's pool.
    public static let acceptAll = BridgeDecisionRule { _ in .accept }

    /// Leaves every request undecided.
    public static let undecided = BridgeDecisionRule { _ in nil }
}
