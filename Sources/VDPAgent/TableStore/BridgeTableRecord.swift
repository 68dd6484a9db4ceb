import VDPProtocol
import VDPWire

/// One VSI as a ``BridgeTableStore`` keeps it: a ``BridgeVSISnapshot`` with its keep-alive deadline on the wall
/// clock, so that ageing continues from it after a restart (the monotonic clock of one run means nothing to the
/// next).
public struct BridgeTableRecord: Hashable, Sendable {
    /// The station and the VSIID.
    public var key: BridgeVSIKey
    /// The VSI as its granted request described it (Manager ID, type, version, filters as requested).
    public var descriptor: VSIDescriptor
    /// What the bridge granted (the granted VIDs and GroupIDs are in its filter info).
    public var state: BridgeVSIState
    /// The VID pool's holds the VSI takes.
    public var vidHolds: [BridgeVIDHold]
    /// When the VSI ages out unless a keep-alive arrives first: the time since 1970-01-01 00:00 UTC.
    public var keepAliveDeadline: Duration

    /// Creates a record.
    public init(
        key: BridgeVSIKey,
        descriptor: VSIDescriptor,
        state: BridgeVSIState,
        vidHolds: [BridgeVIDHold],
        keepAliveDeadline: Duration
    ) {
        self.key = key
        self.descriptor = descriptor
        self.state = state
        self.vidHolds = vidHolds
        self.keepAliveDeadline = keepAliveDeadline
    }
}
