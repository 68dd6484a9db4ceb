/// A frame an EVB port asked for that its driver could not send.
///
/// Encoded with `Codable` as `{"reason": "sendto(\"eth1\"): network is down (ENETDOWN)", "linkDown": true}`.
public struct TransmissionFailure: Hashable, Sendable, CustomStringConvertible, Codable {
    /// What went wrong, as the transport described it.
    public var reason: String
    /// Whether the failure means the link is down (`ENETDOWN`, `ENXIO` and the like): the port then behaves as
    /// after ``StationEVBPort/linkDown(at:into:)`` until the driver reports the link up again.
    public var linkDown: Bool

    /// Creates a failure.
    public init(reason: String, linkDown: Bool) {
        self.reason = reason
        self.linkDown = linkDown
    }

    /// The reason, and whether the link is down.
    public var description: String { linkDown ? "\(reason) (link down)" : reason }
}
