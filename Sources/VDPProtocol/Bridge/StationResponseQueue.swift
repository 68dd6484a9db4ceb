import VDPWire

/// The VSI TLVs waiting for one station's ECP transmitter: a FIFO per VSI Manager ID, served round-robin, so
/// both queueing a TLV and taking a ULPDU's worth cost O(1) per TLV whatever the queue holds.
///
/// A VSI has at most one TLV waiting: a newer one replaces it (in place when the Manager ID is the same). One
/// ULPDU carries TLVs of one Manager ID only, since the Manager ID TLV applies to every VSI TLV after it; after
/// each ULPDU the next Manager ID with TLVs waiting has its turn.
struct StationResponseQueue: Sendable {
    private struct Item: Sendable {
        var vsiID: VSIID
        var tlv: VSITLV
    }

    /// The FIFO of one Manager ID; `nil` slots are TLVs replaced or taken, skipped when they reach the head.
    private struct Lane: Sendable {
        var items: [Item?] = []
        var head = 0
        /// The slots that hold a TLV.
        var live = 0
    }

    private struct Position: Sendable {
        var managerID: VSIManagerID
        var slot: Int
    }

    private var lanes: [VSIManagerID: Lane] = [:]
    /// Manager IDs with a lane, in turn order; each appears once.
    private var turns: [VSIManagerID] = []
    private var turnHead = 0
    private var positions: [VSIID: Position] = [:]
    /// The emptied slot array of the last lane taken in full, its capacity kept for the next new lane, so that a
    /// station answered one TLV at a time (a keep-alive) does not allocate a lane each time.
    private var spareItems: [Item?] = []

    /// The number of TLVs waiting.
    var count: Int { positions.count }

    /// Whether nothing waits.
    var isEmpty: Bool { positions.isEmpty }

    /// Whether a TLV for `vsiID` waits (so queueing another replaces it rather than adding one).
    func isWaiting(_ vsiID: VSIID) -> Bool {
        positions[vsiID] != nil
    }

    /// Queues `tlv` for `vsiID`, replacing a TLV still waiting for the same VSI.
    mutating func enqueue(_ tlv: VSITLV, managerID: VSIManagerID, for vsiID: VSIID) {
        let item = Item(vsiID: vsiID, tlv: tlv)
        if let position = positions[vsiID] {
            if position.managerID == managerID {
                lanes[managerID]?.items[position.slot] = item
                return
            }
            lanes[position.managerID]?.items[position.slot] = nil
            lanes[position.managerID]?.live -= 1
            if var lane = lanes.removeValue(forKey: position.managerID) {
                positions.removeValue(forKey: vsiID)
                compact(&lane, managerID: position.managerID)
                lanes[position.managerID] = lane
            }
        }
        if lanes[managerID] == nil {
            var items: [Item?] = []
            swap(&items, &spareItems)
            lanes[managerID] = Lane(items: items)
            turns.append(managerID)
        }
        let slot = Self.append(item, to: &lanes[managerID, default: Lane()])
        positions[vsiID] = Position(managerID: managerID, slot: slot)
    }

    private static func append(_ item: Item, to lane: inout Lane) -> Int {
        lane.items.append(item)
        lane.live += 1
        return lane.items.count - 1
    }

    /// Drops everything.
    mutating func removeAll() {
        lanes.removeAll()
        turns.removeAll()
        turnHead = 0
        positions.removeAll()
        spareItems = []
    }

    /// Takes the TLVs for the next ULPDU: from the Manager ID whose turn it is, its oldest TLVs, as many as
    /// `batching` lets fit (at least one), as the ULPDU's TLV list (the Manager ID TLV first) and the number of
    /// VSI TLVs taken. The ULPDU's array is built in `storage` (``ECPTransmitter/takeSpareTLVStorage()``), emptied first, when
    /// its capacity suffices: `storage` is left empty once a batch is taken from it.
    mutating func takeBatch(_ batching: Batching, storage: inout [VDPTLV]) -> (tlvs: [VDPTLV], count: Int)? {
        while turnHead < turns.count {
            let managerID = turns[turnHead]
            turnHead += 1
            guard var lane = lanes.removeValue(forKey: managerID) else {
                continue
            }
            let batch = take(from: &lane, managerID: managerID, batching, storage: &storage)
            if lane.head < lane.items.count {
                compact(&lane, managerID: managerID)
                lanes[managerID] = lane
                turns.append(managerID)
            } else {
                lane.items.removeAll(keepingCapacity: true)
                spareItems = lane.items
            }
            compactTurns()
            if batch.count > 1 {
                return (batch, batch.count - 1)
            }
        }
        compactTurns()
        return nil
    }

    /// The Manager ID TLV and the VSI TLVs taken from `lane`, in one array (the ULPDU's, so that nothing is
    /// copied into another), built in `storage` (emptied first) when its capacity suffices.
    private mutating func take(
        from lane: inout Lane,
        managerID: VSIManagerID,
        _ batching: Batching,
        storage: inout [VDPTLV]
    ) -> [VDPTLV] {
        let maximumLength: Int
        switch batching {
        case .disabled: maximumLength = 0
        case .batched(let length): maximumLength = length
        }
        // Room for every TLV that can fit (a VSI TLV takes at least 29 octets), allocated once.
        var batch: [VDPTLV] = []
        swap(&batch, &storage)
        batch.removeAll(keepingCapacity: true)
        batch.reserveCapacity(1 + min(lane.live, max(1, maximumLength / 29)))
        batch.append(.managerID(managerID))
        var length = 2 + VSIManagerID.valueLength
        while lane.head < lane.items.count {
            guard let item = lane.items[lane.head] else {
                lane.head += 1
                continue
            }
            let tlvLength = 2 + item.tlv.valueLength
            guard batch.count == 1 || length + tlvLength <= maximumLength else {
                break
            }
            length += tlvLength
            batch.append(.vsi(item.tlv))
            positions.removeValue(forKey: item.vsiID)
            lane.items[lane.head] = nil
            lane.head += 1
            lane.live -= 1
        }
        return batch
    }

    /// Drops the empty slots of a lane once they are most of it (taken TLVs at its head, replaced ones anywhere),
    /// so a lane never holds more than about twice its TLVs: amortised O(1) per TLV.
    private mutating func compact(_ lane: inout Lane, managerID: VSIManagerID) {
        guard lane.items.count - lane.live >= 64, lane.items.count - lane.live >= lane.live else {
            return
        }
        lane.items = lane.items[lane.head...].filter { $0 != nil }
        lane.head = 0
        for (slot, item) in lane.items.enumerated() {
            if let item {
                positions[item.vsiID] = Position(managerID: managerID, slot: slot)
            }
        }
    }

    private mutating func compactTurns() {
        if turnHead == turns.count {
            turns.removeAll(keepingCapacity: true)
            turnHead = 0
        } else if turnHead >= 64, turnHead * 2 >= turns.count {
            turns.removeFirst(turnHead)
            turnHead = 0
        }
    }
}
