import VDPProtocol
import VDPWire

/// A VSI as a data plane needs it: the bridge port it is on, the station and VSIID, the VSI as its request
/// described it (Manager ID, type, version), and what the bridge granted (type, hints, and the MAC/VID/GroupID
/// entries with the VIDs and PCPs the bridge chose).
///
/// Every change a ``DataPlaneBackend`` receives carries whole values of this type (a removal carries the last
/// granted state), so a backend needs no copy of the VSI table.
///
/// Encoded with `Codable` as `{"port": "…", "key": {…}, "descriptor": {…}, "state": {…}}`.
public struct DataPlaneVSI: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The bridge port (interface) the station is attached to, as ``BridgeDataPlane/port`` names it.
    public var port: String
    /// The station's MAC address and the VSIID.
    public var key: BridgeVSIKey
    /// The VSI as its granted request described it.
    public var descriptor: VSIDescriptor
    /// What the bridge granted: an Associate that is not suspended, for a VSI whose forwarding runs.
    public var state: BridgeVSIState

    /// Creates a value.
    public init(port: String, key: BridgeVSIKey, descriptor: VSIDescriptor, state: BridgeVSIState) {
        self.port = port
        self.key = key
        self.descriptor = descriptor
        self.state = state
    }

    /// The granted filter entries: MAC address, GroupID, and the VID and PCP the station's traffic carries.
    public var entries: [FilterEntry] { state.filterInfo.entries }

    /// `port station/vsiid [entries]`.
    public var description: String {
        "\(port) \(key) [\(entries.map(\.description).joined(separator: ", "))]"
    }
}
