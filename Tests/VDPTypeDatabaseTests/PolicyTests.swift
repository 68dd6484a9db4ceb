import Synchronization
import Testing
import VDPProtocol
import VDPWire

@testable import VDPTypeDatabase

/// Every outcome of the policy, decided directly, and what a reload revokes.
@Suite struct PolicyTests {
    typealias F = Fixtures

    static let authorizationFailed = BridgeDecision.reject(.authorizationFailed, hardError: true, keep: false)
    static let invalid = BridgeDecision.reject(.invalidAddressOrVLAN, hardError: true, keep: false)
    static let insufficient = BridgeDecision.reject(.insufficientResources, hardError: false, keep: false)

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var descriptor: VSIDescriptor
        var decision: BridgeDecision
        var refusal: VSITypeRefusal?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown type",
            descriptor: F.descriptor(1, type: 999),
            decision: authorizationFailed,
            refusal: .unknownType(VSITypeID(truncating: 999), version: 1)
        ),
        Case(
            name: "unknown version, no wildcard",
            descriptor: F.descriptor(1, type: 200, version: 3, group: nil),
            decision: authorizationFailed,
            refusal: .unknownType(VSITypeID(truncating: 200), version: 3)
        ),
        Case(
            name: "manager not allowed",
            descriptor: F.descriptor(1, manager: F.otherManager),
            decision: authorizationFailed,
            refusal: .managerNotAllowed(F.otherManager)
        ),
        Case(
            name: "VN not allowed",
            descriptor: F.descriptor(1, group: 7000),
            decision: authorizationFailed,
            refusal: .networkNotAllowed(GroupID(rawValue: 7000))
        ),
        Case(
            name: "VN not allowed for a type without VNs",
            descriptor: F.descriptor(1, type: 200, version: 2, group: 5000),
            decision: authorizationFailed,
            refusal: .networkNotAllowed(GroupID(rawValue: 5000))
        ),
        Case(
            name: "no VN where one is required",
            descriptor: F.descriptor(1, group: nil),
            decision: invalid,
            refusal: .networkRequired
        ),
        Case(
            name: "VID outside the range",
            descriptor: F.descriptor(1, vid: F.vid(150)),
            decision: invalid,
            refusal: .vidNotAllowed(150)
        ),
        Case(
            name: "VID not among the fixed ones",
            descriptor: F.descriptor(1, type: 200, version: 2, group: nil, vid: F.vid(302)),
            decision: invalid,
            refusal: .vidNotAllowed(302)
        ),
        Case(
            name: "conflicting PCP",
            descriptor: F.descriptor(1, vid: F.vid(0, pcp: 5)),
            decision: invalid,
            refusal: .pcpConflict(requested: 5, allowed: 3)
        ),
        Case(
            name: "range: a null VID gets the first free VID, with the PCP",
            descriptor: F.descriptor(1),
            decision: .accept(.perEntry([F.vid(100, pcp: 3)])),
            refusal: nil
        ),
        Case(
            name: "range: a VID of the range is kept, with the PCP",
            descriptor: F.descriptor(1, vid: F.vid(101)),
            decision: .accept(.perEntry([F.vid(101, pcp: 3)])),
            refusal: nil
        ),
        Case(
            name: "wildcard version, pool",
            descriptor: F.descriptor(1, version: 9, group: 123_456, manager: F.otherManager),
            decision: .accept(.fromPool),
            refusal: nil
        ),
        Case(
            name: "fixed: a null VID gets the first fixed VID",
            descriptor: F.descriptor(1, type: 200, version: 2, group: nil),
            decision: .accept(.perEntry([F.vid(300)])),
            refusal: nil
        ),
        Case(
            name: "fixed: a named fixed VID is kept",
            descriptor: F.descriptor(1, type: 200, version: 2, group: nil, vid: F.vid(301, pcp: 6)),
            decision: .accept(.perEntry([F.vid(301, pcp: 6)])),
            refusal: nil
        ),
    ]

    @Test(arguments: cases) func eachRequestGetsItsOutcome(_ testCase: Case) {
        let told = Mutex<[VSITypeRefusal]>([])
        let policy = VSITypePolicy(database: F.database) { _, refusal in told.withLock { $0.append(refusal) } }
        let request = F.request(testCase.descriptor)
        #expect(policy.refusal(for: request) == testCase.refusal)
        #expect(policy.decide(request) == testCase.decision)
        #expect(told.withLock { $0 } == (testCase.refusal.map { [$0] } ?? []), "the reason is told, once")
        #expect(policy.vsiCount == (testCase.refusal == nil ? 1 : 0), "only an accepted request counts")
    }

    @Test func everyRefusalMapsToTheVDPCodes() {
        #expect(
            VSITypeRefusal.unknownType(VSITypeID(truncating: 1), version: 1).rejectionReason.errorCode == .otherFailure
        )
        #expect(VSITypeRefusal.networkRequired.rejectionReason.errorCode == .invalidVIDGroupIDOrMAC)
        #expect(VSITypeRefusal.stationLimitReached(1).rejectionReason.errorCode == .insufficientResources)
        #expect(VSITypeRefusal.vidRangeExhausted.rejectionReason.errorCode == .insufficientResources)
        #expect(!VSITypeRefusal.vidRangeExhausted.isHard && VSITypeRefusal.networkRequired.isHard)
    }

    @Test func aVNSharesOneVIDAndAConflictingVIDIsRefused() {
        let policy = VSITypePolicy(database: F.database)
        #expect(policy.decide(F.request(F.descriptor(1, group: 5001))) == .accept(.perEntry([F.vid(100, pcp: 3)])))
        // Another VSI of the same VN, from another station, gets the VN's VID, not a new one.
        let second = F.request(F.descriptor(2, group: 5001), station: F.stationB)
        #expect(policy.decide(second) == .accept(.perEntry([F.vid(100, pcp: 3)])))
        // A VSI naming another VID for that VN conflicts.
        let conflicting = F.request(F.descriptor(3, group: 5001, vid: F.vid(101)), station: F.stationB)
        #expect(policy.refusal(for: conflicting) == .groupVIDConflict(GroupID(rawValue: 5001), usedVID: 100))
        #expect(policy.decide(conflicting) == Self.invalid)
    }

    @Test func theRangeRunsOutAndFreesUp() {
        let policy = VSITypePolicy(database: F.database)
        #expect(policy.decide(F.request(F.descriptor(1, group: 5001))) == .accept(.perEntry([F.vid(100, pcp: 3)])))
        let second = F.request(F.descriptor(2, group: 5002), station: F.stationB)
        #expect(policy.decide(second) == .accept(.perEntry([F.vid(101, pcp: 3)])))
        // Each asks again (pre-associated, now associating), null VID and all: each keeps its VID.
        #expect(policy.decide(F.request(F.descriptor(1, group: 5001))) == .accept(.perEntry([F.vid(100, pcp: 3)])))
        #expect(policy.decide(second) == .accept(.perEntry([F.vid(101, pcp: 3)])))
        let third = F.request(F.descriptor(3, group: 5003), station: F.stationB)
        #expect(policy.refusal(for: third) == .vidRangeExhausted)
        #expect(policy.decide(third) == Self.insufficient)
        // The first VSI goes away: its VID is free again.
        policy.observe(
            BridgeVSIKey(station: F.stationA, vsiID: F.vsiID(1)),
            present: false,
            granted: nil,
            pending: false
        )
        #expect(policy.decide(third) == .accept(.perEntry([F.vid(100, pcp: 3)])))
    }

    @Test func theStationLimitCountsExactly() {
        let policy = VSITypePolicy(database: F.database)
        let first = F.descriptor(1, type: 300, group: nil)
        let second = F.descriptor(2, type: 300, group: nil)
        #expect(policy.decide(F.request(first)) == .accept(.fromPool))
        // Asking again for the same VSI is no second VSI.
        #expect(policy.decide(F.request(first, type: .associate)) == .accept(.fromPool))
        #expect(policy.refusal(for: F.request(second)) == .stationLimitReached(1))
        #expect(policy.decide(F.request(second)) == Self.insufficient)
        // An existing VSI refused for resources is kept as it was.
        let current = BridgeVSIState(type: .preAssociate, hints: VSIHints(), filterInfo: second.filterInfo)
        #expect(
            policy.decide(F.request(second, current: current))
                == .reject(.insufficientResources, hardError: false, keep: true)
        )
        // Another station has a limit of its own.
        #expect(policy.decide(F.request(second, station: F.stationB)) == .accept(.fromPool))
        // The table drops the first VSI (de-associated, aged out): the station may have another.
        policy.observe(
            BridgeVSIKey(station: F.stationA, vsiID: first.vsiID),
            present: false,
            granted: nil,
            pending: false
        )
        #expect(policy.decide(F.request(second)) == .accept(.fromPool))
        #expect(policy.vsiCount == 2)
    }

    @Test func theWildcardLimitCountsEveryVersionWithoutAnEntry() throws {
        let database = try VSITypeDatabase.parse(Array("7/* per-station=2\n7/1 per-station=5".utf8))
        let policy = VSITypePolicy(database: database)
        #expect(policy.decide(F.request(F.descriptor(1, type: 7, version: 2, group: nil))) == .accept(.fromPool))
        #expect(policy.decide(F.request(F.descriptor(2, type: 7, version: 3, group: nil))) == .accept(.fromPool))
        #expect(policy.decide(F.request(F.descriptor(3, type: 7, version: 1, group: nil))) == .accept(.fromPool))
        #expect(
            policy.refusal(for: F.request(F.descriptor(4, type: 7, version: 4, group: nil))) == .stationLimitReached(2)
        )
    }

    @Test func theTableConfirmsOrDropsWhatThePolicyAccepted() {
        let policy = VSITypePolicy(database: F.database)
        let vsi = F.descriptor(1, type: 300, group: nil)
        let key = BridgeVSIKey(station: F.stationA, vsiID: vsi.vsiID)
        #expect(policy.decide(F.request(vsi)) == .accept(.fromPool))
        // While the grant waits (a data plane applies it), the row is pending and the acceptance still counts.
        policy.observe(key, present: true, granted: nil, pending: true)
        #expect(policy.vsiCount == 1)
        // The port refused it after all (a data plane failure): the row is gone, and so is the count.
        policy.observe(key, present: false, granted: nil, pending: false)
        #expect(policy.vsiCount == 0)
        F.grant(vsi, in: policy)
        #expect(policy.vsiCount == 1)
        #expect(policy.refusal(for: F.request(F.descriptor(2, type: 300, group: nil))) == .stationLimitReached(1))
    }

    @Test func aReloadRevokesWhatTheNewDatabaseNoLongerAllows() throws {
        let policy = VSITypePolicy(database: F.database)
        let web = F.descriptor(1, group: 5001)
        let webGranted = FilterInfo.groupMACVID(GroupID(rawValue: 5001), F.mac(1), F.vid(100, pcp: 3))
        let other = F.descriptor(2, version: 4, group: 42)
        let storage = F.descriptor(3, type: 200, version: 2, group: nil)
        let storageGranted = FilterInfo.macVID(F.mac(3), F.vid(300))
        let limited = F.descriptor(4, type: 300, group: nil)
        F.grant(web, webGranted, in: policy)
        F.grant(other, FilterInfo.groupMACVID(GroupID(rawValue: 42), F.mac(2), F.vid(2000)), in: policy)
        F.grant(storage, storageGranted, in: policy)
        F.grant(limited, in: policy)
        #expect(policy.install(F.database).isEmpty, "the same database revokes nothing")
        let reloaded = try VSITypeDatabase.parse(
            Array(
                """
                100/1 vn=5000 vid=range:100-101 pcp=3
                100/* vn=42 managers=someone-else
                200/2 vid=fixed:301
                300/1 per-station=1
                """.utf8
            )
        )
        let revocations = policy.install(reloaded)
        #expect(
            Set(revocations)
                == [
                    VSITypeRevocation(
                        key: .init(station: F.stationA, vsiID: web.vsiID),
                        reason: .networkNotAllowed(GroupID(rawValue: 5001))
                    ),
                    VSITypeRevocation(
                        key: .init(station: F.stationA, vsiID: other.vsiID),
                        reason: .managerNotAllowed(F.manager)
                    ),
                    VSITypeRevocation(
                        key: .init(station: F.stationA, vsiID: storage.vsiID),
                        reason: .vidNotAllowed(300)
                    ),
                ]
        )
        #expect(policy.install(VSITypeDatabase()).count == 4, "an empty database revokes every VSI")
        #expect(policy.counters.reloads == 3)
    }

    @Test func aRestoredTableIsCheckedAgainstTheDatabaseInForce() throws {
        // A table restored after a restart, observed by a policy whose database changed while the bridge was down.
        let policy = VSITypePolicy(
            database: try VSITypeDatabase.parse(Array("100/1 vn=5000 vid=range:100-101 pcp=3\n".utf8))
        )
        let allowed = F.descriptor(1, group: 5000)
        let dropped = F.descriptor(2, group: 5001)
        F.grant(allowed, FilterInfo.groupMACVID(GroupID(rawValue: 5000), F.mac(1), F.vid(100, pcp: 3)), in: policy)
        F.grant(dropped, FilterInfo.groupMACVID(GroupID(rawValue: 5001), F.mac(2), F.vid(101, pcp: 3)), in: policy)
        #expect(
            policy.revocations() == [
                VSITypeRevocation(
                    key: .init(station: F.stationA, vsiID: dropped.vsiID),
                    reason: .networkNotAllowed(GroupID(rawValue: 5001))
                )
            ]
        )
        #expect(policy.counters.reloads == 0, "checking is not a reload")
    }

    @Test func aDatabaseOfEntriesRefusesDuplicates() {
        let entry = VSITypeEntry(typeID: VSITypeID(truncating: 1), version: nil)
        #expect(VSITypeDatabase([entry])?.entries.count == 1)
        #expect(VSITypeDatabase([entry, entry]) == nil)
        #expect(entry.name == "1/*")
    }
}
