import VDPWire

/// The VIDs a bridge port's VSIs are granted, and the holds each VSI takes in the port's ``VIDPool`` for them.
///
/// Every VID a VSI uses is held in the pool (a GroupID's VID, the VSI's own pool VID, or an explicit VID), so the
/// pool never hands a VID in use to another network. The holds taken for a VSI are kept in its table entry
/// (``BridgeVSIHolds``), and only there: granting new filters, moving them, or ending the VSI releases exactly the
/// holds it took.
struct BridgeVIDAssignments: Sendable {
    /// The VIDs handed out for null VIDs.
    private(set) var pool: VIDPool

    /// The filters granted, or why they are not.
    enum Outcome {
        /// The filters to grant, every VID filled in and held.
        case granted(FilterInfo)
        /// The reason to give the station; nothing was taken.
        case refused(BridgeRejectionReason)
    }

    /// What to make of one filter entry's VID when the policy accepts.
    private enum Choice {
        /// Nothing to hold: a null VID the policy left null.
        case none
        /// Hold `owner`'s VID; an owner without one yet takes `chosen` (or a free one from the pool when `nil`).
        case take(VIDPool.Owner, chosen: UInt16?)
        /// The VID is refused.
        case refuse(BridgeRejectionReason)
    }

    /// Creates assignments drawing on a pool over `range`.
    init(range: ClosedRange<UInt16>) {
        self.pool = VIDPool(range: range)
    }

    /// Fills in null VIDs (from the pool with ``VIDAssignment/fromPool``; a policy's own words are kept as they
    /// are, null included) and takes the pool's holds for every VID the VSI uses, releasing those it held before.
    /// Fails, holding what the VSI held before, with the reason to give the station: an invalid VID, an exhausted
    /// pool, or a per-entry list of the wrong length. `holdings` are the VSI's holds, replaced on success.
    mutating func assign(
        _ assignment: VIDAssignment,
        to requested: FilterInfo,
        for key: BridgeVSIKey,
        holdings: inout BridgeVSIHolds
    ) -> Outcome {
        var entries = requested.entries
        var fromStation = entries.map { !$0.vid.isNullVID }
        switch assignment {
        case .fixed(let word):
            for index in entries.indices where entries[index].vid.isNullVID {
                entries[index].vid = word
            }
        case .perEntry(let words):
            guard words.count == entries.count else {
                return .refused(.conflictingPolicy)
            }
            for index in entries.indices {
                entries[index].vid = words[index]
            }
            fromStation = entries.map { _ in false }
        case .fromPool:
            break
        }
        let previous = holdings.owners(for: key)
        let ownPoolVID = previous.contains(.vsi(key)) ? pool.vid(of: .vsi(key)) : nil
        var acquired: [VIDPool.Owner] = []
        var failure: BridgeRejectionReason?
        entryLoop: for index in entries.indices {
            let choice = owner(
                of: entries[index],
                fromStation: fromStation[index],
                assignment,
                for: key,
                ownPoolVID: ownPoolVID
            )
            let owner: VIDPool.Owner
            let chosen: UInt16?
            switch choice {
            case .none:
                continue
            case .refuse(let reason):
                failure = reason
                break entryLoop
            case .take(let taken, let vid):
                owner = taken
                chosen = vid
            }
            let vid: UInt16
            if acquired.contains(owner), let held = pool.vid(of: owner) {
                vid = held
            } else if let fresh = pool.acquire(owner, choosing: chosen) {
                acquired.append(owner)
                vid = fresh
            } else {
                failure = .insufficientResources
                break entryLoop
            }
            entries[index].vid = FilterVID(rawValue: entries[index].vid.rawValue & 0xF000 | vid)
        }
        guard failure == nil, let filterInfo = try? FilterInfo(format: requested.format, entries: entries) else {
            acquired.forEach { pool.release($0) }
            return .refused(failure ?? .insufficientResources)
        }
        previous.forEach { pool.release($0) }
        holdings = BridgeVSIHolds(acquired)
        return .granted(filterInfo)
    }

