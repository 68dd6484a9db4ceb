import Testing
import VDPWire

@testable import VDPProtocol

/// ``BridgePort/restore(_:at:)`` over the dense VSI table: what it puts back, and the contradictions it refuses.
@Suite struct BridgePortRestoreTests {
    static let start = Instant.zero + .seconds(10)
    static let deadline = start + .seconds(30)

    static func snapshot(_ number: Int, holds: [BridgeVIDHold]? = nil) -> BridgeVSISnapshot {
        let descriptor = TestValues.descriptor(number)
        let key = BridgeVSIKey(station: TestValues.stationMAC, vsiID: descriptor.vsiID)
        return BridgeVSISnapshot(
            key: key,
            descriptor: descriptor,
            state: BridgeVSIState(type: .associate, hints: .none, filterInfo: descriptor.filterInfo),
            vidHolds: holds ?? [BridgeVIDHold(owner: .explicit(100), vid: 100)],
            deadline: deadline
        )
    }

    static func port() -> BridgePort {
        BridgePort(configuration: BridgePortConfiguration(address: TestValues.bridgeMAC))
    }

    @Test func restoredVSIsComeBackWholeAndAgeOutAtTheirDeadline() throws {
        var port = Self.port()
        let snapshots = (1...300).map { Self.snapshot($0) }
        try port.restore(snapshots, at: Self.start)
        #expect(port.vsiCount == 300)
        #expect(port.vsiCount(of: TestValues.stationMAC) == 300)
        for snapshot in snapshots {
            #expect(port.snapshot(of: snapshot.key.vsiID) == snapshot)
        }
        #expect(port.nextDeadline == Self.deadline)
        var output: [BridgeOutput] = []
        port.advance(to: Self.deadline, into: &output)
        #expect(port.vsiCount == 0)
        #expect(port.vidPool.vid(of: .explicit(100)) == nil)
    }

    @Test func aHoldNamingAnotherVSIIsRefused() {
        var port = Self.port()
        let other = BridgeVSIKey(station: TestValues.stationMAC, vsiID: TestValues.descriptor(2).vsiID)
        let snapshot = Self.snapshot(1, holds: [BridgeVIDHold(owner: .vsi(other), vid: 7)])
        #expect(throws: BridgeRestoreError(.conflictingVIDHold, vsiID: snapshot.key.vsiID)) {
            try port.restore([snapshot], at: Self.start)
        }
    }

    @Test func aHoldOfItsOwnIsKeptInline() throws {
        var port = Self.port()
        let key = Self.snapshot(1).key
        let snapshot = Self.snapshot(1, holds: [BridgeVIDHold(owner: .vsi(key), vid: 7)])
        try port.restore([snapshot], at: Self.start)
        #expect(port.snapshot(of: key.vsiID)?.vidHolds == [BridgeVIDHold(owner: .vsi(key), vid: 7)])
    }

    @Test func aDuplicateAndANonEmptyPortAreRefused() throws {
        var port = Self.port()
        let first = Self.snapshot(1)
        #expect(throws: BridgeRestoreError(.duplicateVSI, vsiID: first.key.vsiID)) {
            try port.restore([first, first], at: Self.start)
        }
        var filled = Self.port()
        try filled.restore([first], at: Self.start)
        #expect(throws: BridgeRestoreError(.portNotEmpty, vsiID: first.key.vsiID)) {
            try filled.restore([Self.snapshot(2)], at: Self.start)
        }
    }

    @Test func theNewCodeIsDescribed() {
        let vsiID = Self.snapshot(1).key.vsiID
        #expect(BridgeRestoreError(.tooManyVSIs, vsiID: vsiID).description.hasSuffix("the port's table can hold"))
    }
}
