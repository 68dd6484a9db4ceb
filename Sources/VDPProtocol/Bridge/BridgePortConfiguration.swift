import VDPWire

/// How a bridge port runs.
public struct BridgePortConfiguration: Hashable, Sendable {
    /// The port's own MAC address: the source of every frame it sends.
    public var address: MACAddress
    /// How responses are packed into ECPDUs.
    public var batching: Batching
    /// The least time from an ECPDU's acknowledgement (or failure) to the next new ECPDU to the same station.
    public var minimumSpacing: Duration
    /// The EVB values to run with until negotiation says otherwise.
    public var parameters: EVBParameters
    /// The ECP sequence number of the first ECPDU to each station; `nil` starts at 1 (as lldpad), and the agents
    /// of `VDPAgent` choose a random one, so that a restarted end is not taken for a retransmission of its former
    /// self. A station the port forgot and meets again starts further on (see `Docs/HARDENING.md`).
    public var firstSequenceNumber: UInt16?
    /// The VIDs handed out for null VIDs when the policy accepts with ``VIDAssignment/fromPool``; with that
    /// assignment, VIDs a station asks for explicitly must lie in it too.
    public var vidRange: ClosedRange<UInt16>
    /// The bounds on what the port's stations can make it hold or do.
    public var limits: BridgePortLimits

    /// Creates a configuration.
    public init(
        address: MACAddress,
        batching: Batching = .enabled,
        minimumSpacing: Duration = .zero,
        parameters: EVBParameters = .lldpadDefaults,
        vidRange: ClosedRange<UInt16> = 2...4094,
        limits: BridgePortLimits = .default,
        firstSequenceNumber: UInt16? = nil
    ) {
        self.address = address
        self.batching = batching
        self.minimumSpacing = minimumSpacing
        self.parameters = parameters
        self.firstSequenceNumber = firstSequenceNumber
        self.vidRange = vidRange
        self.limits = limits
    }
}

/// Something a bridge port asks its driver to do, or tells it.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum BridgeOutput: Hashable, Sendable {
    /// Send this frame.
    case send(Frame)
    /// The policy must decide this request; answer with ``BridgePort/decide(_:_:at:into:)``.
    case decisionRequired(BridgeDecisionRequest)
    /// The VSI table changed.
    case event(BridgeEvent)
}

/// One row of a bridge port's VSI table, after the EVB MIB's VSI table.
///
/// A snapshot the port hands out (``BridgePort/records``), read-only outside the package. Encoded with `Codable`
/// as `{"key": {…}, "descriptor": {…}, "state": {…}, "decisionPending": false, "counters": {…}}`, `state` left
/// out while nothing is granted.
public struct BridgeVSIRecord: Hashable, Sendable, Codable {
    /// The VSI.
    public package(set) var key: BridgeVSIKey
    /// The VSI Manager ID, type and filters as last granted (or first requested).
    public package(set) var descriptor: VSIDescriptor
    /// What is granted, if anything.
    public package(set) var state: BridgeVSIState?
    /// Whether a decision is pending.
    public package(set) var decisionPending: Bool
    /// Commands succeeded, failed and reverted, and keep-alives answered.
    public package(set) var counters: BridgeVSICounters
}

/// Counters of a bridge port.
///
/// Read-only outside the port. Encoded with `Codable` as an object of the counters under their own names.
public struct BridgePortCounters: Hashable, Sendable, Codable {
    /// Station TLVs received.
    public package(set) var requestsReceived: UInt64 = 0
    /// TLVs ignored: responses sent to a bridge, requests while a decision was pending, other stations' VSIs.
    public package(set) var tlvsIgnored: UInt64 = 0
    /// Requests about another station's VSI, refused.
    public package(set) var foreignRequestsRefused: UInt64 = 0
    /// ECPDUs sent carrying responses (first transmissions).
    public package(set) var responsePDUsSent: UInt64 = 0
    /// ULPDUs that failed strict decoding; their well-formed VSI TLVs were still served.
    public package(set) var malformedULPDUs: UInt64 = 0
    /// New VSIs refused because the port held ``BridgePortLimits/maximumVSIs``.
    public package(set) var vsiLimitRefusals: UInt64 = 0
    /// New VSIs refused because their station held ``BridgePortLimits/maximumVSIsPerStation``.
    public package(set) var stationVSILimitRefusals: UInt64 = 0
    /// Requests refused because the port or their station held as many pending decisions as it may.
    public package(set) var decisionLimitRefusals: UInt64 = 0
    /// New VSIs refused because their station had used up its ``BridgePortLimits/newVSIBurstPerStation``.
    public package(set) var newVSIRateRefusals: UInt64 = 0
    /// Requests refused with "invalid format": a reserved VSIID or filter-info format.
    public package(set) var invalidFormatRefusals: UInt64 = 0
    /// Requests refused with "invalid VID": VID 4095, or a VID outside the pool's range or held for another network.
    public package(set) var invalidVIDRefusals: UInt64 = 0
    /// Responses dropped because the station's or the port's response queue was full (for a new VSI, nothing was
    /// created either).
    public package(set) var responsesDropped: UInt64 = 0
    /// Frames dropped because they came from a new station while the port held ``BridgePortLimits/maximumStations``.
    public package(set) var stationsRefused: UInt64 = 0
    /// Stations forgotten after holding nothing for longer than their receive history.
    public package(set) var stationsForgotten: UInt64 = 0
    /// Frames dropped because their source was a group or all-zero address, which cannot be a station.
    public package(set) var invalidSources: UInt64 = 0
    /// Calls of ``BridgePort/advance(to:into:)`` that stopped at ``BridgePortLimits/maximumTimerExpiriesPerAdvance``
    /// with work still due.
    public package(set) var timerExpiryLimitHits: UInt64 = 0

    /// All zero.
    package init() {}
}
