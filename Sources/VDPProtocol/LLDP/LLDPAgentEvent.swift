/// What an ``LLDPAgent`` reports about its peer's EVB state.
///
/// Frozen: the three cases are the whole life of a negotiated peer (heard, changed, lost).
///
/// Encoded with `Codable` as an object with one key, the case: `{"peerNegotiated": {"parameters": {…}}}`,
/// `{"peerLost": {}}`.
public enum LLDPAgentEvent: Hashable, Sendable, Codable {
    /// The first EVB TLV of the opposite role was heard; ECP and VDP can start with these parameters.
    case peerNegotiated(EVBParameters)
    /// The negotiated parameters or the reflective-relay state changed; the parameters are the new ones.
    case peerChanged(EVBParameters)
    /// The negotiated peer is gone: its TTL expired, it sent a shutdown LLDPDU, or it stopped sending the EVB TLV.
    /// The parameters are back to the local values.
    case peerLost

    private enum PeerNegotiatedCodingKeys: String, CodingKey {
        case _0 = "parameters"
    }

    private enum PeerChangedCodingKeys: String, CodingKey {
        case _0 = "parameters"
    }
}
