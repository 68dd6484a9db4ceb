import VDPWire

/// What a ``BridgeEVBPort`` asks its driver to do.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum BridgeEVBOutput: Hashable, Sendable {
    /// Send this frame (ECP or LLDP).
    case send(Frame)
    /// The policy must decide this request; answer with ``BridgeEVBPort/decide(_:_:at:into:)``.
    case decisionRequired(BridgeDecisionRequest)
    /// A change of the VSI table, negotiation, the peer or the link.
    case event(BridgeEVBEvent)
}
