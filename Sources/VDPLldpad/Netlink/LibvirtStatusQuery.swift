/// One status query read from an `RTM_GETLINK` message: the interface whose VSIs' responses are asked for.
public struct LibvirtStatusQuery: Hashable, Sendable {
    /// `ifi_index` of the message.
    public var interfaceIndex: Int32
    /// `IFLA_IFNAME`, or `nil` when the message carried none.
    public var interfaceName: String?
    /// `nlmsg_pid` of the query, echoed in the answer.
    public var requesterPortID: UInt32
    /// `nlmsg_seq` of the query, echoed in the answer.
    public var sequence: UInt32

    /// Creates a query.
    public init(interfaceIndex: Int32, interfaceName: String?, requesterPortID: UInt32, sequence: UInt32) {
        self.interfaceIndex = interfaceIndex
        self.interfaceName = interfaceName
        self.requesterPortID = requesterPortID
        self.sequence = sequence
    }
}
