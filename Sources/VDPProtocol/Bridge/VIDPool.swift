import VDPWire

/// The local VIDs a bridge port hands out for null VIDs when its policy does not choose one.
///
/// One VID serves a whole virtual network: entries with a GroupID share the GroupID's VID; entries without one
/// get a VID per VSI. Allocations are counted, and a VID returns to the pool when its last holder releases it.
public struct VIDPool: Hashable, Sendable {
    /// What a VID is allocated to.
    public enum Owner: Hashable, Sendable {
        /// Every VSI entry carrying this GroupID.
        case group(GroupID)
        /// One VSI.
        case vsi(BridgeVSIKey)
    }

    private struct Allocation: Hashable, Sendable {
        var vid: UInt16
        var holders: Int
    }

    /// The VIDs the pool may hand out.
    public let range: ClosedRange<UInt16>
    private var allocations: [Owner: Allocation] = [:]
    private var inUse: Set<UInt16> = []
    private var nextCandidate: UInt16

    /// Creates a pool over `range` (clamped to 1…4094).
    public init(range: ClosedRange<UInt16> = 2...4094) {
        let lower = min(max(range.lowerBound, 1), 4094)
        let upper = max(lower, min(range.upperBound, 4094))
        self.range = lower...upper
        self.nextCandidate = lower
    }

    /// The number of VIDs handed out.
    public var allocatedCount: Int { inUse.count }

    /// The VID allocated to `owner`, if any.
    public func vid(of owner: Owner) -> UInt16? {
        allocations[owner]?.vid
    }

    /// Takes one hold on `owner`'s VID, allocating one if it has none; `nil` when the pool is exhausted.
    public mutating func acquire(_ owner: Owner) -> UInt16? {
        if var allocation = allocations[owner] {
            allocation.holders += 1
            allocations[owner] = allocation
            return allocation.vid
        }
        guard inUse.count < range.count else {
            return nil
        }
        var candidate = nextCandidate
        while inUse.contains(candidate) {
            candidate = candidate == range.upperBound ? range.lowerBound : candidate + 1
        }
        inUse.insert(candidate)
        allocations[owner] = Allocation(vid: candidate, holders: 1)
        nextCandidate = candidate == range.upperBound ? range.lowerBound : candidate + 1
        return candidate
    }

    /// Drops one hold on `owner`'s VID; the VID is free again when no hold is left.
    public mutating func release(_ owner: Owner) {
        guard var allocation = allocations[owner] else {
            return
        }
        allocation.holders -= 1
        if allocation.holders > 0 {
            allocations[owner] = allocation
        } else {
            allocations.removeValue(forKey: owner)
            inUse.remove(allocation.vid)
        }
    }
}
