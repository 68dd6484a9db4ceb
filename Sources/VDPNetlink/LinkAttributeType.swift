/// The `IFLA_*` attribute types of an rtnetlink link message that this module names.
///
/// Plain `UInt16` constants, to compare with ``NetlinkAttribute/type`` and to pass to
/// ``NetlinkMessageWriter/appendAttribute(type:payload:)``; any other type number is just as valid.
public enum LinkAttributeType {
    /// `IFLA_ADDRESS` (1): the hardware address, as many octets as the link type has.
    public static let address: UInt16 = 1
    /// `IFLA_BROADCAST` (2): the hardware broadcast address.
    public static let broadcast: UInt16 = 2
    /// `IFLA_IFNAME` (3): the interface name, NUL-terminated.
    public static let name: UInt16 = 3
    /// `IFLA_MTU` (4): the MTU, 32 bits.
    public static let mtu: UInt16 = 4
    /// `IFLA_LINK` (5): the index of the link this one sits on (a veth's peer), 32 bits.
    public static let link: UInt16 = 5
    /// `IFLA_MASTER` (10): the index of the bridge or bond this link is enslaved to, 32 bits.
    public static let master: UInt16 = 10
    /// `IFLA_OPERSTATE` (16): the RFC 2863 operational state, 8 bits (see ``LinkOperationalState``).
    public static let operationalState: UInt16 = 16
    /// `IFLA_LINKMODE` (17): the link mode (default or dormant), 8 bits.
    public static let linkMode: UInt16 = 17
    /// `IFLA_IFALIAS` (20): the interface alias, a string.
    public static let alias: UInt16 = 20
    /// `IFLA_NUM_VF` (21): the number of SR-IOV virtual functions, 32 bits.
    public static let virtualFunctionCount: UInt16 = 21
    /// `IFLA_VFINFO_LIST` (22): nested, the virtual functions' settings.
    public static let virtualFunctionInfoList: UInt16 = 22
    /// `IFLA_VF_PORTS` (24): nested, one `IFLA_VF_PORT` per virtual function, each holding `IFLA_PORT_*`
    /// attributes (the 802.1Qbg and 802.1Qbh port profile requests libvirt sends).
    public static let virtualFunctionPorts: UInt16 = 24
    /// `IFLA_PORT_SELF` (25): nested, the `IFLA_PORT_*` attributes for the link itself.
    public static let portSelf: UInt16 = 25
    /// `IFLA_EXT_MASK` (29): in a GET request, which extended information to include (`RTEXT_FILTER_*`), 32 bits.
    public static let extendedMask: UInt16 = 29
    /// `IFLA_CARRIER` (33): whether the link has a carrier, 8 bits.
    public static let carrier: UInt16 = 33
    /// `IFLA_CARRIER_CHANGES` (35): how many times the carrier changed, 32 bits.
    public static let carrierChanges: UInt16 = 35
    /// `IFLA_LINK_NETNSID` (37): the network namespace ID of the link's peer, signed 32 bits.
    public static let linkNetworkNamespaceID: UInt16 = 37
}
