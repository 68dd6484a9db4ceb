import VDPProtocol
import VDPWire

/// One VSI that a client wants, in the results of `list` and `get`.
///
/// Encoded with `Codable` as `{"interface": "eth0", "vsiID": { … }, "descriptor": { … }, "wanted": {"associate":
/// {}}, "confirmed": { … }, "granted": { … }, "lastOutcome": {"succeeded": { … }}, "inFlight": false}`; `confirmed` (a
/// `StationVSIState`, whose filter info holds the VIDs the bridge granted), `granted` (a `FilterInfo`) and
/// `lastOutcome` left out when there is none. `vsiID` repeats `descriptor.vsiID` for readers; decoding ignores it.
public struct WantedVSIStatus: Hashable, Sendable, Codable {
    /// The interface.
    public var interface: String
    /// The VSI as the client last gave it.
    public var descriptor: VSIDescriptor
    /// What the client last asked for.
    public var wanted: ControlLifecycleAction
    /// What the bridge last confirmed, with the VIDs it granted; `nil` when nothing is confirmed.
    public var confirmed: StationVSIState?
    /// The filters the bridge last confirmed, with the VIDs it granted, when they differ from the descriptor's;
    /// saved in the state file, so reported after a restart before the bridge confirms the VSI again.
    public var granted: FilterInfo?
    /// How the last request for this VSI ended; `nil` while the first is in flight.
    public var lastOutcome: ControlOutcome?
    /// Whether a request for this VSI is waiting for the bridge.
    public var inFlight: Bool

    /// The VSI's ID.
    public var vsiID: VSIID { descriptor.vsiID }

    /// Creates an entry.
    public init(
        interface: String,
        descriptor: VSIDescriptor,
        wanted: ControlLifecycleAction,
        confirmed: StationVSIState?,
        lastOutcome: ControlOutcome?,
        inFlight: Bool,
        granted: FilterInfo? = nil
    ) {
        self.interface = interface
        self.descriptor = descriptor
        self.wanted = wanted
        self.confirmed = confirmed
        self.granted = granted
        self.lastOutcome = lastOutcome
        self.inFlight = inFlight
    }

    private enum CodingKeys: String, CodingKey {
        case interface, vsiID, descriptor, wanted, confirmed, granted, lastOutcome, inFlight
    }

    /// Decodes an entry; `vsiID` is ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interface = try container.decode(String.self, forKey: .interface)
        descriptor = try container.decode(VSIDescriptor.self, forKey: .descriptor)
        wanted = try container.decode(ControlLifecycleAction.self, forKey: .wanted)
        confirmed = try container.decodeIfPresent(StationVSIState.self, forKey: .confirmed)
        granted = try container.decodeIfPresent(FilterInfo.self, forKey: .granted)
        lastOutcome = try container.decodeIfPresent(ControlOutcome.self, forKey: .lastOutcome)
        inFlight = try container.decode(Bool.self, forKey: .inFlight)
    }

    /// Encodes the entry, with `vsiID`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(interface, forKey: .interface)
        try container.encode(descriptor.vsiID, forKey: .vsiID)
        try container.encode(descriptor, forKey: .descriptor)
        try container.encode(wanted, forKey: .wanted)
        try container.encodeIfPresent(confirmed, forKey: .confirmed)
        try container.encodeIfPresent(granted, forKey: .granted)
        try container.encodeIfPresent(lastOutcome, forKey: .lastOutcome)
        try container.encode(inFlight, forKey: .inFlight)
    }
}
