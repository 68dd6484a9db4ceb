import Synchronization
import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// A bridge agent with a table store: grants are durable before the station hears of them, and a new agent
/// restored from the store answers the station's keep-alives as the old one would, ageing from the restored
/// deadlines. In-memory links, manual clocks; no test waits for a protocol timer.
@Suite struct DurableTableAgentTests {
    static let stationMAC = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let bridgeMAC = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    static let parameters = EVBParameters(retransmissionExponent: 14, reinitKeepAliveExponent: 20)

    /// Forwards frames between the station's link and whichever bridge is connected.
    actor Patch {
        private var bridgeSide: InMemoryLink?

        func connect(_ link: InMemoryLink?) {
            bridgeSide = link
        }

        func forward(_ frame: Frame) async {
            try? await bridgeSide?.send(frame)
        }
    }

    final class Counter: Sendable {
        let value = Mutex(0)
    }

    static func startBridge(
        _ patch: Patch,
        stationPatch: InMemoryLink,
        store: MemoryTableStore,
        wall: ManualWallClock,
        clock: ManualAgentClock,
        decisions: Counter
    ) async throws -> (BridgeAgent, [Task<Void, Never>], InMemoryLink, Int) {
        let (bridgePatch, bridgeEnd) = InMemoryLink.pair()
        await patch.connect(bridgePatch)
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: bridgeMAC, parameters: parameters, vidRange: 300...310),
            rule: BridgeDecisionRule { _ in
                decisions.value.withLock { $0 += 1 }
                return .accept
            },
            storage: BridgeTableStorage(store: store, wallClock: { wall.now() }),
            link: bridgeEnd,
            clock: clock
        )
        let restored = try await bridge.restoreTable()
        let run = Task { await bridge.run() }
        let back = Task {
            for await frame in bridgePatch.frames {
                try? await stationPatch.send(frame.frame)
            }
        }
        return (bridge, [run, back], bridgeEnd, restored)
    }

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

    @Test func aRestoredBridgeAnswersKeepAlivesWithoutAskingItsPolicyAgain() async throws {
        let store = MemoryTableStore()
        let wall = ManualWallClock()
        let (stationEnd, stationPatch) = InMemoryLink.pair()
        let stationClock = ManualAgentClock()
        let station = StationAgent(
            configuration: StationPortConfiguration(address: Self.stationMAC, parameters: Self.parameters),
            link: stationEnd,
            clock: stationClock
        )
        let patch = Patch()
        let stationTask = Task { await station.run() }
        let toBridge = Task {
            for await frame in stationPatch.frames {
                await patch.forward(frame.frame)
            }
        }
        let firstDecisions = Counter()
        let (first, firstTasks, firstEnd, none) = try await Self.startBridge(
            patch,
            stationPatch: stationPatch,
            store: store,
            wall: wall,
            clock: ManualAgentClock(),
            decisions: firstDecisions
        )
        #expect(none == 0)
        let vms = (1...3).map { AgentLifecycleTests.vm(UInt64($0)) }
        var granted: [VSIID: StationVSIState] = [:]
        for vm in vms {
            granted[vm.vsiID] = try await station.associate(vm)
            let stored = store.records[vm.vsiID]
            #expect(stored?.state.filterInfo == granted[vm.vsiID]?.filterInfo, "durable before the station heard")
        }
        let before = await first.records
        await first.stop()
        firstEnd.close()
        firstTasks.forEach { $0.cancel() }

        // The new process: its monotonic clock starts again at zero; the wall clock went on by 2 s.
        wall.advance(by: .seconds(2))
        let secondDecisions = Counter()
        let secondClock = ManualAgentClock()
        let (second, secondTasks, secondEnd, restored) = try await Self.startBridge(
            patch,
            stationPatch: stationPatch,
            store: store,
            wall: wall,
            clock: secondClock,
            decisions: secondDecisions
        )
        #expect(restored == 3)
        let after = await second.records
        #expect(Set(after.map(\.key)) == Set(before.map(\.key)))
        for record in after {
            #expect(record.state == before.first { $0.key == record.key }?.state)
            #expect(record.state?.filterInfo == granted[record.key.vsiID]?.filterInfo)
        }
        #expect(await second.counters.requestsReceived == 0)
        // The station's keep-alives come; the restored bridge answers them at once.
        stationClock.advance(by: VDPTimers(Self.parameters).reinitKeepAlive)
        #expect(await eventually { await second.records.allSatisfy { $0.counters.keepAlives >= 1 } })
        #expect(secondDecisions.value.withLock { $0 } == 0, "nothing re-associated: no decision asked")
        for vm in vms {
            #expect(await station.state(of: vm.vsiID)?.type == .associate)
        }
        // The keep-alives' new deadlines are written behind.
        let toutKeepAlive = VDPTimers(Self.parameters).toutKeepAlive
        #expect(
            await eventually {
                store.records.values.allSatisfy { $0.keepAliveDeadline >= wall.now() + toutKeepAlive - .seconds(1) }
            }
        )
        await station.stop()
        await second.stop()
        secondEnd.close()
        secondTasks.forEach { $0.cancel() }
        stationEnd.close()
        toBridge.cancel()
        await stationTask.value
    }

    @Test func ageingContinuesFromTheRestoredDeadline() async throws {
        let wall = ManualWallClock()
        let vm = AgentLifecycleTests.vm(7)
        let key = BridgeVSIKey(station: Self.stationMAC, vsiID: vm.vsiID)
        var granted = vm.filterInfo
        granted =
            (try? FilterInfo(
                format: granted.format,
                entries: granted.entries.map { entry in
                    var entry = entry
                    entry.vid = FilterVID(rawValue: 303)
                    return entry
                }
            )) ?? granted
        let record = BridgeTableRecord(
            key: key,
            descriptor: vm,
            state: BridgeVSIState(type: .associate, hints: VSIHints(), filterInfo: granted),
            vidHolds: [BridgeVIDHold(owner: .vsi(key), vid: 303)],
            keepAliveDeadline: wall.now() + .seconds(5)
        )
        let store = MemoryTableStore([record])
        let clock = ManualAgentClock()
        let (_, end) = InMemoryLink.pair()
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: Self.bridgeMAC, parameters: Self.parameters),
            rule: .acceptAll,
            storage: BridgeTableStorage(store: store, wallClock: { wall.now() }),
            link: end,
            clock: clock
        )
        #expect(try await bridge.restoreTable() == 1)
        let run = Task { await bridge.run() }
        #expect(await bridge.record(of: vm.vsiID)?.state?.filterInfo == granted)
        clock.advance(by: .seconds(4))
        #expect(await bridge.record(of: vm.vsiID) != nil, "not due yet")
        clock.advance(by: .seconds(2))
        #expect(await eventually { await bridge.record(of: vm.vsiID) == nil }, "aged out at the restored deadline")
        #expect(await eventually { store.records.isEmpty }, "the removal is written")
        await bridge.stop()
        end.close()
        await run.value
    }

    @Test func aTableThatDoesNotFitTogetherIsRefused() async throws {
        let wall = ManualWallClock()
        let first = AgentLifecycleTests.vm(1)
        let second = AgentLifecycleTests.vm(2)
        func record(_ vm: VSIDescriptor) -> BridgeTableRecord {
            let key = BridgeVSIKey(station: Self.stationMAC, vsiID: vm.vsiID)
            return BridgeTableRecord(
                key: key,
                descriptor: vm,
                state: BridgeVSIState(type: .associate, hints: VSIHints(), filterInfo: vm.filterInfo),
                vidHolds: [BridgeVIDHold(owner: .explicit(4095), vid: 4095)],
                keepAliveDeadline: wall.now()
            )
        }
        let (_, end) = InMemoryLink.pair()
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: Self.bridgeMAC),
            rule: .acceptAll,
            storage: BridgeTableStorage(
                store: MemoryTableStore([record(first), record(second)]),
                wallClock: { wall.now() }
            ),
            link: end
        )
        await #expect(throws: BridgeTableStoreError.self) { try await bridge.restoreTable() }
        await bridge.run()
        #expect(await bridge.tableStoreError?.code == .notRestored, "an unrestored bridge does not serve")
    }

    @Test func aStoreFailureRefusesTheGrantAndTheStationHearsNoSuccess() async throws {
        let store = MemoryTableStore()
        store.fail(true)
        let wall = ManualWallClock()
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        let station = StationAgent(
            configuration: StationPortConfiguration(address: Self.stationMAC, parameters: Self.parameters),
            link: stationEnd
        )
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: Self.bridgeMAC, parameters: Self.parameters),
            rule: .acceptAll,
            storage: BridgeTableStorage(store: store, wallClock: { wall.now() }),
            link: bridgeEnd,
            clock: ManualAgentClock()
        )
        try await bridge.restoreTable()
        let stationTask = Task { await station.run() }
        let bridgeTask = Task { await bridge.run() }
        await #expect(
            throws: StationLifecycleError.failed(.rejected(.insufficientResources, hardError: false, keep: false))
        ) { try await station.associate(AgentLifecycleTests.vm(9)) }
        #expect(await bridge.records.isEmpty)
        #expect(store.records.isEmpty)
        #expect(await bridge.tableStoreCounters.grantsRefused == 1)
        await station.stop()
        await bridge.stop()
        stationEnd.close()
        bridgeEnd.close()
        await stationTask.value
        await bridgeTask.value
    }

    @Test func theDataPlaneIsReconciledWithTheRestoredTableAndUndoneWhenTheStoreFails() async throws {
        let wall = ManualWallClock()
        let restoredVM = DataPlaneAgentTests.vm(1)
        let key = BridgeVSIKey(station: AgentLifecycleTests.station, vsiID: restoredVM.vsiID)
        let group = try #require(restoredVM.filterInfo.entries.first?.groupID)
        let granted = try FilterInfo(
            format: restoredVM.filterInfo.format,
            entries: restoredVM.filterInfo.entries.map { entry in
                var entry = entry
                entry.vid = FilterVID(rawValue: 300)
                return entry
            }
        )
        let state = BridgeVSIState(type: .associate, hints: VSIHints(), filterInfo: granted)
        let store = MemoryTableStore([
            BridgeTableRecord(
                key: key,
                descriptor: restoredVM,
                state: state,
                vidHolds: [BridgeVIDHold(owner: .group(group), vid: 300)],
                keepAliveDeadline: wall.now() + .seconds(60)
            )
        ])
        let backend = RecordingBackend()
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        var parameters = AgentLifecycleTests.parameters
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
            dataPlane: BridgeDataPlane(backend: backend, port: DataPlaneAgentTests.port),
            storage: BridgeTableStorage(store: store, wallClock: { wall.now() }),
            link: bridgeEnd,
            clock: ManualAgentClock()
        )
        #expect(try await bridge.restoreTable() == 1)
        let stationTask = Task { await station.run() }
        let bridgeTask = Task { await bridge.run() }
        #expect(await eventually { backend.reconciliations.count == 1 })
        #expect(
            backend.reconciliations.first
                == [DataPlaneVSI(port: DataPlaneAgentTests.port, key: key, descriptor: restoredVM, state: state)],
            "the restored VSI's forwarding is reconciled at start"
        )
        // A grant: the data plane starts it once, and it stays started while the grant waits for the store.
        let first = DataPlaneAgentTests.vm(3)
        _ = try await station.associate(first)
        #expect(await eventually { store.records.count == 2 })
        #expect(backend.changes.count == 1, "one start, no flap while the store writes: \(backend.changes)")
        // A VSI in the same VN gets the VN's VID; then the store fails: the station is refused and the data plane
        // stops forwarding what it had started.
        let other = DataPlaneAgentTests.vm(2)
        store.fail(true)
        await #expect(
            throws: StationLifecycleError.failed(.rejected(.insufficientResources, hardError: false, keep: false))
        ) { try await station.associate(other) }
        #expect(await eventually { backend.changes.count == 3 })
        guard case .start(let started)? = backend.changes.dropLast().last,
            case .stop(let stopped, _)? = backend.changes.last
        else {
            Issue.record("expected a start and a stop: \(backend.changes)")
            return
        }
        #expect(started.entries.first?.vid.vid == 300, "the VN's restored VID")
        #expect(stopped.key == started.key)
        #expect(await bridge.record(of: other.vsiID) == nil)
        #expect(store.records.count == 2)
        await station.stop()
        await bridge.stop()
        stationEnd.close()
        bridgeEnd.close()
        await stationTask.value
        await bridgeTask.value
    }
}
