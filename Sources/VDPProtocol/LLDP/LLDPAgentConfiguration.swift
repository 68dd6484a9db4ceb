import VDPWire

/// How an ``LLDPAgent`` identifies itself and paces its LLDPDUs (802.1AB msgTxInterval, msgTxHold, txFastInit,
/// msgFastTx), plus the EVB policy it negotiates.
public struct LLDPAgentConfiguration: Hashable, Sendable {
    /// The port's MAC address, sent as both the chassis ID (subtype 4) and the port ID (subtype 3), as lldpad does.
    public var address: MACAddress
    /// The period between regular transmissions (msgTxInterval).
    public var messageInterval: Duration
    /// The Time To Live advertised is this multiple of ``messageInterval`` (msgTxHold).
    public var holdMultiplier: UInt16
    /// How many LLDPDUs are sent ``fastStartInterval`` apart after start (txFastInit).
    public var fastStartCount: Int
    /// The period between fast-start transmissions (msgFastTx); also the least time between a transmission and an
    /// extra one triggered by a change of the local EVB TLV.
    public var fastStartInterval: Duration
    /// The EVB policy.
    public var evb: EVBConfiguration
    /// The longest the agent holds its neighbour after the neighbour's last LLDPDU, whatever Time To Live that
    /// LLDPDU advertised (up to 65535 s, about 18 h). A sender that goes silent, or that took the port while no
    /// neighbour was present, keeps another neighbour out for at most this long. The default, 300 s, is well above
    /// lldpad's TTL of 120 s; a neighbour whose LLDPDUs come further apart than this is forgotten between them.
    public var maximumNeighbourTimeToLive: Duration

    /// Creates a configuration; the defaults are lldpad's (30 s interval, hold 4, so TTL 120 s; 4 fast LLDPDUs 1 s
    /// apart), and a neighbour is held at most 300 s past its last LLDPDU.
    public init(
        address: MACAddress,
        messageInterval: Duration = .seconds(30),
        holdMultiplier: UInt16 = 4,
        fastStartCount: Int = 4,
        fastStartInterval: Duration = .seconds(1),
        evb: EVBConfiguration,
        maximumNeighbourTimeToLive: Duration = .seconds(300)
    ) {
        self.address = address
        self.messageInterval = messageInterval
        self.holdMultiplier = holdMultiplier
        self.fastStartCount = fastStartCount
        self.fastStartInterval = fastStartInterval
        self.evb = evb
        self.maximumNeighbourTimeToLive = maximumNeighbourTimeToLive
    }

    /// The Time To Live to advertise, in seconds: ``holdMultiplier`` × ``messageInterval``, rounded up to a whole
    /// second and kept within 1 to 65535 (0 would mean shutdown).
    public var timeToLive: UInt16 {
        let nanoseconds = Int64(max(messageInterval, .zero).nanosecondsClamped)
        let (product, overflow) = nanoseconds.multipliedReportingOverflow(by: Int64(holdMultiplier))
        guard !overflow else {
            return .max
        }
        let seconds = product / 1_000_000_000 + (product % 1_000_000_000 == 0 ? 0 : 1)
        return UInt16(clamping: max(seconds, 1))
    }
}
