import VDPWire

/// How a bridge port runs.
public struct BridgePortConfiguration: Hashable, Sendable {
    /// The port's own MAC address: the source of every frame it sends.
    public var address: MACAddress
    /// How responses are packed into ECPDUs.
    public var batching: Batching
    /// The least time between two new ECPDUs.
    public var minimumSpacing: Duration
    /// The EVB values to run with until negotiation says otherwise.
    public var parameters: EVBParameters
    /// The ECP sequence number of the first ECPDU; `nil` starts at 1 (as lldpad), and the agents of `VDPAgent`
    /// choose a random one, so that a restarted end is not taken for a retransmission of its former self.
    public var firstSequenceNumber: UInt16?
    /// The VIDs handed out for null VIDs when the policy accepts with ``VIDAssignment/fromPool``.
    public var vidRange: ClosedRange<UInt16>
    /// The most VSIs the port holds; a request for a new VSI beyond it is refused with "insufficient
    /// resources" before it reaches the policy, so no station can make the table grow without bound.
    public var maximumVSIs: Int

    /// Creates a configuration.
    public init(
        address: MACAddress,
        batching: Batching = .enabled,
        minimumSpacing: Duration = .zero,
        parameters: EVBParameters = .lldpadDefaults,
        vidRange: ClosedRange<UInt16> = 2...4094,
        maximumVSIs: Int = 4_000_000,
        firstSequenceNumber: UInt16? = nil
    ) {
        self.address = address
        self.batching = batching
        self.minimumSpacing = minimumSpacing
        self.parameters = parameters
        self.firstSequenceNumber = firstSequenceNumber
        self.vidRange = vidRange
        self.maximumVSIs = maximumVSIs
    }
}

/// Something a bridge port asks its driver to do, or tells it.
public enum BridgeOutput: Hashable, Sendable {
    /// Send this frame.
    case send(Frame)
    /// The policy must decide this request; answer with ``BridgePort/decide(_:_:at:into:)``.
    case decisionRequired(BridgeDecisionRequest)
    /// The VSI table changed.
    case event(BridgeEvent)
}

/// One row of a bridge port's VSI table, after the EVB MIB's VSI table.
public struct BridgeVSIRecord: Hashable, Sendable {
    /// The VSI.
    public var key: BridgeVSIKey
    /// The VSI Manager ID, type and filters as last granted (or first requested).
    public var descriptor: VSIDescriptor
    /// What is granted, if anything.
    public var state: BridgeVSIState?
    /// Whether a decision is pending.
    public var decisionPending: Bool
    /// Commands succeeded, failed and reverted, and keep-alives answered.
    public var counters: BridgeVSICounters
}

/// Counters of a bridge port.
public struct BridgePortCounters: Hashable, Sendable {
    /// Station TLVs received.
    public var requestsReceived: UInt64 = 0
    /// TLVs ignored: responses sent to a bridge, requests while a decision was pending, other stations' VSIs.
    public var tlvsIgnored: UInt64 = 0
    /// Requests about another station's VSI, refused.
    public var foreignRequestsRefused: UInt64 = 0
    /// ECPDUs sent carrying responses (first transmissions).
    public var responsePDUsSent: UInt64 = 0
    /// ULPDUs that failed strict decoding; their well-formed VSI TLVs were still served.
    public var malformedULPDUs: UInt64 = 0

    /// All zero.
    public init() {}
}
