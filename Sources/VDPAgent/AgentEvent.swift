import VDPProtocol
import VDPWire

/// What a station agent reports besides the answers to its calls.
public enum StationAgentEvent: Hashable, Sendable {
    /// The bridge did something no call asked for (de-associated a VSI, changed its VIDs, a keep-alive failed).
    case vsi(StationEvent)
    /// EVB negotiation gave these values (or changed them); ECP and VDP now run with them.
    case negotiated(EVBParameters)
    /// The bridge's LLDP advertisements stopped (TTL expiry or shutdown); every VSI ended, and will be
    /// associated again when a bridge is heard.
    case peerLost
    /// After the peer came back, a VSI that was established before it was lost was requested again.
    case reassociated(VSIID, Result<StationVSIState, StationLifecycleError>)
}

/// What a bridge agent reports: its VSI table's changes and its peer's state.
public enum BridgeAgentEvent: Hashable, Sendable {
    /// A VSI was granted, changed, refused or removed.
    case vsi(BridgeEvent)
    /// EVB negotiation gave these values (or changed them).
    case negotiated(EVBParameters)
    /// The station's LLDP advertisements stopped; its VSIs stay until refreshed or aged out (toutKeepAlive).
    case peerLost
}

/// Why a lifecycle call did not give the bridge's agreement.
public enum StationLifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A local rule refused the call; nothing was sent.
    case refused(StationCommandError)
    /// The request was sent, and the bridge refused it or it was lost.
    case failed(StationRequestFailure)

    /// A short description.
    public var description: String {
        switch self {
        case .refused(let error): "refused locally: \(error)"
        case .failed(let failure): "failed: \(failure)"
        }
    }
}

/// The decision-maker of a bridge agent: authorizes each request and chooses VIDs for null VIDs.
///
/// Called for each request that is not a keep-alive. An answer later than resourceWaitDelay is too late: the
/// bridge has already answered the station with "unable to contact VSI manager".
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
