import VDPWire

/// What a ``StationEVBPort`` asks its driver to do.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum StationEVBOutput: Hashable, Sendable {
    /// Send this frame (ECP or LLDP).
    case send(Frame)
    /// A request made with ``StationEVBPort/request(_:for:hints:at:into:)`` finished: the state the bridge
    /// confirmed (`nil` after a De-Associate), or why it failed.
    case completed(StationRequestID, VSIID, Result<StationVSIState?, StationRequestFailure>)
    /// Something no request asked for.
    case event(StationEVBEvent)
}
