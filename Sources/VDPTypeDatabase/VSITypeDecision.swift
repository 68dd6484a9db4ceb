import VDPProtocol
import VDPWire

/// The checks and VID choices of a ``VSITypePolicy``, over a database and the port's usage.
enum VSITypeDecision {
    /// The refusal for a descriptor whose type, manager, networks, VIDs or priority the database does not allow
    /// (no resource checks), with the entry otherwise.
    static func check(
        _ descriptor: VSIDescriptor,
        in database: VSITypeDatabase
    ) -> Result<VSITypeEntry, VSITypeRefusal> {
        guard let entry = database.entry(for: descriptor.typeID, version: descriptor.typeVersion) else {
            return .failure(.unknownType(descriptor.typeID, version: descriptor.typeVersion))
        }
        if let managers = entry.managers, !managers.contains(descriptor.managerID) {
            return .failure(.managerNotAllowed(descriptor.managerID))
        }
        for filter in descriptor.filterInfo.entries {
            if let group = filter.groupID {
                guard entry.networks.allows(group) else {
                    return .failure(.networkNotAllowed(group))
                }
            } else if entry.networks.requiresGroupID {
                return .failure(.networkRequired)
            }
            if !filter.vid.isNullVID, !entry.vlans.allows(filter.vid.vid) {
                return .failure(.vidNotAllowed(filter.vid.vid))
            }
            if let pcp = entry.pcp, filter.vid.prioritySignificant, filter.vid.pcp != pcp {
                return .failure(.pcpConflict(requested: filter.vid.pcp, allowed: pcp))
            }
        }
        return .success(entry)
    }

    /// Decides a request for `key` as `descriptor` describes it: the VID assignment and the filters as they will
    /// be granted (null VIDs left to the port with ``VIDAssignment/fromPool``), or the refusal.
    static func decide(
        _ descriptor: VSIDescriptor,
        for key: BridgeVSIKey,
        in database: VSITypeDatabase,
        usage: VSITypeUsage
    ) -> Result<(VIDAssignment, FilterInfo), VSITypeRefusal> {
        let entry: VSITypeEntry
        switch check(descriptor, in: database) {
        case .success(let found): entry = found
        case .failure(let refusal): return .failure(refusal)
        }
        if let limit = entry.maximumPerStation,
            usage.count(of: key.station, matching: entry, in: database, excluding: key) >= limit
        {
            return .failure(.stationLimitReached(limit))
        }
        let requested = descriptor.filterInfo
        var words: [FilterVID] = []
        var chosenForGroup: [GroupID: UInt16] = [:]
        var chosen: Set<UInt16> = []
        let own = usage.holdings[key]?.descriptor.filterInfo
        for (index, filter) in requested.entries.enumerated() {
            var vid = filter.vid.vid
            if let group = filter.groupID {
                let used = chosenForGroup[group].map { [$0] } ?? usage.vids(of: group, excluding: key)
                if let first = used.first, filter.vid.isNullVID || !used.contains(vid) {
                    guard filter.vid.isNullVID, entry.vlans.allows(first) else {
                        return .failure(.groupVIDConflict(group, usedVID: first))
                    }
                    vid = first
                }
            }
            if vid == 0 {
                switch entry.vlans {
                case .pool:
                    break
                case .fixed(let vids):
                    vid = vids.first ?? 0
                case .range(let ranges):
                    // A VSI asking again keeps the VID it holds for this filter (its VN has no other VSI).
                    let previous = own.flatMap { index < $0.entries.count ? $0.entries[index] : nil }
                        .flatMap { $0.groupID == filter.groupID ? $0.vid.vid : nil }
                    if let previous, previous != 0, entry.vlans.allows(previous), !chosen.contains(previous) {
                        vid = previous
                    } else if let free = freeVID(in: ranges, usage: usage, chosen: chosen) {
                        vid = free
                    } else {
                        return .failure(.vidRangeExhausted)
                    }
                }
            }
            if let group = filter.groupID, vid != 0 {
                chosenForGroup[group] = vid
            }
            chosen.insert(vid)
            let priority: UInt16 = entry.pcp.map { 0x8000 | UInt16($0) << 12 } ?? filter.vid.rawValue & 0xF000
            words.append(FilterVID(rawValue: vid == 0 ? filter.vid.rawValue : priority | vid))
        }
        guard entry.vlans != .pool else {
            return .success((.fromPool, requested))
        }
        var entries = requested.entries
        for index in entries.indices {
            entries[index].vid = words[index]
        }
        let granted = (try? FilterInfo(format: requested.format, entries: entries)) ?? requested
        return .success((.perEntry(words), granted))
    }

    /// The first VID of `ranges` no VSI uses and this request has not chosen.
    private static func freeVID(
        in ranges: [ClosedRange<UInt16>],
        usage: VSITypeUsage,
        chosen: Set<UInt16>
    ) -> UInt16? {
        for range in ranges {
            for vid in range where !usage.isInUse(vid) && !chosen.contains(vid) {
                return vid
            }
        }
        return nil
    }
}
