import VDPWire

/// One granted VSI of a bridge port's table, whole: enough to put it back with ``BridgePort/restore(_:at:)``
/// after the process restarted (its station, the VSI as its request described it, what was granted, the holds
/// it took in the VID pool and when it ages out).
///
/// A port gives one with ``BridgePort/snapshot(of:)``; a driver persists it before the station is told.
public struct BridgeVSISnapshot: Hashable, Sendable {
    /// The station and the VSIID.
    public var key: BridgeVSIKey
    /// The VSI as its granted request described it (Manager ID, type, version, filters as requested).
    public var descriptor: VSIDescriptor
    /// What the bridge granted.
    public var state: BridgeVSIState
    /// The VID pool's holds the VSI takes for the VIDs it was granted.
    public var vidHolds: [BridgeVIDHold]
    /// When the VSI ages out unless a keep-alive arrives first, in the port's time.
    public var deadline: Instant

    /// Creates a snapshot.
    public init(
        key: BridgeVSIKey,
        descriptor: VSIDescriptor,
        state: BridgeVSIState,
        vidHolds: [BridgeVIDHold],
        deadline: Instant
    ) {
        self.key = key
        self.descriptor = descriptor
        self.state = state
        self.vidHolds = vidHolds
        self.deadline = deadline
    }
}

/// One hold a VSI takes in its port's ``VIDPool``: who holds the VID (a GroupID, the VSI itself, or an explicit
/// VID) and which VID it is.
public struct BridgeVIDHold: Hashable, Sendable {
    /// The holder.
    public var owner: VIDPool.Owner
    /// The VID held.
    public var vid: UInt16

    /// Creates a hold.
    public init(owner: VIDPool.Owner, vid: UInt16) {
        self.owner = owner
        self.vid = vid
    }
}

/// Why ``BridgePort/restore(_:at:)`` refused a table: the snapshots contradict each other or the port.
///
/// Encoded as its ``description``; `vsiID` names the first snapshot at fault.
public struct BridgeRestoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of contradiction.
    public var code: Code
    /// The VSI at fault.
    public var vsiID: VSIID

    /// Creates an error.
    public init(_ code: Code, vsiID: VSIID) {
        self.code = code
        self.vsiID = vsiID
    }

    /// What contradicts.
    ///
    /// Not frozen: codes may be added in later versions, so switch over it with a `default`.
    public enum Code: Hashable, Sendable {
        /// The port already has VSIs: only an empty port is restored.
        case portNotEmpty
        /// Two snapshots have the same VSIID.
        case duplicateVSI
        /// A VID hold is not a VID (0, 4095 or above), a GroupID or VSI would hold two VIDs at once, or a VSI's hold
        /// names another VSI as its holder.
        case conflictingVIDHold
        /// The VSI's key and its descriptor name different VSIIDs.
        case inconsistentSnapshot
        /// The VSIs come from more stations than ``BridgePortLimits/maximumStations``.
        case tooManyStations
        /// There are more VSIs than the port's table can hold.
        case tooManyVSIs
    }

    /// `vsiid: what`.
    public var description: String {
        let what =
            switch code {
            case .portNotEmpty: "the port already has VSIs"
            case .duplicateVSI: "the VSIID appears twice"
            case .conflictingVIDHold: "its VID holds conflict with the pool"
            case .inconsistentSnapshot: "its key and descriptor disagree"
            case .tooManyStations: "its station is one more than the port may hold"
            case .tooManyVSIs: "it is one more VSI than the port's table can hold"
            }
        return "\(vsiID): \(what)"
    }
}
