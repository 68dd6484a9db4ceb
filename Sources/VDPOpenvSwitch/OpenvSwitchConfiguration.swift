/// Where an ``OpenvSwitchBackend`` programs its rules and how it reaches the virtual networks.
public struct OpenvSwitchConfiguration: Hashable, Sendable {
    /// The OVS bridge. The backend owns its flow table: a reconciliation replaces every flow in it.
    public var bridge: String
    /// The OpenFlow port (by name) the stations are attached to: the agent's port.
    public var stationPort: String
    /// How traffic enters and leaves the virtual networks.
    public var tunnel: OpenvSwitchTunnel
    /// The VN of filter entries without a GroupID; `nil` (the default) refuses such VSIs.
    public var defaultVNID: UInt32?
    /// Whether traffic between VSIs of the station port is sent back out of it (reflective relay, for stations
    /// in VEPA mode, whose hypervisor switch sends everything up). Off by default: a hypervisor switch that
    /// bridges its VMs itself (a VEB) delivers their traffic locally, and frames of its own VMs coming back on
    /// its uplink would make it learn their MAC addresses there.
    public var hairpin: Bool
    /// The `ovs-ofctl` executable.
    public var ofctl: String
    /// How `ovs-ofctl` reaches the switch (`unix:/run/dir/BRIDGE.mgmt`); `nil` names the bridge, which
    /// `ovs-ofctl` finds in its run directory.
    public var switchTarget: String?
    /// The OpenFlow version `ovs-ofctl` speaks (bundles need 1.4 or later).
    public var openFlowVersion: String
    /// How long one `ovs-ofctl` run may take before it is killed and the batch fails.
    public var timeout: Duration

    /// Creates a configuration.
    public init(
        bridge: String,
        stationPort: String,
        tunnel: OpenvSwitchTunnel,
        defaultVNID: UInt32? = nil,
        hairpin: Bool = false,
        ofctl: String = "/usr/bin/ovs-ofctl",
        switchTarget: String? = nil,
        openFlowVersion: String = "OpenFlow14",
        timeout: Duration = .seconds(30)
    ) {
        self.bridge = bridge
        self.stationPort = stationPort
        self.tunnel = tunnel
        self.defaultVNID = defaultVNID
        self.hairpin = hairpin
        self.ofctl = ofctl
        self.switchTarget = switchTarget
        self.openFlowVersion = openFlowVersion
        self.timeout = timeout
    }
}
