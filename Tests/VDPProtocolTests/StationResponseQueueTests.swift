import Testing
import VDPWire

@testable import VDPProtocol

/// The per-station response queue: FIFO per Manager ID, round-robin between Manager IDs, one TLV per VSI.
@Suite struct StationResponseQueueTests {
    static let managerA = VSIManagerID(singleOctet: 1)
    static let managerB = VSIManagerID(singleOctet: 2)

    static func tlv(_ number: Int, status: VDPStatus = .response()) -> VSITLV {
        TestValues.descriptor(number).tlv(.associate, status: status)
    }

    /// Takes every batch: (Manager ID, VSI numbers in the batch). Each batch is a ULPDU's TLV list: its Manager ID
    /// TLV first, then the VSI TLVs it counts. Each batch after the first is built in the storage of the one
    /// before, as a port does once the previous ULPDU is acknowledged, so nothing of the old batch may remain.
    static func drain(_ queue: inout StationResponseQueue, _ batching: Batching) -> [(VSIManagerID, [VSIID])] {
        var batches: [(VSIManagerID, [VSIID])] = []
        var storage: [VDPTLV] = []
        while let (tlvs, count) = queue.takeBatch(batching, storage: &storage) {
            defer { storage = tlvs }
            #expect(storage.isEmpty)
            let ulpdu = VDPULPDU(tlvs: tlvs)
            guard let managerID = ulpdu.managerID, case .managerID = tlvs.first else {
                Issue.record("a batch without its Manager ID TLV first: \(tlvs)")
                break
            }
            let vsiTLVs = ulpdu.vsiTLVs
            #expect(vsiTLVs.count == count && tlvs.count == count + 1)
            batches.append((managerID, vsiTLVs.map(\.vsiID)))
        }
        return batches
    }

    @Test func managerIDsTakeTurnsAndEachKeepsItsOrder() {
        var queue = StationResponseQueue()
        for number in 0..<6 {
            queue.enqueue(
                Self.tlv(number),
                managerID: number < 4 ? Self.managerA : Self.managerB,
                for: Self.tlv(number).vsiID
            )
        }
        #expect(queue.count == 6)
        // Two TLVs per ULPDU: A gets a turn, then B, then A again.
        let batches = Self.drain(&queue, .batched(maximumULPDULength: 18 + 2 * 37))
        let ids = (0..<6).map { Self.tlv($0).vsiID }
        #expect(batches.map(\.0) == [Self.managerA, Self.managerB, Self.managerA])
        #expect(batches.map(\.1) == [[ids[0], ids[1]], [ids[4], ids[5]], [ids[2], ids[3]]])
        #expect(queue.isEmpty)
    }

    @Test func aNewerTLVReplacesTheWaitingOneEvenUnderAnotherManagerID() {
        var queue = StationResponseQueue()
        let vsiID = Self.tlv(1).vsiID
        queue.enqueue(Self.tlv(1), managerID: Self.managerA, for: vsiID)
        queue.enqueue(Self.tlv(1, status: .response(.insufficientResources)), managerID: Self.managerA, for: vsiID)
        #expect(queue.count == 1)
        // Back and forth between two Manager IDs many times: still one TLV waits, under the latest Manager ID.
        for round in 0..<10_000 {
            queue.enqueue(Self.tlv(1), managerID: round.isMultiple(of: 2) ? Self.managerB : Self.managerA, for: vsiID)
        }
        #expect(queue.count == 1)
        let batches = Self.drain(&queue, .enabled)
        #expect(batches.map(\.0) == [Self.managerA])
        #expect(batches.map(\.1) == [[vsiID]])
    }

    @Test func aLongQueueDrainsInOrderThroughCompactions() {
        var queue = StationResponseQueue()
        let count = 5_000
        for number in 0..<count {
            queue.enqueue(Self.tlv(number), managerID: Self.managerA, for: Self.tlv(number).vsiID)
        }
        // Replace every third TLV in place, as a retransmitted request would.
        for number in stride(from: 0, to: count, by: 3) {
            queue.enqueue(
                Self.tlv(number, status: .response(.otherFailure)),
                managerID: Self.managerA,
                for: Self.tlv(number).vsiID
            )
        }
        #expect(queue.count == count)
        let batches = Self.drain(&queue, .disabled)
        #expect(batches.count == count)
        #expect(batches.map(\.1).flatMap { $0 } == (0..<count).map { Self.tlv($0).vsiID })
    }
}
