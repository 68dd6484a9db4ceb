/// The deadlines of a table's slots: a min-heap of (deadline, slot) with each slot's position in the heap kept
/// beside it, so that scheduling, rescheduling and removing a slot's deadline are O(log n) and the heap holds
/// exactly one entry per slot that has a deadline (no stale entries). Equal deadlines come out lowest slot first.
struct SlotDeadlineHeap: Sendable {
    private struct Entry: Sendable {
        var deadline: Instant
        var slot: UInt32

        func precedes(_ other: Entry) -> Bool {
            deadline < other.deadline || (deadline == other.deadline && slot < other.slot)
        }
    }

    /// A position meaning "not in the heap".
    private static let absent = UInt32.max

    private var heap = ChunkedArray<Entry>()
    /// The heap position of each slot's entry, or ``absent``; as long as the highest slot ever scheduled.
    private var positions = ChunkedArray<UInt32>()

    /// An empty heap.
    init() {}

    /// The number of slots with a deadline.
    var count: Int { heap.count }

    /// The earliest deadline and its slot.
    var first: (deadline: Instant, slot: UInt32)? {
        guard heap.count > 0 else {
            return nil
        }
        let top = heap[0]
        return (top.deadline, top.slot)
    }

    /// The deadline of `slot`, if it has one.
    func deadline(of slot: UInt32) -> Instant? {
        let index = Int(slot)
        guard index < positions.count, positions[index] != Self.absent else {
            return nil
        }
        return heap[Int(positions[index])].deadline
    }

    /// Sets the deadline of `slot`, replacing the one it had.
    mutating func schedule(_ slot: UInt32, at deadline: Instant) {
        let index = Int(slot)
        while positions.count <= index {
            positions.append(Self.absent)
        }
        let entry = Entry(deadline: deadline, slot: slot)
        let position = positions[index]
        if position == Self.absent {
            heap.append(entry)
            positions[index] = UInt32(heap.count - 1)
            siftUp(heap.count - 1)
        } else {
            heap[Int(position)] = entry
            siftUp(Int(position))
            siftDown(Int(positions[index]))
        }
    }

    /// Removes the deadline of `slot`, if it has one.
    mutating func remove(_ slot: UInt32) {
        let index = Int(slot)
        guard index < positions.count, positions[index] != Self.absent else {
            return
        }
        let position = Int(positions[index])
        positions[index] = Self.absent
        let last = heap.removeLast()
        guard position < heap.count else {
            return
        }
        heap[position] = last
        positions[Int(last.slot)] = UInt32(position)
        siftUp(position)
        siftDown(Int(positions[Int(last.slot)]))
    }

    /// Removes every deadline.
    mutating func removeAll() {
        heap.removeAll()
        positions.removeAll()
    }

    private mutating func place(_ entry: Entry, at position: Int) {
        heap[position] = entry
        positions[Int(entry.slot)] = UInt32(position)
    }

    private mutating func siftUp(_ start: Int) {
        let entry = heap[start]
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            let above = heap[parent]
            guard entry.precedes(above) else {
                break
            }
            place(above, at: child)
            child = parent
        }
        place(entry, at: child)
    }

    private mutating func siftDown(_ start: Int) {
        let entry = heap[start]
        let count = heap.count
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < count else {
                break
            }
            var smallest = left
            let right = left + 1
            if right < count, heap[right].precedes(heap[left]) {
                smallest = right
            }
            let below = heap[smallest]
            guard below.precedes(entry) else {
                break
            }
            place(below, at: parent)
            parent = smallest
        }
        place(entry, at: parent)
    }
}
