import VDPWire

/// What a station's EVB port reports besides the answers to its requests: the bridge's unasked changes,
/// negotiation, the peer and the link.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum StationEVBEvent: Hashable, Sendable {
    /// The bridge did something no call asked for (de-associated a VSI, changed its VIDs, a keep-alive failed).
    case vsi(StationEvent)
    /// EVB negotiation gave these values (or changed them); ECP and VDP now run with them.
    case negotiated(EVBParameters)
    /// The bridge's LLDP advertisements stopped (TTL expiry or shutdown); every VSI ended, and the established
    /// ones will be requested again when a bridge is heard.
    case peerLost
    /// A VSI that was established before the peer or the link was lost, or whose keep-alive went unanswered, was
    /// requested again; this is the bridge's answer.
    case reassociated(VSIID, Result<StationVSIState, StationLifecycleError>)
    /// The link went down (``StationEVBPort/linkDown(at:into:)``): ECP stopped and every VSI ended; the
    /// established ones will be requested again when the link and the bridge are back.
    case linkDown
    /// The link came back up (``StationEVBPort/linkUp(at:into:)``).
    case linkUp
    /// A frame could not be sent (reported by the driver with ``StationEVBPort/sendFailed(_:at:into:)``).
    case sendFailed(TransmissionFailure)
}
