import VDPProtocol

/// One interface in the result of `status`.
///
/// Encoded with `Codable` as `{"name": "eth0", "linkUp": true, "negotiated": true, "parameters": { … },
/// "counters": { … }, "evbCounters": { … }, "wantedVSIs": 12}`; `parameters` left out until EVB is negotiated.
public struct InterfaceStatus: Hashable, Sendable, Codable {
    /// The interface's name.
    public var name: String
    /// Whether the link is up (carrier and operational state).
    public var linkUp: Bool
    /// Whether EVB is negotiated with a bridge.
    public var negotiated: Bool
    /// The negotiated EVB parameters, while negotiated.
    public var parameters: EVBParameters?
    /// The station port's VDP counters.
    public var counters: StationPortCounters
    /// The EVB port's counters (send failures, peer losses, link downs, reassociations).
    public var evbCounters: EVBPortCounters
    /// How many VSIs clients want on this interface.
    public var wantedVSIs: Int

    /// Creates an entry.
    public init(
        name: String,
        linkUp: Bool,
        negotiated: Bool,
        parameters: EVBParameters?,
        counters: StationPortCounters,
        evbCounters: EVBPortCounters,
        wantedVSIs: Int
    ) {
        self.name = name
        self.linkUp = linkUp
        self.negotiated = negotiated
        self.parameters = parameters
        self.counters = counters
        self.evbCounters = evbCounters
        self.wantedVSIs = wantedVSIs
    }
}
