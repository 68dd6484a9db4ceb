/// What accepting a pending decision will grant, worked out before the decision is handed to the port
/// (``BridgePort/prepareAccept(_:_:)``), so that a driver can act on it (program a data plane) before the
/// station is answered.
package enum BridgePreparedGrant: Sendable, Equatable {
    /// The VSI, the state the accept will grant, the VSI as the request describes it, and what was granted
    /// before.
    case granted(BridgeVSIKey, BridgeVSIState, descriptor: VSIDescriptor, previous: BridgeVSIState?)
    /// The accept will be refused (an invalid VID, an exhausted pool); nothing was taken.
    case refused
}
