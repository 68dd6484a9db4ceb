/// The rtnetlink attribute types, structure sizes and values of the port-profile messages libvirt and lldpad
/// exchange (`linux/if_link.h`, and lldpad's own additions for its netlink format 2).
enum LinkPortAttributes {
    /// `IFLA_IFNAME`: the interface's name, NUL-terminated.
    static let interfaceName: UInt16 = 3
    /// `IFLA_VFINFO_LIST`: the MAC/VLAN pairs, one `IFLA_VF_INFO` each.
    static let virtualFunctionInfoList: UInt16 = 22
    /// `IFLA_VF_PORTS`: the port profiles, one `IFLA_VF_PORT` each.
    static let virtualFunctionPorts: UInt16 = 24

    /// `IFLA_VF_INFO`, inside `IFLA_VFINFO_LIST`.
    static let virtualFunctionInfo: UInt16 = 1
    /// `IFLA_VF_MAC` (`struct ifla_vf_mac`: a 32-bit VF number, 32 octets of address), inside `IFLA_VF_INFO`.
    static let virtualFunctionMAC: UInt16 = 1
    /// `IFLA_VF_VLAN` (`struct ifla_vf_vlan`: VF number, VLAN ID, QoS, 32 bits each), inside `IFLA_VF_INFO`.
    static let virtualFunctionVLAN: UInt16 = 2
    /// The size of `struct ifla_vf_mac`.
    static let virtualFunctionMACSize = 36
    /// The size of `struct ifla_vf_vlan`.
    static let virtualFunctionVLANSize = 12

    /// `IFLA_VF_PORT`, inside `IFLA_VF_PORTS`.
    static let virtualFunctionPort: UInt16 = 1
    /// `IFLA_PORT_VF`: the 32-bit VF number; `PORT_SELF_VF` (-1) for the interface itself.
    static let portVF: UInt16 = 1
    /// `IFLA_PORT_VSI_TYPE` (`struct ifla_port_vsi`: manager ID, type ID in three octets low first, type
    /// version, three octets of padding).
    static let portVSIType: UInt16 = 3
    /// `IFLA_PORT_INSTANCE_UUID`: the VSI's 16-octet UUID.
    static let portInstanceUUID: UInt16 = 4
    /// `IFLA_PORT_HOST_UUID`: the host's UUID (802.1Qbh).
    static let portHostUUID: UInt16 = 5
    /// `IFLA_PORT_REQUEST`: the request, one octet (`PORT_REQUEST_*`).
    static let portRequest: UInt16 = 6
    /// `IFLA_PORT_RESPONSE`: the response, 16 bits (in the answers only).
    static let portResponse: UInt16 = 7
    /// lldpad's format 2 `IFLA_PORT_VSI_TYPE22`: the ratified VSI fields (42 octets). It takes the number after
    /// the kernel's last port attribute in lldpad's headers, which is `IFLA_PORT_RESPONSE`'s.
    static let portVSIType22: UInt16 = 7
    /// lldpad's format 2 `IFLA_PORT_VSI_FILTER`: an array of 12-octet filter entries (GroupID, VID, MAC).
    static let portVSIFilter: UInt16 = 8

    /// The size of `struct ifla_port_vsi`.
    static let portVSISize = 8
    /// The size of format 2's `struct ifla_port_vsi22`: manager ID (16), VSI ID (16), VSI ID format, type ID (3),
    /// type version, hints, filter format, one octet of padding, 16-bit entry count.
    static let portVSI22Size = 42
    /// The size of one format 2 filter entry: 32-bit GroupID, 16-bit VID with QoS, 6-octet MAC.
    static let filterEntrySize = 12
    /// The size of a UUID attribute's payload.
    static let uuidSize = 16
    /// `PORT_SELF_VF`: the VF number of the interface itself.
    static let selfVF = UInt32(bitPattern: -1)

    /// The size of `struct ifinfomsg`.
    static let interfaceInfoSize = 16
}
