import VDPWire

/// One line of a ``VSITypeDatabase``: what VSIs of one type (and version, or every version) may do.
public struct VSITypeEntry: Hashable, Sendable {
    /// The VSI type ID.
    public var typeID: VSITypeID
    /// The type version, or `nil` for every version without an entry of its own (`*` in the file).
    public var version: UInt8?
    /// The virtual networks (GroupIDs) the type may join.
    public var networks: VSINetworkSet
    /// Where the VIDs of the type's VSIs come from.
    public var vlans: VSIVLANPolicy
    /// The priority (PCP) of the type's traffic, if the entry sets one.
    public var pcp: UInt8?
    /// How many VSIs matching this entry one station may have at once, if limited.
    public var maximumPerStation: Int?
    /// The VSI Manager IDs allowed to ask for the type, or `nil` for any.
    public var managers: Set<VSIManagerID>?
    /// The line of the file the entry came from (1-based).
    public var line: Int

    /// Creates an entry.
    public init(
        typeID: VSITypeID,
        version: UInt8?,
        networks: VSINetworkSet = .none,
        vlans: VSIVLANPolicy = .pool,
        pcp: UInt8? = nil,
        maximumPerStation: Int? = nil,
        managers: Set<VSIManagerID>? = nil,
        line: Int = 0
    ) {
        self.typeID = typeID
        self.version = version
        self.networks = networks
        self.vlans = vlans
        self.pcp = pcp
        self.maximumPerStation = maximumPerStation
        self.managers = managers
        self.line = line
    }

    /// `TYPE/VERSION` as the file writes it (`*` for every version).
    public var name: String {
        "\(typeID)/" + (version.map { String($0) } ?? "*")
    }
}

/// The virtual networks (GroupIDs) a VSI type may join.
///
/// Not frozen: switch over it with a `default`.
public enum VSINetworkSet: Hashable, Sendable {
    /// None: the type's filters may not carry a GroupID (`vn=` not given).
    case none
    /// Any GroupID, and filters without one (`vn=any`).
    case any
    /// These GroupIDs, as sorted, non-overlapping ranges; every filter must carry one of them.
    case only([ClosedRange<UInt32>])

    /// Whether a filter with `groupID` may join.
    public func allows(_ groupID: GroupID) -> Bool {
        switch self {
        case .none: false
        case .any: true
        case .only(let ranges): ranges.containsSorted(groupID.rawValue)
        }
    }

    /// Whether every filter must carry a GroupID.
    public var requiresGroupID: Bool {
        if case .only = self {
            return true
        }
        return false
    }
}

/// Where the VIDs of a VSI type come from.
///
/// Not frozen: switch over it with a `default`.
public enum VSIVLANPolicy: Hashable, Sendable {
    /// From the bridge port's own pool (`vid=pool`, the default): one VID per GroupID, or per VSI without one.
    case pool
    /// From the entry's own VIDs (`vid=range:LIST`), one per GroupID, or per VSI without one; a VID a station
    /// names must be one of them. Sorted, non-overlapping ranges.
    case range([ClosedRange<UInt16>])
    /// These VIDs only (`vid=fixed:LIST`): a null VID becomes the GroupID's VID or the first of them, a VID a
    /// station names must be one of them. In the file's order.
    case fixed([UInt16])

    /// Whether a VID a station names is allowed (always, with ``pool``: the port checks its own range).
    public func allows(_ vid: UInt16) -> Bool {
        switch self {
        case .pool: true
        case .range(let ranges): ranges.containsSorted(vid)
        case .fixed(let vids): vids.contains(vid)
        }
    }
}

extension Array {
    /// Whether sorted, non-overlapping ranges contain `value` (binary search).
    func containsSorted<Bound: Comparable>(_ value: Bound) -> Bool where Element == ClosedRange<Bound> {
        var low = 0
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            let range = self[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
