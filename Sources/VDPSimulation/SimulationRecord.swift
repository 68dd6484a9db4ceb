import VDPProtocol
import VDPWire

/// Which way a frame travels on a simulated link.
public enum LinkDirection: Hashable, Sendable, CustomStringConvertible {
    /// From the station to the bridge.
    case stationToBridge
    /// From the bridge to the station.
    case bridgeToStation

    /// `→` or `←`.
    public var description: String {
        switch self {
        case .stationToBridge: "station → bridge"
        case .bridgeToStation: "bridge → station"
        }
    }
}

/// What happened to a frame on a simulated link.
public enum FrameFate: Hashable, Sendable {
    /// Delivered once.
    case delivered
    /// Lost.
    case lost
    /// Delivered twice.
    case duplicated
    /// Held back, so later frames may overtake it.
    case reordered
    /// Dropped because the sending or receiving end is silent.
    case silenced
}

/// One entry of a simulation's log.
public enum SimulationRecord: Hashable, Sendable {
    /// A frame was sent on link `link`.
    case frame(link: Int, at: Instant, direction: LinkDirection, frame: Frame, fate: FrameFate)
    /// A frame (or a copy of one) reached the receiving end of link `link`.
    case arrived(link: Int, at: Instant, direction: LinkDirection, frame: Frame)
    /// A station command finished.
    case completed(link: Int, at: Instant, StationRequestID, VSIID, Result<StationVSIState?, StationRequestFailure>)
    /// A station saw something no command asked for.
    case stationEvent(link: Int, at: Instant, StationEvent)
    /// A bridge port's table changed.
    case bridgeEvent(link: Int, at: Instant, BridgeEvent)
    /// A bridge port asked its policy.
    case decisionRequired(link: Int, at: Instant, BridgeDecisionRequest)
    /// EVB negotiation on the link gave the station these parameters.
    case negotiated(link: Int, at: Instant, EVBParameters)
    /// The station's EVB port reported a peer loss, a VSI requested again, or a link change.
    case stationEVBEvent(link: Int, at: Instant, StationEVBEvent)
    /// The bridge's EVB port reported negotiation, a peer loss or a link change.
    case bridgeEVBEvent(link: Int, at: Instant, BridgeEVBEvent)
}
