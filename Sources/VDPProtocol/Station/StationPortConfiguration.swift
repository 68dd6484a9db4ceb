import VDPWire

/// How a station port runs.
public struct StationPortConfiguration: Hashable, Sendable {
    /// The port's own MAC address: the source of every frame it sends.
    public var address: MACAddress
    /// How VSI TLVs are packed into ECPDUs.
    public var batching: Batching
    /// The least time from an ECPDU's acknowledgement (or failure) to the next new ECPDU (retransmissions aside).
    /// Zero sends as soon as the previous ECPDU is acknowledged; lldpad as a bridge needs a few milliseconds, since
    /// it buffers one ULPDU for 2 ms.
    public var minimumSpacing: Duration
    /// The EVB values to run with until negotiation says otherwise.
    public var parameters: EVBParameters
    /// The ECP sequence number of the first ECPDU; `nil` starts at 1 (as lldpad), and the agents of `VDPAgent`
    /// choose a random one, so that a restarted end is not taken for a retransmission of its former self.
    public var firstSequenceNumber: UInt16?

    /// Creates a configuration.
    public init(
        address: MACAddress,
        batching: Batching = .enabled,
        minimumSpacing: Duration = .zero,
        parameters: EVBParameters = .lldpadDefaults,
        firstSequenceNumber: UInt16? = nil
    ) {
        self.address = address
        self.batching = batching
        self.minimumSpacing = minimumSpacing
        self.parameters = parameters
        self.firstSequenceNumber = firstSequenceNumber
    }
}

/// Something a station port asks its driver to do, or tells it.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`.
public enum StationOutput: Hashable, Sendable {
    /// Send this frame.
    case send(Frame)
    /// A command finished: with the state the bridge confirmed (nil after a De-Associate), or a failure.
    case completed(StationRequestID, VSIID, Result<StationVSIState?, StationRequestFailure>)
    /// Something the bridge did that no command asked for.
    case event(StationEvent)
}

/// Counters of a station port.
///
/// Read-only outside the port. Encoded with `Codable` as an object of the counters under their own names.
public struct StationPortCounters: Hashable, Sendable, Codable {
    /// ECPDUs carrying requests that were sent (first transmissions).
    public package(set) var requestPDUsSent: UInt64 = 0
    /// VSI TLVs sent (requests and keep-alives).
    public package(set) var tlvsSent: UInt64 = 0
    /// VSI TLVs received for VSIs this port does not know, or with the wrong Manager ID.
    public package(set) var tlvsIgnored: UInt64 = 0
    /// ULPDUs that failed strict decoding; their well-formed VSI TLVs were still served.
    public package(set) var malformedULPDUs: UInt64 = 0
    /// Malformed VSI TLVs ignored (the VSI they are about times out, as with a lost response).
    public package(set) var malformedTLVs: UInt64 = 0

    /// All zero.
    package init() {}
}
