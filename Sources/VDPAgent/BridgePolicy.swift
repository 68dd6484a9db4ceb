import VDPProtocol

/// An asynchronous decision-maker of a bridge agent: authorizes each request and chooses VIDs for null VIDs.
///
/// Called for each request that is not a keep-alive, in a task the agent tracks (``BridgeAgent/stop()`` cancels
/// it). An answer later than resourceWaitDelay is too late: the bridge has already answered the station with
/// "unable to contact VSI manager". A policy that can answer at once is better given as a ``BridgeDecisionRule``
/// (no task per request, and the simulation takes the same type).
public protocol BridgePolicy: Sendable {
    /// Decides one request.
    func decide(_ request: BridgeDecisionRequest) async -> BridgeDecision
}

/// A policy given as a closure.
public struct ClosureBridgePolicy: BridgePolicy {
    private let body: @Sendable (BridgeDecisionRequest) async -> BridgeDecision

    /// Wraps a closure.
    public init(_ body: @escaping @Sendable (BridgeDecisionRequest) async -> BridgeDecision) {
        self.body = body
    }

    /// Calls the closure.
    public func decide(_ request: BridgeDecisionRequest) async -> BridgeDecision {
        await body(request)
    }
}
