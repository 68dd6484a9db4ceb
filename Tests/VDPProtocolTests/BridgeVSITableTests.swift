import Testing
import VDPWire

@testable import VDPProtocol

/// The bridge port's dense VSI table against a `Dictionary` model: seeded random insertions, removals and lookups
/// that grow the slot index through several incremental resizes, the deadline heap's order, slot reuse and the
/// saturating counters.
@Suite struct BridgeVSITableTests {
    /// SplitMix64 (Steele, Lea and Flood): seeded, so a failing sequence replays from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A number in `0..<bound`.
        mutating func number(below bound: Int) -> Int {
            Int(next() % UInt64(bound))
        }
    }

    static let start = Instant(nanoseconds: 1_000_000_000)

    static func entry(_ number: Int) -> BridgeVSIEntry {
        let descriptor = TestValues.descriptor(number)
        let machine = BridgeVSIMachine(
            restoring: BridgeVSIKey(station: TestValues.stationMAC, vsiID: descriptor.vsiID),
            descriptor: descriptor,
            granted: BridgeVSIState(type: .associate, hints: .none, filterInfo: descriptor.filterInfo),
            deadline: start
        )
        return BridgeVSIEntry(machine: machine, holds: .none)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var operations: Int
        /// Out of 100: how often an operation inserts (the rest remove or look up).
        var insertShare: UInt64
        var keySpace: Int
        var testDescription: String { "seed \(seed), \(operations) ops, \(insertShare)% inserts over \(keySpace) keys" }
    }

    @Test(arguments: [
        Row(seed: 1, operations: 20_000, insertShare: 70, keySpace: 12_000),
        Row(seed: 0xC0FFEE, operations: 20_000, insertShare: 60, keySpace: 6_000),
        Row(seed: 42, operations: 10_000, insertShare: 40, keySpace: 300),
    ])
    func matchesADictionary(_ row: Row) {
        var random = Generator(state: row.seed)
        var table = BridgeVSITable()
        var model: [VSIID: Int] = [:]
        var slots: [VSIID: UInt32] = [:]
        var highestLive = 0
        var resizesSeen = 0
        var wasGrowing = false
        for _ in 0..<row.operations {
            let number = random.number(below: row.keySpace)
            let vsiID = TestValues.descriptor(number).vsiID
            let roll = UInt64(random.number(below: 100))
            if roll < row.insertShare {
                if model[vsiID] == nil {
                    let freeBefore = table.slotCount - table.count
                    let slot = table.insert(Self.entry(number))
                    #expect(slot != nil)
                    if let slot {
                        // A free slot is reused before the table takes a new one.
                        #expect(freeBefore == 0 ? Int(slot) == table.slotCount - 1 : Int(slot) < table.slotCount)
                        table.schedule(slot, at: Self.start + .milliseconds(Int64(number)))
                        slots[vsiID] = slot
                    }
                    model[vsiID] = number
                }
            } else if roll < row.insertShare + (100 - row.insertShare) / 2 {
                let slot = table.slot(of: vsiID)
                #expect(slot == slots[vsiID])
                if let slot {
                    table.remove(slot)
                }
                model[vsiID] = nil
                slots[vsiID] = nil
                #expect(table.slot(of: vsiID) == nil)
            } else {
                #expect(table.entry(of: vsiID)?.machine.descriptor.vsiID == model[vsiID].map { _ in vsiID })
            }
            #expect(table.count == model.count)
            highestLive = max(highestLive, model.count)
            #expect(table.slotCount <= highestLive)
            let growing = table.isIndexGrowing
            if growing, !wasGrowing {
                resizesSeen += 1
            }
            wasGrowing = growing
        }
        for (vsiID, number) in model {
            #expect(table.slot(of: vsiID) == slots[vsiID])
            #expect(table.entry(of: vsiID) == Self.entry(number))
        }
        if row.keySpace > 1_000 {
            #expect(resizesSeen >= 4)
        }
        var listed: [VSIID] = table.vsiIDs
        listed.sort { $0.description < $1.description }
        #expect(listed == model.keys.sorted { $0.description < $1.description })
    }

    @Test(arguments: [7 as UInt64, 99, 12_345])
    func deadlinesComeOutInOrder(seed: UInt64) {
        var random = Generator(state: seed)
        var table = BridgeVSITable()
        var model: [UInt32: Instant] = [:]
        for number in 0..<3_000 {
            guard let slot = table.insert(Self.entry(number)) else {
                Issue.record("the table refused an entry")
                return
            }
            let deadline = Self.start + .milliseconds(Int64(random.number(below: 500)))
            table.schedule(slot, at: deadline)
            model[slot] = deadline
        }
        // Reschedule some, take the deadline of others away, remove a few entries.
        for _ in 0..<2_000 {
            let slot = UInt32(random.number(below: 3_000))
            switch random.number(below: 3) {
            case 0:
                let deadline = Self.start + .milliseconds(Int64(random.number(below: 500)))
                table.schedule(slot, at: deadline)
                model[slot] = deadline
            case 1:
                table.schedule(slot, at: nil)
                model[slot] = nil
            default:
                // Removing a free slot changes nothing.
                let inUse = table.entry(at: slot) != nil
                table.remove(slot)
                if inUse {
                    model[slot] = nil
                }
            }
        }
        for (slot, deadline) in model {
            #expect(table.deadline(of: slot) == deadline)
        }
        let expected = model.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
        var popped: [UInt32] = []
        while let first = table.earliest {
            popped.append(first.slot)
            table.schedule(first.slot, at: nil)
        }
        #expect(popped == expected)
    }

    @Test func aFullTableRefusesAndAFreedSlotIsReused() {
        var table = BridgeVSITable(capacity: 2)
        let first = table.insert(Self.entry(1))
        let second = table.insert(Self.entry(2))
        #expect(first == 0 && second == 1)
        #expect(table.insert(Self.entry(3)) == nil)
        #expect(!table.hasRoom)
        if let first {
            table.remove(first)
        }
        #expect(table.insert(Self.entry(3)) == 0)
        #expect(table.entry(at: 0) == Self.entry(3))
        #expect(table.slot(of: Self.entry(1).machine.descriptor.vsiID) == nil)
        #expect(table.slotCount == 2)
    }

    @Test func chunksGrowAndShrinkWithoutLosingElements() {
        var array = ChunkedArray<Int>()
        let count = 3 * ChunkedArray<Int>.chunkSize + 5
        for value in 0..<count {
            array.append(value)
        }
        #expect(array.count == count)
        #expect((0..<count).allSatisfy { array[$0] == $0 })
        array[ChunkedArray<Int>.chunkSize] = -1
        #expect(array[ChunkedArray<Int>.chunkSize] == -1)
        for value in stride(from: count - 1, through: 2 * ChunkedArray<Int>.chunkSize, by: -1) {
            #expect(array.removeLast() == value)
        }
        array.append(7)
        #expect(array.count == 2 * ChunkedArray<Int>.chunkSize + 1)
        #expect(array[2 * ChunkedArray<Int>.chunkSize] == 7)
    }

    @Test(arguments: [
        (UInt32(0), UInt32(1)),
        (UInt32.max - 1, UInt32.max),
        (UInt32.max, UInt32.max),
    ])
    func countersSaturate(from value: UInt32, to expected: UInt32) {
        var counter = value
        BridgeVSICompactCounters.increment(&counter)
        #expect(counter == expected)
    }

    @Test func countersReadAsTheMIBCounters() {
        var counters = BridgeVSICompactCounters()
        counters.countSucceeded()
        counters.countSucceeded()
        counters.countFailed()
        counters.countReverted()
        counters.countKeepAlive()
        counters.countKeepAlive()
        counters.countKeepAlive()
        let read = counters.counters
        #expect(read.succeeded == 2 && read.failed == 1 && read.reverted == 1 && read.keepAlives == 3)
    }
}
