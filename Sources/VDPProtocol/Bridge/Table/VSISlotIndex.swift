import VDPWire

/// Finds a VSI's slot in its port's table by VSIID: an open-addressing hash table (linear probing) of slot
/// numbers, 4 bytes a bucket, the keys themselves read from the table through `keyAt`.
///
/// It grows without stalling: when it is three quarters full, a bucket array twice as large is allocated (its
/// chunks as they are first written) and the old one is emptied into it a few buckets at a time (at most ``bucketsMovedPerOperation`` per insertion or
/// removal); until it is empty, a lookup consults both. No single call rehashes everything.
struct VSISlotIndex: Sendable {
    /// How many old buckets an insertion or removal moves while the index grows.
    static let bucketsMovedPerOperation = 16

    /// The buckets of one array, in chunks of at most 4,096 allocated when first written, so that allocating a
    /// large array costs one small list and its zeroing is spread over the calls that fill it.
    private struct Storage: Sendable {
        private var chunks: [[UInt32]]
        /// The number of buckets, a power of two.
        let count: Int
        private let chunkShift: Int

        init(count: Int) {
            let chunkSize = min(count, 4096)
            self.count = count
            chunkShift = chunkSize.trailingZeroBitCount
            chunks = Array(repeating: [], count: count >> chunkShift)
        }

        subscript(index: Int) -> UInt32 {
            get {
                let chunk = index >> chunkShift
                return chunks[chunk].isEmpty ? 0 : chunks[chunk][index & ((1 << chunkShift) - 1)]
            }
            set {
                let chunk = index >> chunkShift
                if chunks[chunk].isEmpty {
                    guard newValue != 0 else {
                        return
                    }
                    chunks[chunk] = Array(repeating: 0, count: 1 << chunkShift)
                }
                chunks[chunk][index & ((1 << chunkShift) - 1)] = newValue
            }
        }
    }

    /// One bucket array: 0 is an empty bucket, any other value a slot number plus one.
    private struct Buckets: Sendable {
        var slots: Storage
        var count = 0
        var mask: Int { slots.count - 1 }

        init(capacity: Int) {
            slots = Storage(count: capacity)
        }

        /// The bucket holding the slot for which `matches` holds, probing from `hash`.
        func bucket(hash: Int, matches: (UInt32) -> Bool) -> Int? {
            var index = hash & mask
            while true {
                let stored = slots[index]
                if stored == 0 {
                    return nil
                }
                if matches(stored - 1) {
                    return index
                }
                index = (index + 1) & mask
            }
        }

        /// Puts `slot` in the first free bucket from `hash`; the array must have a free bucket.
        mutating func insert(_ slot: UInt32, hash: Int) {
            var index = hash & mask
            while slots[index] != 0 {
                index = (index + 1) & mask
            }
            slots[index] = slot + 1
            count += 1
        }

        /// Empties `bucket`, moving later entries of its probe run back so that every entry stays reachable.
        mutating func remove(at bucket: Int, hashOf: (UInt32) -> Int) {
            var hole = bucket
            var index = bucket
            while true {
                index = (index + 1) & mask
                let stored = slots[index]
                if stored == 0 {
                    break
                }
                let ideal = hashOf(stored - 1) & mask
                if (index - ideal) & mask >= (index - hole) & mask {
                    slots[hole] = stored
                    hole = index
                }
            }
            slots[hole] = 0
            count -= 1
        }
    }

    private var current = Buckets(capacity: 16)
    /// The bucket array being emptied into ``current``, while the index grows.
    private var old: Buckets?
    /// The first bucket of ``old`` that may still hold an entry.
    private var cursor = 0

    /// An empty index.
    init() {}

    /// The number of slots indexed.
    var count: Int { current.count + (old?.count ?? 0) }

    /// Whether the index is moving an old bucket array into a new one.
    var isGrowing: Bool { old != nil }

    /// The slot of `vsiID`; `keyAt` gives the VSIID of a slot.
    func slot(of vsiID: VSIID, keyAt: (UInt32) -> VSIID) -> UInt32? {
        let hash = vsiID.hashValue
        if let bucket = current.bucket(hash: hash, matches: { keyAt($0) == vsiID }) {
            return current.slots[bucket] - 1
        }
        if let old, let bucket = old.bucket(hash: hash, matches: { keyAt($0) == vsiID }) {
            return old.slots[bucket] - 1
        }
        return nil
    }

    /// Indexes `slot` under `vsiID`, which must not be indexed yet.
    mutating func insert(_ slot: UInt32, for vsiID: VSIID, keyAt: (UInt32) -> VSIID) {
        migrate(keyAt: keyAt)
        if (current.count + 1) * 4 > current.slots.count * 3 {
            // A previous growth not finished by now (it cannot happen at the rate buckets are moved) is finished
            // first, so that only two arrays ever exist.
            while old != nil {
                migrate(keyAt: keyAt)
            }
            old = current
            current = Buckets(capacity: current.slots.count * 2)
            cursor = 0
        }
        current.insert(slot, hash: vsiID.hashValue)
    }

    /// Removes `vsiID` from the index; returns its slot, or `nil` when it was not indexed.
    @discardableResult
    mutating func remove(_ vsiID: VSIID, keyAt: (UInt32) -> VSIID) -> UInt32? {
        let hash = vsiID.hashValue
        let hashOf = { (slot: UInt32) in keyAt(slot).hashValue }
        var removed: UInt32?
        if let bucket = current.bucket(hash: hash, matches: { keyAt($0) == vsiID }) {
            removed = current.slots[bucket] - 1
            current.remove(at: bucket, hashOf: hashOf)
        } else if var buckets = old, let bucket = buckets.bucket(hash: hash, matches: { keyAt($0) == vsiID }) {
            old = nil
            removed = buckets.slots[bucket] - 1
            buckets.remove(at: bucket, hashOf: hashOf)
            old = buckets
        }
        migrate(keyAt: keyAt)
        return removed
    }

    /// Removes every slot; the index starts again at its initial size.
    mutating func removeAll() {
        current = Buckets(capacity: 16)
        old = nil
        cursor = 0
    }

    /// Moves at most ``bucketsMovedPerOperation`` buckets of the old array into the current one.
    private mutating func migrate(keyAt: (UInt32) -> VSIID) {
        guard var buckets = old else {
            return
        }
        // Taken out of `self` while it changes, so that it is uniquely referenced.
        old = nil
        var moved = 0
        while moved < Self.bucketsMovedPerOperation, buckets.count > 0 {
            moved += 1
            let stored = buckets.slots[cursor]
            if stored == 0 {
                cursor += 1
                continue
            }
            // Removing it may move a later entry back into this bucket, so the cursor stays.
            current.insert(stored - 1, hash: keyAt(stored - 1).hashValue)
            buckets.remove(at: cursor) { keyAt($0).hashValue }
        }
        if buckets.count > 0 {
            old = buckets
        } else {
            cursor = 0
        }
    }
}
