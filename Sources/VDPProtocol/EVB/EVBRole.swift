import VDPWire

/// Which end of the EVB link this port is.
///
/// Frozen: 802.1Qbg has these two roles (a third EVB TLV mode, "not supported", is not a role a port can take).
public enum EVBRole: Hashable, Sendable {
    /// An EVB station (a hypervisor's NIC): requests reflective relay and sends VDP requests.
    case station
    /// An EVB bridge (the adjacent switch port): grants reflective relay and answers VDP requests.
    case bridge

    /// The EVB mode this role advertises in its EVB TLV.
    public var mode: EVBMode {
        switch self {
        case .station: .station
        case .bridge: .bridge
        }
    }

    /// The role at the other end of the link.
    public var peer: EVBRole {
        switch self {
        case .station: .bridge
        case .bridge: .station
        }
    }
}
