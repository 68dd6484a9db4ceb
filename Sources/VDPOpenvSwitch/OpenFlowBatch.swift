import VDPAgent
import VDPProtocol

/// The `ovs-ofctl` flow-mod lines of a batch of changes, and the VN index after it; without I/O.
///
/// Each VSI's change deletes its cookie's rules and adds its new ones; then every VN touched has its shared rules
/// deleted and, when it still has local VSIs, added again for its new members. Run as one bundle, the batch is
/// atomic: no packet sees half of it.
struct OpenFlowBatch: Sendable, Equatable {
    /// The flow-mod lines (`add …`, `delete cookie=…/-1`), in order.
    var lines: [String]
    /// The VN index once the batch is applied.
    var networks: OpenFlowNetworks

    /// Plans `changes` from the index `networks`; throws for a VSI the rules cannot express.
    init(
        _ changes: [DataPlaneChange],
        networks: OpenFlowNetworks,
        builder: OpenFlowTableBuilder
    ) throws(DataPlaneError) {
        var networks = networks
        var lines: [String] = []
        var touched: Set<UInt32> = []
        for change in changes {
            let key = change.vsi.key
            if let target = change.target {
                let rules = try builder.rules(for: target)
                let entries = try builder.entries(of: target)
                if case .change = change {
                    lines.append(Self.delete(OpenFlowTableBuilder.cookie(of: key)))
                }
                lines += rules.map { "add \($0)" }
                touched.formUnion(networks.insert(key, entries))
            } else {
                lines.append(Self.delete(OpenFlowTableBuilder.cookie(of: key)))
                touched.formUnion(networks.remove(key))
            }
        }
        for vn in touched.sorted() {
            lines.append(Self.delete(OpenFlowTableBuilder.cookie(ofNetwork: vn)))
            lines += builder.rules(forNetwork: vn, vids: networks.vids(of: vn)).map { "add \($0)" }
        }
        self.lines = lines
        self.networks = networks
    }

    /// The line deleting every rule of a cookie, in every table.
    static func delete(_ cookie: UInt64) -> String {
        "delete cookie=\(OpenFlowRule.hex(cookie))/-1"
    }
}
