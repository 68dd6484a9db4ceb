import VDPProtocol
import VDPWire

/// What a bridge port's VSIs use, as a ``VSITypePolicy`` counts it: each VSI's type, version and VIDs, kept in
/// step with the VSI table (``VSITypePolicy/observe(_:_:)``) and with the policy's own grants until the table
/// confirms them.
struct VSITypeUsage: Sendable {
    /// A type and version.
    struct TypeVersion: Hashable, Sendable {
        var typeID: VSITypeID
        var version: UInt8
    }

    /// One VSI's use: its descriptor with the filters granted (or, before the table confirms them, accepted).
    struct Holding: Sendable {
        var descriptor: VSIDescriptor
        /// Accepted by the policy and not yet confirmed by the table.
        var provisional: Bool

        var typeVersion: TypeVersion { TypeVersion(typeID: descriptor.typeID, version: descriptor.typeVersion) }
    }

    private(set) var holdings: [BridgeVSIKey: Holding] = [:]
    private var perStation: [MACAddress: [TypeVersion: Int]] = [:]
    private var vidUsers: [UInt16: Int] = [:]
    private var groupVIDs: [GroupID: [UInt16: Int]] = [:]

    /// Replaces a VSI's use (`nil`: the VSI is gone), keeping every count exact.
    mutating func set(_ key: BridgeVSIKey, _ holding: Holding?) {
        if let old = holdings.removeValue(forKey: key) {
            account(key.station, old, sign: -1)
        }
        if let holding {
            holdings[key] = holding
            account(key.station, holding, sign: 1)
        }
    }

    private mutating func account(_ station: MACAddress, _ holding: Holding, sign: Int) {
        Self.adjust(&perStation[station, default: [:]], holding.typeVersion, by: sign)
        if perStation[station]?.isEmpty == true {
            perStation[station] = nil
        }
        for entry in holding.descriptor.filterInfo.entries where !entry.vid.isNullVID {
            Self.adjust(&vidUsers, entry.vid.vid, by: sign)
            if let group = entry.groupID {
                Self.adjust(&groupVIDs[group, default: [:]], entry.vid.vid, by: sign)
                if groupVIDs[group]?.isEmpty == true {
                    groupVIDs[group] = nil
                }
            }
        }
    }

    private static func adjust<Key: Hashable>(_ counts: inout [Key: Int], _ key: Key, by delta: Int) {
        let value = (counts[key] ?? 0) + delta
        counts[key] = value > 0 ? value : nil
    }

    /// How many VSIs of `station` match `entry` of `database`, not counting `excluded`.
    func count(
        of station: MACAddress,
        matching entry: VSITypeEntry,
        in database: VSITypeDatabase,
        excluding excluded: BridgeVSIKey
    ) -> Int {
        guard let counts = perStation[station] else {
            return 0
        }
        var total = 0
        for (typeVersion, count) in counts where typeVersion.typeID == entry.typeID {
            let matches =
                entry.version.map { $0 == typeVersion.version }
                ?? !database.hasOwnEntry(typeVersion.typeID, version: typeVersion.version)
            if matches {
                total += count
            }
        }
        if let own = holdings[excluded], own.typeVersion.typeID == entry.typeID,
            database.entry(for: own.typeVersion.typeID, version: own.typeVersion.version) == entry
        {
            total -= 1
        }
        return total
    }

    /// Whether any VSI uses `vid`.
    func isInUse(_ vid: UInt16) -> Bool {
        vidUsers[vid] != nil
    }

    /// The VIDs other VSIs than `excluded` use with `group`.
    func vids(of group: GroupID, excluding excluded: BridgeVSIKey) -> [UInt16] {
        guard var counts = groupVIDs[group] else {
            return []
        }
        for entry in holdings[excluded]?.descriptor.filterInfo.entries ?? []
        where entry.groupID == group && !entry.vid.isNullVID {
            Self.adjust(&counts, entry.vid.vid, by: -1)
        }
        return counts.keys.sorted()
    }

    /// The number of VSIs counted.
    var count: Int { holdings.count }
}
