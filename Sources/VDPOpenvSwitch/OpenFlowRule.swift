/// One OpenFlow rule in `ovs-ofctl` flow syntax.
public struct OpenFlowRule: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The cookie: the VSI's, the VN's, or the base rules'.
    public var cookie: UInt64
    /// The table.
    public var table: UInt8
    /// The priority.
    public var priority: UInt16
    /// The match fields, `ovs-ofctl` syntax (`in_port=p1,dl_vlan=100`).
    public var match: String
    /// The actions, `ovs-ofctl` syntax.
    public var actions: String

    /// Creates a rule.
    public init(cookie: UInt64, table: UInt8, priority: UInt16, match: String, actions: String) {
        self.cookie = cookie
        self.table = table
        self.priority = priority
        self.match = match
        self.actions = actions
    }

    /// The rule as a line of an `ovs-ofctl` flow file.
    public var description: String {
        let fields = ["cookie=\(Self.hex(cookie))", "table=\(table)", "priority=\(priority)", match]
        return fields.filter { !$0.isEmpty }.joined(separator: ",") + ",actions=\(actions)"
    }

    /// Orders rules by table, then priority (highest first), then text.
    public static func < (lhs: OpenFlowRule, rhs: OpenFlowRule) -> Bool {
        (lhs.table, UInt16.max - lhs.priority, lhs.description) < (
            rhs.table, UInt16.max - rhs.priority, rhs.description
        )
    }

    /// `0x` and the hexadecimal digits.
    static func hex(_ value: UInt64) -> String {
        "0x" + String(value, radix: 16)
    }
}
