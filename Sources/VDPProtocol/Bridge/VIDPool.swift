import VDPWire

/// The local VIDs a bridge port hands out for null VIDs when its policy does not choose one.
///
/// One VID serves a whole virtual network: entries with a GroupID share the GroupID's VID; entries without one
/// get a VID per VSI. VIDs that stations ask for explicitly, or that the policy assigns, are held too, so the
/// pool never hands them to another network. Every hold is counted, and a VID is free again when its last holder
/// releases it. The pool only ever hands out VIDs of its ``range``.
///
/// Read-only outside the package: a bridge port owns its pool (``BridgePort/vidPool``) and alone takes and drops
/// holds, so that the pool and the VSI table always agree.
public struct VIDPool: Hashable, Sendable {
    /// What holds a VID.
    ///
    /// Frozen: a VID is held for a virtual network (a GroupID), for one VSI, or as an explicit VID; no other kind
    /// of holder will be added.
    public enum Owner: Hashable, Sendable {
        /// Every VSI entry carrying this GroupID.
        case group(GroupID)
        /// One VSI.
        case vsi(BridgeVSIKey)
        /// A VID given explicitly (by a station's request or the policy): held by every VSI using it.
        case explicit(UInt16)
    }

    private struct Allocation: Hashable, Sendable {
        var vid: UInt16
        var holders: Int
    }

    /// The VIDs the pool may hand out.
    public let range: ClosedRange<UInt16>
    private var allocations: [Owner: Allocation] = [:]
    /// How many owners use each VID (a pool VID and an explicit one may coincide).
    private var users: [UInt16: Int] = [:]
    /// How many group or VSI owners (the pool's own assignments, not explicit VIDs) use each VID.
    private var assigned: [UInt16: Int] = [:]
    private var nextCandidate: UInt16

    /// Creates a pool over `range` (clamped to 1…4094).
    package init(range: ClosedRange<UInt16> = 2...4094) {
        let lower = min(max(range.lowerBound, 1), 4094)
        let upper = max(lower, min(range.upperBound, 4094))
        self.range = lower...upper
        self.nextCandidate = lower
    }

    /// The number of distinct VIDs held.
    public var allocatedCount: Int { users.count }

    /// The VID held by `owner`, if any.
    public func vid(of owner: Owner) -> UInt16? {
        allocations[owner]?.vid
    }

    /// Whether some owner uses `vid`.
    public func isInUse(_ vid: UInt16) -> Bool {
        users[vid] != nil
    }

    /// Whether the pool assigned `vid` to a GroupID or a VSI (rather than holding it as an explicit VID).
    public func isAssigned(_ vid: UInt16) -> Bool {
        assigned[vid] != nil
    }

    /// Takes one hold on `owner`'s VID: the explicit VID, the one already allocated, or a free one from the
    /// range; `nil` when the range is exhausted.
    package mutating func acquire(_ owner: Owner) -> UInt16? {
        acquire(owner, choosing: nil)
    }

    /// Takes one hold on `owner`'s VID; a group or VSI owner without a VID yet takes `chosen` when given (the
    /// caller has checked that it lies in the range and is free), a free VID from the range otherwise.
    mutating func acquire(_ owner: Owner, choosing chosen: UInt16?) -> UInt16? {
        if var allocation = allocations[owner] {
            allocation.holders += 1
            allocations[owner] = allocation
            return allocation.vid
        }
        let vid: UInt16
        if case .explicit(let explicit) = owner {
            vid = explicit
        } else if let chosen {
            vid = chosen
            assigned[vid, default: 0] += 1
        } else {
            guard let free = freeVID() else {
                return nil
            }
            vid = free
            nextCandidate = free == range.upperBound ? range.lowerBound : free + 1
            assigned[vid, default: 0] += 1
        }
        allocations[owner] = Allocation(vid: vid, holders: 1)
        users[vid, default: 0] += 1
        return vid
    }

    /// Drops one hold on `owner`'s VID; the VID is free again when no owner uses it.
    package mutating func release(_ owner: Owner) {
        guard var allocation = allocations[owner] else {
            return
        }
        allocation.holders -= 1
        guard allocation.holders == 0 else {
            allocations[owner] = allocation
            return
        }
        allocations.removeValue(forKey: owner)
        let remaining = (users[allocation.vid] ?? 1) - 1
        users[allocation.vid] = remaining > 0 ? remaining : nil
        if case .explicit = owner {
            return
        }
        let remainingAssigned = (assigned[allocation.vid] ?? 1) - 1
        assigned[allocation.vid] = remainingAssigned > 0 ? remainingAssigned : nil
    }

    /// The next VID of the range no owner uses, searching from where the last allocation stopped.
    private func freeVID() -> UInt16? {
        var candidate = nextCandidate
        for _ in 0..<range.count {
            if users[candidate] == nil {
                return candidate
            }
            candidate = candidate == range.upperBound ? range.lowerBound : candidate + 1
        }
        return nil
    }
}
