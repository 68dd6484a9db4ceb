/// How an NVE's Open vSwitch reaches the other NVEs of a virtual network over VXLAN.
///
/// Not frozen: other ways may be added in later versions, so switch over it with a `default`.
public enum OpenvSwitchTunnel: Hashable, Sendable, CustomStringConvertible {
    /// One OVS tunnel port (`type=vxlan`, `options:key=flow`): the VN ID is the tunnel key (`tun_id`).
    case key(port: String)
    /// One port per virtual network, named `prefix` followed by the VN ID in decimal (`vx5001`): kernel VXLAN
    /// devices with that VNI, added to the bridge as ports.
    case portPerVN(prefix: String)

    /// `key:PORT` or `per-vn:PREFIX`.
    public var description: String {
        switch self {
        case .key(let port): "key:\(port)"
        case .portPerVN(let prefix): "per-vn:\(prefix)"
        }
    }
}