    /// The pool owner and, for an owner without a VID yet, the VID it should take, for one entry of a request
    /// the policy accepted; or why the entry's VID is refused (see ``BridgePort/decide(_:_:at:into:)``).
    private func owner(
        of entry: FilterEntry,
        fromStation: Bool,
        _ assignment: VIDAssignment,
        for key: BridgeVSIKey,
        ownPoolVID: UInt16?
    ) -> Choice {
        let vid = entry.vid
        guard assignment == .fromPool else {
            guard !vid.isNullVID else {
                return .none
            }
            if fromStation {
                let groupVID = entry.groupID.flatMap { pool.vid(of: .group($0)) }
                guard vid.vid <= 4094, !pool.isAssigned(vid.vid) || vid.vid == ownPoolVID || vid.vid == groupVID
                else {
                    return .refuse(.invalidAddressOrVLAN)
                }
            }
            return .take(.explicit(vid.vid), chosen: nil)
        }
        if let group = entry.groupID {
            if let held = pool.vid(of: .group(group)) {
                return vid.isNullVID || vid.vid == held
                    ? .take(.group(group), chosen: nil) : .refuse(.invalidAddressOrVLAN)
            }
            guard !vid.isNullVID else {
                return .take(.group(group), chosen: nil)
            }
            guard pool.range.contains(vid.vid), !pool.isInUse(vid.vid) else {
                return .refuse(.invalidAddressOrVLAN)
            }
            return .take(.group(group), chosen: vid.vid)
        }
        if vid.isNullVID || vid.vid == ownPoolVID {
            return .take(.vsi(key), chosen: nil)
        }
        guard pool.range.contains(vid.vid), !pool.isAssigned(vid.vid) else {
            return .refuse(.invalidAddressOrVLAN)
        }
        return .take(.explicit(vid.vid), chosen: nil)
    }

    /// Moves a VSI's pool holds to the VIDs of `filterInfo` (an NVE local change): a VID the VSI already holds
    /// keeps its owner; any other is held as an explicit VID. The old holds are released.
    mutating func moveHoldings(of key: BridgeVSIKey, _ holdings: inout BridgeVSIHolds, to filterInfo: FilterInfo) {
        let previous = holdings.owners(for: key)
        var acquired: [VIDPool.Owner] = []
        for entry in filterInfo.entryList where !entry.vid.isNullVID {
            let vid = entry.vid.vid
            let kept = previous.first { owner in
                guard pool.vid(of: owner) == vid else {
                    return false
                }
                switch owner {
                case .group(let group): return entry.groupID == group
                case .vsi(let holder): return holder == key
                case .explicit: return true
                }
            }
            let owner = kept ?? .explicit(vid)
            if !acquired.contains(owner), pool.acquire(owner) != nil {
                acquired.append(owner)
            }
        }
        previous.forEach { pool.release($0) }
        holdings = BridgeVSIHolds(acquired)
    }

    /// The holds of the VSI of `key`, with their VIDs.
    func holds(of key: BridgeVSIKey, _ holdings: BridgeVSIHolds) -> [BridgeVIDHold] {
        holdings.owners(for: key).compactMap { owner in
            pool.vid(of: owner).map { BridgeVIDHold(owner: owner, vid: $0) }
        }
    }

    /// Takes the holds of a VSI restored after a restart, each on the VID it had, and returns them. Returns `nil`,
    /// taking nothing, when a hold is not a VID (0, 4095 and above), an explicit hold names another VID, an owner
    /// appears twice, an owner already holds another VID, or a VSI owner is another VSI.
    mutating func restore(_ holds: [BridgeVIDHold], for key: BridgeVSIKey) -> BridgeVSIHolds? {
        var acquired: [VIDPool.Owner] = []
        for hold in holds {
            var valid = (1...4094).contains(hold.vid) && !acquired.contains(hold.owner)
            if case .explicit(let vid) = hold.owner, vid != hold.vid {
                valid = false
            }
            if case .vsi(let holder) = hold.owner, holder != key {
                valid = false
            }
            if let held = pool.vid(of: hold.owner), held != hold.vid {
                valid = false
            }
            guard valid, pool.acquire(hold.owner, choosing: hold.vid) == hold.vid else {
                acquired.forEach { pool.release($0) }
                return nil
            }
            acquired.append(hold.owner)
        }
        return BridgeVSIHolds(acquired)
    }

    /// Releases every hold the VSI of `key` took (the VSI ended).
    mutating func release(_ holdings: BridgeVSIHolds, of key: BridgeVSIKey) {
        for owner in holdings.owners(for: key) {
            pool.release(owner)
        }
    }
}
