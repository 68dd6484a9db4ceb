/// What an EVB port (``StationEVBPort`` or ``BridgeEVBPort``) has counted, besides its VDP port's counters.
///
/// Read-only outside the port. Encoded with `Codable` as an object of the counters under their own names.
public struct EVBPortCounters: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Frames the driver reported it could not send.
    public internal(set) var sendFailures: UInt64 = 0
    /// Times the negotiated peer was lost (TTL expiry, shutdown LLDPDU, EVB TLV withdrawn).
    public internal(set) var peerLosses: UInt64 = 0
    /// Times the link went down.
    public internal(set) var linkDowns: UInt64 = 0
    /// VSIs requested again after a peer loss, a link outage or an unanswered keep-alive (station only).
    public internal(set) var reassociations: UInt64 = 0

    /// All zero.
    package init() {}

    /// `send failures N, peer losses N, link downs N, reassociations N`.
    public var description: String {
        "send failures \(sendFailures), peer losses \(peerLosses), link downs \(linkDowns), "
            + "reassociations \(reassociations)"
    }
}
