/// The state of one network interface, as an rtnetlink link message (`RTM_NEWLINK`, `RTM_DELLINK`) reports it.
public struct LinkStatus: Hashable, Sendable, CustomStringConvertible {
    /// The interface index (`ifi_index`); it stays the same across a rename.
    public var index: Int32
    /// The interface name (`IFLA_IFNAME`).
    public var name: String
    /// Whether the interface is administratively up (`IFF_UP`).
    public var isAdministrativelyUp: Bool
    /// Whether the interface has a carrier (`IFLA_CARRIER`, or `IFF_LOWER_UP` when the attribute is absent).
    public var hasCarrier: Bool
    /// The RFC 2863 operational state (`IFLA_OPERSTATE`; ``LinkOperationalState/unknown`` when absent).
    public var operationalState: LinkOperationalState
    /// The MTU (`IFLA_MTU`), when reported.
    public var mtu: UInt32?
    /// The hardware address (`IFLA_ADDRESS`), when reported: six octets for Ethernet.
    public var macAddress: [UInt8]?
    /// The namespace ID of the link's peer (`IFLA_LINK_NETNSID`), when the peer is in another namespace.
    public var linkNetworkNamespaceID: Int32?

    /// Creates a status.
    public init(
        index: Int32,
        name: String,
        isAdministrativelyUp: Bool,
        hasCarrier: Bool,
        operationalState: LinkOperationalState,
        mtu: UInt32? = nil,
        macAddress: [UInt8]? = nil,
        linkNetworkNamespaceID: Int32? = nil
    ) {
        self.index = index
        self.name = name
        self.isAdministrativelyUp = isAdministrativelyUp
        self.hasCarrier = hasCarrier
        self.operationalState = operationalState
        self.mtu = mtu
        self.macAddress = macAddress
        self.linkNetworkNamespaceID = linkNetworkNamespaceID
    }

    /// Reads a link message (`RTM_NEWLINK` or `RTM_DELLINK`).
    ///
    /// Of an attribute that appears more than once, the last counts (as in the kernel's `nla_parse`).
    ///
    /// - Throws: ``NetlinkDecodingError/Code/unexpectedMessage`` for another message type; what
    ///   ``InterfaceInfoMessage/init(decoding:)`` and the attribute iterator throw;
    ///   ``NetlinkDecodingError/Code/missingAttribute`` without `IFLA_IFNAME`;
    ///   ``NetlinkDecodingError/Code/lengthMismatch`` for an `IFLA_MTU`, `IFLA_OPERSTATE`, `IFLA_CARRIER` or
    ///   `IFLA_LINK_NETNSID` of the wrong size; ``NetlinkDecodingError/Code/invalidValue`` for a name that is
    ///   empty or not UTF-8.
    public init(decoding message: NetlinkMessage) throws(NetlinkDecodingError) {
        guard message.header.type == .newLink || message.header.type == .deleteLink else {
            throw NetlinkDecodingError(.unexpectedMessage, field: "nlmsghdr.nlmsg_type", offset: message.offset)
        }
        let info = try InterfaceInfoMessage(decoding: message.payload)
        let attributes = try message.attributes(afterHeaderOfSize: InterfaceInfoMessage.size)
        guard let nameAttribute = attributes.last(ofType: LinkAttributeType.name) else {
            throw NetlinkDecodingError(.missingAttribute, field: "IFLA_IFNAME", offset: message.offset)
        }
        let name = try nameAttribute.string(field: "IFLA_IFNAME")
        guard !name.isEmpty else {
            throw NetlinkDecodingError(.invalidValue, field: "IFLA_IFNAME", offset: nameAttribute.offset)
        }
        let carrier = try attributes.last(ofType: LinkAttributeType.carrier)?.uint8(field: "IFLA_CARRIER")
        let state = try attributes.last(ofType: LinkAttributeType.operationalState)?.uint8(field: "IFLA_OPERSTATE")
        self.init(
            index: info.index,
            name: name,
            isAdministrativelyUp: info.flags & InterfaceInfoMessage.flagUp != 0,
            hasCarrier: carrier.map { $0 != 0 } ?? (info.flags & InterfaceInfoMessage.flagLowerUp != 0),
            operationalState: state.map(LinkOperationalState.init(rawValue:)) ?? .unknown,
            mtu: try attributes.last(ofType: LinkAttributeType.mtu)?.uint32(field: "IFLA_MTU"),
            macAddress: attributes.last(ofType: LinkAttributeType.address).map { Array($0.payload) },
            linkNetworkNamespaceID: try attributes.last(ofType: LinkAttributeType.linkNetworkNamespaceID)?
                .int32(field: "IFLA_LINK_NETNSID")
        )
    }

    /// `eth0 (#2): up, carrier, operstate up, mtu 1500`.
    public var description: String {
        let administrative = isAdministrativelyUp ? "up" : "down"
        let carrier = hasCarrier ? "carrier" : "no carrier"
        let mtu = self.mtu.map { ", mtu \($0)" } ?? ""
        return "\(name) (#\(index)): \(administrative), \(carrier), operstate \(operationalState)\(mtu)"
    }
}
