import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// A bridge agent driving a data-plane backend: what it is told and when, and what a failure does. The agents
/// talk over an in-memory link; the bridge's ageing runs on a manual clock. No test waits for a protocol timer.
@Suite struct DataPlaneAgentTests {
    static let parameters = AgentLifecycleTests.parameters
    static let port = "p1"

    static func vm(_ number: UInt64, vn: UInt32 = 5001) -> VSIDescriptor {
        let mac = MACAddress(rawValue: 0x5254_0000_0000 | number) ?? AgentLifecycleTests.station
        let group = (try? GroupID(vnID: vn)) ?? GroupID(rawValue: 1)
        return VSIDescriptor(
            managerID: VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: 100),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xD1, low: number))),
            filterInfo: .groupMACVID(group, mac, .null)
        )
    }

    /// Runs `body` with a station agent and a bridge agent (accepting everything, GroupIDs on) driving `backend`.
    func withAgents(
        _ backend: RecordingBackend,
        clock: ManualAgentClock = ManualAgentClock(),
        _ body: (StationAgent, BridgeAgent) async throws -> Void
    ) async throws {
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        var parameters = Self.parameters
        parameters.groupIDsSupported = true
        let station = StationAgent(
            configuration: StationPortConfiguration(address: AgentLifecycleTests.station, parameters: parameters),
            link: stationEnd
        )
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(
                address: AgentLifecycleTests.bridge,
                parameters: parameters,
                vidRange: 300...310
            ),
            rule: .acceptAll,
            dataPlane: BridgeDataPlane(backend: backend, port: Self.port),
            link: bridgeEnd,
            clock: clock
        )
        let stationTask = Task { await station.run() }
        let bridgeTask = Task { await bridge.run() }
        try await body(station, bridge)
        await station.stop()
        await bridge.stop()
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

    @Test func theLifecycleStartsChangesAndStopsForwardingWithTheLastGrantedState() async throws {
        let backend = RecordingBackend()
        try await withAgents(backend) { station, bridge in
            let vm = Self.vm(1)
            #expect(await eventually { backend.reconciliations.count == 1 })
            #expect(backend.reconciliations.first == [], "a fresh agent reconciles with an empty table")
            _ = try await station.preAssociate(vm)
            #expect(backend.changes.isEmpty, "a pre-association forwards nothing")
            let associated = try await station.associate(vm)
            guard case .start(let started)? = backend.changes.last else {
                Issue.record("no start: \(backend.changes)")
                return
            }
            #expect(started.port == Self.port)
            #expect(started.key == BridgeVSIKey(station: AgentLifecycleTests.station, vsiID: vm.vsiID))
            #expect(started.state.filterInfo == associated.filterInfo, "the backend got what the station was granted")
            #expect(started.entries.first?.vid.vid == 300)
            #expect(started.entries.first?.groupID?.vnID == 5001)
            _ = try await station.suspend(vm)
            #expect(backend.changes.last == .stop(started, reason: .inactive))
            _ = try await station.resume(vm)
            #expect(backend.changes.last == .start(started))
            try await station.terminate(vm)
            #expect(await eventually { backend.changes.count == 4 })
            #expect(backend.changes.last == .stop(started, reason: .removed(.stationDeAssociated)))
            #expect(await bridge.dataPlaneCounters.changesApplied == 4)
        }
    }

    @Test func theGrantReachesTheStationOnlyAfterTheBackendAppliedIt() async throws {
        let backend = RecordingBackend()
        try await withAgents(backend) { station, bridge in
            #expect(await eventually { backend.reconciliations.count == 1 })
            backend.close()
            let vm = Self.vm(2)
            let call = Task { try await station.associate(vm) }
            #expect(await eventually { backend.held == 1 })
            #expect(await bridge.record(of: vm.vsiID)?.decisionPending == true)
            #expect(await station.state(of: vm.vsiID)?.type != .associate, "no grant while the backend works")
            backend.open()
            let granted = try await call.value
            #expect(granted.type == .associate)
            #expect(backend.changes.count == 1)
        }
    }

    @Test func changesWaitingWhileTheBackendWorksGoInOneBatch() async throws {
        let backend = RecordingBackend()
        try await withAgents(backend) { station, bridge in
            #expect(await eventually { backend.reconciliations.count == 1 })
            backend.close()
            let first = Task { try await station.associate(Self.vm(10)) }
            #expect(await eventually { backend.held == 1 })
            let others = (11...19).map { number in Task { try await station.associate(Self.vm(UInt64(number))) } }
            #expect(await eventually { await bridge.records.filter(\.decisionPending).count == 10 })
            backend.open()
            _ = try await first.value
            for call in others {
                _ = try await call.value
            }
            #expect(backend.batches.map(\.count) == [1, 9], "the nine that waited went in one batch")
            #expect(await bridge.dataPlaneCounters.batchesApplied == 2)
        }
    }

    @Test func aBackendFailureIsARefusalWithInsufficientResources() async throws {
        let backend = RecordingBackend()
        try await withAgents(backend) { station, bridge in
            #expect(await eventually { backend.reconciliations.count == 1 })
            let kept = Self.vm(3)
            let granted = try await station.associate(kept)
            backend.setFailing(true)
            await #expect(
                throws: StationLifecycleError.failed(.rejected(.insufficientResources, hardError: false, keep: false))
            ) {
                try await station.associate(Self.vm(4))
            }
            #expect(await bridge.record(of: Self.vm(4).vsiID) == nil)
            // A suspension the backend cannot apply is refused too; the VSI stays associated and forwarding.
            await #expect(throws: StationLifecycleError.self) {
                try await station.suspend(kept)
            }
            #expect(
                await bridge.record(of: kept.vsiID)?.state
                    == BridgeVSIState(type: .associate, hints: VSIHints(), filterInfo: granted.filterInfo)
            )
            let counters = await bridge.dataPlaneCounters
            #expect(counters.grantsRefused == 2)
            #expect(counters.changeFailures == 2)
            #expect(await bridge.dataPlaneError?.code == .refused)
        }
    }

    @Test func ageingOutStopsForwardingAndReconcileRestoresTheTable() async throws {
        let backend = RecordingBackend()
        let clock = ManualAgentClock()
        try await withAgents(backend, clock: clock) { station, bridge in
            #expect(await eventually { backend.reconciliations.count == 1 })
            let vm = Self.vm(5)
            _ = try await station.associate(vm)
            guard case .start(let started)? = backend.changes.last else {
                Issue.record("no start: \(backend.changes)")
                return
            }
            await bridge.reconcileDataPlane()
            #expect(await eventually { backend.reconciliations.count == 2 })
            #expect(backend.reconciliations.last == [started])
            await station.stop()  // no more keep-alives
            clock.advance(by: .seconds(3_600))
            #expect(await eventually { backend.changes.count == 2 })
            #expect(backend.changes.last == .stop(started, reason: .removed(.agedOut)))
        }
    }

    @Test func aLocalChangeOfVIDsChangesForwarding() async throws {
        let backend = RecordingBackend()
        try await withAgents(backend) { station, bridge in
            #expect(await eventually { backend.reconciliations.count == 1 })
            let vm = Self.vm(6)
            let granted = try await station.associate(vm)
            guard case .start(let started)? = backend.changes.last, let entry = granted.filterInfo.entries.first,
                let group = entry.groupID, let mac = entry.mac
            else {
                Issue.record("no start: \(backend.changes)")
                return
            }
            let moved = FilterInfo.groupMACVID(group, mac, try FilterVID(vid: 400))
            #expect(await bridge.changeFilterInfo(of: vm.vsiID, to: moved))
            #expect(await eventually { backend.changes.count == 2 })
            var expected = started
            expected.state.filterInfo = moved
            #expect(backend.changes.last == .change(from: started, to: expected))
        }
    }
}
