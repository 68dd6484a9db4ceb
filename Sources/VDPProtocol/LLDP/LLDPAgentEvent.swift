/// What an ``LLDPAgent`` reports about its peer's EVB state.
public enum LLDPAgentEvent: Hashable, Sendable {
    /// The first EVB TLV of the opposite role was heard; ECP and VDP can start with these parameters.
    case peerNegotiated(EVBParameters)
    /// The negotiated parameters or the reflective-relay state changed; the parameters are the new ones.
    case peerChanged(EVBParameters)
    /// The negotiated peer is gone: its TTL expired, it sent a shutdown LLDPDU, or it stopped sending the EVB TLV.
    /// The parameters are back to the local values.
    case peerLost
}
