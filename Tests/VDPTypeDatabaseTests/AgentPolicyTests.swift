import Testing
import VDPAgent
import VDPProtocol
import VDPTypeDatabase
import VDPWire

/// The policy between a station agent and a bridge agent joined by an in-memory link: every outcome as real
/// frames carry it, the counts through de-association and ageing, and a reload's de-associations.
@Suite struct AgentPolicyTests {
    typealias F = Fixtures
    /// RTE 14 (a 164 ms ack timer): robust against a loaded test machine; no test waits for it.
    static let parameters = EVBParameters(retransmissionExponent: 14, groupIDsSupported: true)

    func withAgents(
        _ policy: VSITypePolicy,
        clock: (any AgentClock)? = nil,
        _ body: (StationAgent, BridgeAgent) async throws -> Void
    ) async throws {
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        let station = StationAgent(
            configuration: StationPortConfiguration(address: F.stationA, parameters: Self.parameters),
            link: stationEnd
        )
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(
                address: F.bridge,
                parameters: Self.parameters,
                vidRange: 1000...1001
            ),
            rule: policy.rule,
            link: bridgeEnd,
            clock: clock ?? SystemAgentClock()
        )
        await policy.attach(to: bridge)
        let stationTask = Task { await station.run() }
        let bridgeTask = Task { await bridge.run() }
        try await body(station, bridge)
        stationEnd.close()
        bridgeEnd.close()
        await stationTask.value
        await bridgeTask.value
    }

    /// Waits, yielding, until `condition` holds; `false` if it still does not after a generous wall-clock bound
    /// (a safety net against a hang, never what the test relies on).
    func eventually(_ condition: () async -> Bool) async -> Bool {
        let giveUp = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < giveUp {
            if await condition() {
                return true
            }
            await Task.yield()
        }
        return await condition()
    }

    static func refused(_ code: VDPErrorCode, hard: Bool) -> StationLifecycleError {
        .failed(.rejected(code, hardError: hard, keep: false))
    }

    @Test func everyOutcomeThroughFrames() async throws {
        let policy = VSITypePolicy(database: F.database)
        try await withAgents(policy) { station, bridge in
            // Accepted: a VID of the entry's own range, with its PCP; pre-associated, then associated, it keeps it.
            let prepared = try await station.preAssociate(F.descriptor(1, group: 5001))
            #expect(prepared.filterInfo.entries.first?.vid == F.vid(100, pcp: 3))
            let web = try await station.associate(F.descriptor(1, group: 5001))
            #expect(web.filterInfo.entries.first?.vid == F.vid(100, pcp: 3))
            // Authorization failed (error 4, hard): unknown type, unknown VN, manager not allowed.
            for refused in [
                F.descriptor(2, type: 999), F.descriptor(2, group: 7000), F.descriptor(2, manager: F.otherManager),
            ] {
                await #expect(throws: Self.refused(.otherFailure, hard: true)) {
                    try await station.associate(refused)
                }
            }
            // Invalid VID, GroupID or MAC (error 5, hard): a VID outside the range, no VN, a conflicting PCP.
            for refused in [
                F.descriptor(2, vid: F.vid(150)), F.descriptor(2, group: nil), F.descriptor(2, vid: F.vid(0, pcp: 1)),
            ] {
                await #expect(throws: Self.refused(.invalidVIDGroupIDOrMAC, hard: true)) {
                    try await station.associate(refused)
                }
            }
            // The second VSI of the type gets the other VID; the third reaches the per-station limit of 2
            // (insufficient resources, error 2, not hard).
            let second = try await station.associate(F.descriptor(2, group: 5002))
            #expect(second.filterInfo.entries.first?.vid == F.vid(101, pcp: 3))
            await #expect(throws: Self.refused(.insufficientResources, hard: false)) {
                try await station.associate(F.descriptor(3, group: 5003))
            }
            // De-associating one frees a place and its VID: the count follows the table.
            try await station.terminate(F.descriptor(1, group: 5001))
            let third = try await station.associate(F.descriptor(3, group: 5003))
            #expect(third.filterInfo.entries.first?.vid == F.vid(100, pcp: 3))
            // The entry's VID range is used up (a second station would hit it; here the limit comes first).
            // Pool entries: the port's pool of two VIDs runs out at the third VN (insufficient resources).
            _ = try await station.associate(F.descriptor(10, version: 7, group: 1))
            _ = try await station.associate(F.descriptor(11, version: 7, group: 2))
            await #expect(throws: Self.refused(.insufficientResources, hard: false)) {
                try await station.associate(F.descriptor(12, version: 7, group: 3))
            }
            // Fixed VIDs.
            let storage = try await station.associate(F.descriptor(20, type: 200, version: 2, group: nil))
            #expect(storage.filterInfo.entries.first?.vid.vid == 300)
            #expect(await bridge.records.count == 5)
            #expect(policy.vsiCount == 5, "the policy counts exactly the table's VSIs")
        }
    }

    @Test func theVIDRangeRunsOutAcrossStations() async throws {
        // A range of one VID: the second VN finds it used (insufficient resources).
        let database = try VSITypeDatabase.parse(Array("5/1 vn=any vid=range:200".utf8))
        let policy = VSITypePolicy(database: database)
        try await withAgents(policy) { station, _ in
            _ = try await station.associate(F.descriptor(1, type: 5, group: 1))
            await #expect(throws: Self.refused(.insufficientResources, hard: false)) {
                try await station.associate(F.descriptor(2, type: 5, group: 2))
            }
            // The same VN shares the VID.
            let shared = try await station.associate(F.descriptor(3, type: 5, group: 1))
            #expect(shared.filterInfo.entries.first?.vid.vid == 200)
        }
    }

    @Test func ageingReleasesTheCount() async throws {
        let policy = VSITypePolicy(database: F.database)
        let clock = ManualAgentClock()
        try await withAgents(policy, clock: clock) { station, bridge in
            _ = try await station.associate(F.descriptor(1, group: 5001))
            _ = try await station.associate(F.descriptor(2, group: 5002))
            #expect(policy.vsiCount == 2)
            await station.stop()  // no more keep-alives
            clock.advance(by: .seconds(3_600))
            #expect(await eventually { await bridge.records.isEmpty })
            #expect(policy.vsiCount == 0, "aged-out VSIs no longer count")
        }
    }

    @Test func aReloadDeAssociatesWhatItNoLongerAllows() async throws {
        let policy = VSITypePolicy(database: F.database)
        try await withAgents(policy) { station, bridge in
            let web = F.descriptor(1, group: 5001)
            let storage = F.descriptor(2, type: 200, version: 2, group: nil)
            _ = try await station.associate(web)
            _ = try await station.associate(storage)
            var events = await station.events().makeAsyncIterator()
            let reloaded = try VSITypeDatabase.parse(Array("100/1 vn=6000\n200/2 vid=fixed:300".utf8))
            let revocations = policy.install(reloaded)
            #expect(revocations.map(\.key.vsiID) == [web.vsiID])
            await policy.deAssociate(revocations, on: bridge, burst: 1, pause: .zero)
            #expect(await events.next() == .vsi(.bridgeDeAssociated(web.vsiID)))
            #expect(await station.state(of: web.vsiID) == nil)
            #expect(await station.state(of: storage.vsiID)?.type == .associate)
            #expect(await bridge.records.map(\.key.vsiID) == [storage.vsiID])
            #expect(policy.counters.revoked == 1)
            #expect(policy.vsiCount == 1)
        }
    }
}
