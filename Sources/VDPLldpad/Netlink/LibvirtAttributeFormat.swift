/// Which attribute set a port-profile request uses.
///
/// Frozen: lldpad knows these two.
public enum LibvirtAttributeFormat: Hashable, Sendable, CustomStringConvertible {
    /// Format 1, what libvirt sends: `IFLA_VFINFO_LIST` with one MAC/VLAN pair, and in `IFLA_VF_PORT` the
    /// `IFLA_PORT_VSI_TYPE` (a one-octet manager ID), `IFLA_PORT_INSTANCE_UUID` and `IFLA_PORT_REQUEST`.
    case vfPorts
    /// lldpad's format 2, for the ratified protocol: in `IFLA_VF_PORT` a 42-octet VSI attribute (a 16-octet
    /// manager ID, the VSI ID and its format, the migration hints, the filter format and entry count) and
    /// `IFLA_PORT_VSI_FILTER`, an array of entries of every filter format, GroupIDs included.
    case vsiFilter

    /// `format 1` or `format 2`.
    public var description: String {
        switch self {
        case .vfPorts: "format 1"
        case .vsiFilter: "format 2"
        }
    }
}
