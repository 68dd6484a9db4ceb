import VDPWire

/// An EVB port's event type, with the cases for the changes an ``EVBLink`` reports.
protocol EVBLinkEvent {
    /// EVB negotiation gave these values (or changed them).
    static func negotiated(_ parameters: EVBParameters) -> Self
    /// The negotiated peer was lost.
    static var peerLost: Self { get }
    /// The link went down.
    static var linkDown: Self { get }
    /// The link came back up.
    static var linkUp: Self { get }
    /// A frame could not be sent.
    static func sendFailed(_ failure: TransmissionFailure) -> Self
}

extension BridgeEVBEvent: EVBLinkEvent {}

extension StationEVBEvent: EVBLinkEvent {}
