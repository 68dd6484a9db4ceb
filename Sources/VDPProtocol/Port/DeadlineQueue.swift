/// A min-heap of deadlines for many keys, with lazy removal: rescheduling a key pushes a new entry and stale
/// ones are discarded when they reach the top. Insertion and removal are O(log n).
struct DeadlineQueue<Key: Hashable & Sendable>: Sendable, Equatable {
    private struct Entry: Sendable, Equatable {
        var deadline: Instant
        var key: Key
    }

    private var heap: [Entry] = []

    /// The number of entries, stale ones included.
    var count: Int { heap.count }

    /// The earliest deadline in the queue; it may belong to a stale entry, which only makes a caller wake early.
    var earliest: Instant? { heap.first?.deadline }

    /// Adds a deadline for `key`.
    mutating func schedule(_ key: Key, at deadline: Instant) {
        heap.append(Entry(deadline: deadline, key: key))
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest entry if it is due at `now`, stale or not: one step of bounded work.
    mutating func popFirst(dueAt now: Instant) -> (key: Key, deadline: Instant)? {
        guard let top = heap.first, top.deadline <= now else {
            return nil
        }
        removeTop()
        return (top.key, top.deadline)
    }

    /// Drops stale entries from the top, so ``earliest`` is a live deadline.
    mutating func discardStale(isCurrent: (Key, Instant) -> Bool) {
        while let top = heap.first, !isCurrent(top.key, top.deadline) {
            removeTop()
        }
    }

    /// Removes every entry.
    mutating func removeAll() {
        heap.removeAll()
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else {
            return
        }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else {
                return
            }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline {
                smallest = left
            }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline {
                smallest = right
            }
            guard smallest != parent else {
                return
            }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
