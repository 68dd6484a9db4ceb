import VDPWire

/// A bridge port's VSIs, dense: each VSI's entry lives in a numbered slot of a chunked array (growing it never
/// copies the entries), a VSIID finds its slot through an index that grows a few buckets at a time, and each slot's
/// deadline sits in a heap that knows where every slot is. The slots of removed VSIs are reused. No call does work
/// in proportion to the number of VSIs, except ``removeAll()`` and reading them all.
struct BridgeVSITable: Sendable {
    private var entries = ChunkedArray<BridgeVSIEntry?>()
    private var freeSlots = ChunkedArray<UInt32>()
    private var index = VSISlotIndex()
    private var deadlines = SlotDeadlineHeap()

    /// The most VSIs the table holds.
    let capacity: Int

    /// The largest capacity: slot numbers are 32-bit, and the index stores a slot plus one.
    static let maximumCapacity = Int(UInt32.max - 1)

    /// An empty table holding at most `capacity` VSIs (at most ``maximumCapacity``).
    init(capacity: Int = Self.maximumCapacity) {
        self.capacity = min(max(0, capacity), Self.maximumCapacity)
    }

    /// The number of VSIs.
    var count: Int { index.count }

    /// Whether one more VSI fits.
    var hasRoom: Bool { count < capacity }

    /// Whether the slot index is moving its buckets into a larger array.
    var isIndexGrowing: Bool { index.isGrowing }

    /// The number of slots ever used (free ones included).
    var slotCount: Int { entries.count }

    /// The slot of `vsiID`.
    func slot(of vsiID: VSIID) -> UInt32? {
        index.slot(of: vsiID) { Self.key(at: $0, in: entries) }
    }

    /// The entry in `slot`, if the slot is in use.
    func entry(at slot: UInt32) -> BridgeVSIEntry? {
        Int(slot) < entries.count ? entries[Int(slot)] : nil
    }

    /// The entry of `vsiID`.
    func entry(of vsiID: VSIID) -> BridgeVSIEntry? {
        slot(of: vsiID).flatMap(entry(at:))
    }

    /// Replaces the entry in `slot`, which must be in use with the same VSIID.
    mutating func update(_ slot: UInt32, _ entry: BridgeVSIEntry) {
        guard Int(slot) < entries.count, entries[Int(slot)]?.machine.descriptor.vsiID == entry.machine.descriptor.vsiID
        else {
            return
        }
        entries[Int(slot)] = entry
    }

    /// Adds the entry of a VSIID not in the table, in a free slot if there is one; returns its slot, or `nil` when
    /// the table is full.
    mutating func insert(_ entry: BridgeVSIEntry) -> UInt32? {
        guard hasRoom else {
            return nil
        }
        let slot: UInt32
        if freeSlots.count > 0 {
            slot = freeSlots.removeLast()
            entries[Int(slot)] = entry
        } else {
            slot = UInt32(entries.count)
            entries.append(entry)
        }
        Self.insert(slot, for: entry.machine.descriptor.vsiID, into: &index, entries: entries)
        return slot
    }

    /// Removes the entry in `slot` and its deadline; the slot is free for reuse.
    mutating func remove(_ slot: UInt32) {
        guard let entry = entry(at: slot) else {
            return
        }
        Self.remove(entry.machine.descriptor.vsiID, from: &index, entries: entries)
        deadlines.remove(slot)
        entries[Int(slot)] = nil
        freeSlots.append(slot)
    }

    /// Removes every entry.
    mutating func removeAll() {
        entries.removeAll()
        freeSlots.removeAll()
        index.removeAll()
        deadlines.removeAll()
    }

    /// Sets the deadline of `slot` (`nil` removes it).
    mutating func schedule(_ slot: UInt32, at deadline: Instant?) {
        if let deadline {
            deadlines.schedule(slot, at: deadline)
        } else {
            deadlines.remove(slot)
        }
    }

    /// The deadline of `slot`, if it has one.
    func deadline(of slot: UInt32) -> Instant? {
        deadlines.deadline(of: slot)
    }

    /// The earliest deadline and its slot.
    var earliest: (deadline: Instant, slot: UInt32)? { deadlines.first }

    /// Every VSIID, in slot order.
    var vsiIDs: [VSIID] {
        var vsiIDs: [VSIID] = []
        vsiIDs.reserveCapacity(count)
        forEach { vsiIDs.append($0.machine.descriptor.vsiID) }
        return vsiIDs
    }

    /// Calls `body` with every entry, in slot order.
    func forEach(_ body: (BridgeVSIEntry) -> Void) {
        for slot in 0..<entries.count {
            if let entry = entries[slot] {
                body(entry)
            }
        }
    }

    /// Indexes `slot` under `vsiID`, reading the other slots' keys in `entries`.
    private static func insert(
        _ slot: UInt32,
        for vsiID: VSIID,
        into index: inout VSISlotIndex,
        entries: ChunkedArray<BridgeVSIEntry?>
    ) {
        index.insert(slot, for: vsiID) { key(at: $0, in: entries) }
    }

    /// Removes `vsiID` from the index, reading the other slots' keys in `entries`.
    private static func remove(_ vsiID: VSIID, from index: inout VSISlotIndex, entries: ChunkedArray<BridgeVSIEntry?>) {
        index.remove(vsiID) { key(at: $0, in: entries) }
    }

    /// The VSIID of a slot in use (a slot the index holds is always in use).
    private static func key(at slot: UInt32, in entries: ChunkedArray<BridgeVSIEntry?>) -> VSIID {
        entries[Int(slot)]?.machine.descriptor.vsiID ?? .uuid(VSIUUID(octets: Octets16(high: 0, low: 0)))
    }
}
