import VDPWire

/// What a bridge's EVB port reports: its VSI table's changes, negotiation, the peer and the link.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
///
/// Encoded with `Codable` as an object with one key, the case: `{"vsi": {"event": {…}}}`,
/// `{"negotiated": {"parameters": {…}}}`, `{"peerLost": {}}`, `{"linkDown": {}}`, `{"linkUp": {}}`,
/// `{"sendFailed": {"failure": {…}}}`.
public enum BridgeEVBEvent: Hashable, Sendable, Codable {
    /// A VSI was granted, changed, refused or removed.
    case vsi(BridgeEvent)
    /// EVB negotiation gave these values (or changed them).
    case negotiated(EVBParameters)
    /// The station's LLDP advertisements stopped; ECP starts afresh and its VSIs stay until refreshed or aged out
    /// (toutKeepAlive).
    case peerLost
    /// The link went down (``BridgeEVBPort/linkDown(at:into:)``): ECP stopped; the VSIs stay until refreshed or
    /// aged out.
    case linkDown
    /// The link came back up (``BridgeEVBPort/linkUp(at:into:)``).
    case linkUp
    /// A frame could not be sent (reported by the driver with ``BridgeEVBPort/sendFailed(_:at:into:)``).
    case sendFailed(TransmissionFailure)

    private enum VsiCodingKeys: String, CodingKey {
        case _0 = "event"
    }

    private enum NegotiatedCodingKeys: String, CodingKey {
        case _0 = "parameters"
    }

    private enum SendFailedCodingKeys: String, CodingKey {
        case _0 = "failure"
    }
}
