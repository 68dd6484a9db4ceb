import VDPProtocol

/// Which local VSIs each VN has and the VIDs they use: what a VN's shared rules depend on. An index derived from
/// the changes the backend applied (and rebuilt from the table at each reconciliation), not a copy of the VSI
/// table: it holds VSI keys and VIDs only.
struct OpenFlowNetworks: Sendable, Equatable {
    /// VN → VSI → the VIDs of its entries in that VN.
    private var members: [UInt32: [BridgeVSIKey: [UInt16]]] = [:]
    /// VSI → its VNs.
    private var memberships: [BridgeVSIKey: Set<UInt32>] = [:]

    /// The VNs with local VSIs.
    var networks: Dictionary<UInt32, [BridgeVSIKey: [UInt16]]>.Keys { members.keys }

    /// The distinct VIDs of a VN's local VSIs, ascending.
    func vids(of vn: UInt32) -> [UInt16] {
        Set((members[vn] ?? [:]).values.flatMap { $0 }).sorted()
    }

    /// Adds (or replaces) a VSI; returns the VNs touched.
    @discardableResult
    mutating func insert(_ key: BridgeVSIKey, _ entries: [OpenFlowTableBuilder.Entry]) -> Set<UInt32> {
        var touched = remove(key)
        var vns: Set<UInt32> = []
        for entry in entries {
            members[entry.vn, default: [:]][key, default: []].append(entry.vid.vid)
            vns.insert(entry.vn)
        }
        if !vns.isEmpty {
            memberships[key] = vns
        }
        touched.formUnion(vns)
        return touched
    }

    /// Removes a VSI; returns the VNs touched.
    @discardableResult
    mutating func remove(_ key: BridgeVSIKey) -> Set<UInt32> {
        let vns = memberships.removeValue(forKey: key) ?? []
        for vn in vns {
            members[vn]?.removeValue(forKey: key)
            if members[vn]?.isEmpty == true {
                members.removeValue(forKey: vn)
            }
        }
        return vns
    }
}
