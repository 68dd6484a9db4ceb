import VDPWire

/// How a port packs VSI TLVs into ECPDUs.
///
/// Not frozen: other ways of packing may be added in later versions, so switch over it with a `default`.
public enum Batching: Hashable, Sendable {
    /// One VSI TLV per ECPDU, as lldpad sends: for peers that cannot take more.
    case disabled
    /// As many VSI TLVs as fit a ULPDU of at most `maximumULPDULength` octets (lldpad accepts up to 1493).
    case batched(maximumULPDULength: Int)

    /// Batching up to lldpad's largest accepted ULPDU (1493 octets): the default.
    public static let enabled = Batching.batched(maximumULPDULength: ECPDU.maximumULPDULength)

    /// Batching up to the largest ULPDU that fits an Ethernet payload of `maximumPayloadLength` octets, leaving
    /// room for the ECP header and an End TLV as lldpad does: 1493 octets (about 42 VSI TLVs) for the standard
    /// 1500, 8993 (about 256) for a 9000-octet jumbo MTU. Values below 1500 count as 1500.
    ///
    /// Only for a peer known to accept such frames (configured for them as well, on a link whose MTU carries
    /// them): lldpad reads at most 2300 octets and keeps 1514 of a frame, so it must never get more than 1500.
    public static func enabled(maximumPayloadLength: Int) -> Batching {
        let payload = max(maximumPayloadLength, Frame.maximumPayloadLength)
        return .batched(maximumULPDULength: payload - (Frame.maximumPayloadLength - ECPDU.maximumULPDULength))
    }
}

/// VSI TLVs waiting for the ECP transmitter, packed into ULPDUs when it is free.
///
/// A VSI has at most one TLV waiting: a newer one replaces it. TLVs leave in the order they were queued; one
/// ULPDU carries TLVs of one VSI Manager ID only, since the Manager ID TLV applies to every VSI TLV after it.
struct PendingTLVs<Key: Hashable & Sendable>: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var key: Key
        var managerID: VSIManagerID
        var tlv: VSITLV
    }

    private var items: [Item?] = []
    private var index: [Key: Int] = [:]
    private var head = 0

    /// Whether nothing waits.
    var isEmpty: Bool { index.isEmpty }

    /// The number of TLVs waiting.
    var count: Int { index.count }

    /// Queues `tlv` for `key`, replacing a TLV still waiting for the same key.
    mutating func enqueue(_ tlv: VSITLV, managerID: VSIManagerID, for key: Key) {
        if let position = index[key] {
            items[position] = Item(key: key, managerID: managerID, tlv: tlv)
            return
        }
        index[key] = items.count
        items.append(Item(key: key, managerID: managerID, tlv: tlv))
    }

    /// Drops whatever waits for `key`.
    mutating func remove(_ key: Key) {
        if let position = index.removeValue(forKey: key) {
            items[position] = nil
        }
        compactIfDrained()
    }

    /// Drops everything.
    mutating func removeAll() {
        items.removeAll()
        index.removeAll()
        head = 0
    }

    /// Takes the TLVs for the next ULPDU: the oldest TLV and, with batching, every later TLV of the same
    /// Manager ID that still fits.
    mutating func takeBatch(_ batching: Batching) -> (VSIManagerID, [Item])? {
        while head < items.count, items[head] == nil {
            head += 1
        }
        guard head < items.count, let first = items[head] else {
            compactIfDrained()
            return nil
        }
        var batch: [Item] = []
        switch batching {
        case .disabled:
            batch = [first]
            take(at: head)
        case .batched(let maximumLength):
            var length = 2 + VSIManagerID.valueLength
            var position = head
            while position < items.count {
                if let item = items[position], item.managerID == first.managerID {
                    let tlvLength = 2 + item.tlv.valueLength
                    guard batch.isEmpty || length + tlvLength <= maximumLength else {
                        break
                    }
                    length += tlvLength
                    batch.append(item)
                    take(at: position)
                }
                position += 1
            }
        }
        compactIfDrained()
        return (first.managerID, batch)
    }

    private mutating func take(at position: Int) {
        if let item = items[position] {
            index.removeValue(forKey: item.key)
        }
        items[position] = nil
    }

    private mutating func compactIfDrained() {
        if index.isEmpty {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
            for (position, item) in items.enumerated() {
                if let item {
                    index[item.key] = position
                }
            }
        }
    }
}
