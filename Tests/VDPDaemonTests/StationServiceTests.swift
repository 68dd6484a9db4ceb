import Testing
import VDPAgent
import VDPDaemon
import VDPProtocol
import VDPWire

/// The station service against a bridge agent on a patch panel, in virtual time: the lifecycle, restarts over
/// the same state file, a bridge that ends a VSI, a link flap. No test waits for a protocol timer: the clock
/// moves only when a test moves it.
@Suite struct StationServiceTests {
    typealias H = DaemonHarness

    /// Starts a service and waits for EVB negotiation.
    func started(_ harness: DaemonHarness, linkEvents: ScriptedLinkEvents? = nil) async -> StationService {
        let service = harness.service(linkEvents: linkEvents)
        await service.start()
        await harness.eventually("EVB negotiation") { await service.agent(on: "eth0")?.isNegotiated == true }
        return service
    }

    @Test func everyLifecycleOperation() async throws {
        let harness = DaemonHarness()
        let service = await started(harness)
        let vm = H.vm(1)

        let pre = try await service.perform(.preAssociate, vm, on: "eth0").get()
        #expect(pre?.type == .preAssociate)
        #expect(await harness.bridge.record(of: vm.vsiID)?.state?.type == .preAssociate)
        #expect(try harness.stateFile.load().wanted(vm.vsiID, on: "eth0")?.operation == .preAssociate)

        let associated = try await service.perform(.associate, vm, on: "eth0").get()
        #expect(associated?.type == .associate)
        #expect(associated?.filterInfo.entries.first?.vid.vid == 300, "the bridge chose a VID")
        #expect(await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true)

        let suspended = try await service.perform(.suspend, vm, on: "eth0").get()
        #expect(suspended?.hints.suspended == true)
        #expect(await harness.bridge.record(of: vm.vsiID)?.state?.isActive == false)

        let resumed = try await service.perform(.resume, vm, on: "eth0").get()
        #expect(resumed?.hints.suspended == false)
        #expect(await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true)

        let leaving = try await service.perform(.emigrate, vm, on: "eth0").get()
        #expect(leaving?.hints.suspended == true)
        let status = await service.vsi(vm.vsiID, on: "eth0")
        #expect(status?.operation == .emigrate && status?.inFlight == false)
        #expect(status?.confirmed?.hints.suspended == true)

        let gone = try await service.perform(.deAssociate, vm, on: "eth0").get()
        #expect(gone == nil)
        #expect(await harness.bridge.record(of: vm.vsiID) == nil)
        #expect(await service.vsi(vm.vsiID) == nil)
        #expect(try harness.stateFile.load().count == 0)

        let arriving = H.vm(2)
        let before = try await service.perform(.immigratePreAssociate, arriving, on: "eth0").get()
        #expect(before?.type == .preAssociate && before?.hints.migrating == true)
        let arrived = try await service.perform(.immigrateAssociate, arriving, on: "eth0").get()
        #expect(arrived?.type == .associate && arrived?.hints.migrating == true)
        #expect(await harness.bridge.record(of: arriving.vsiID)?.state?.isActive == true)

        let reserved = try await service.perform(.preAssociateWithReservation, H.vm(3), on: "eth0").get()
        #expect(reserved?.type == .preAssociateWithResourceReservation)

        let saved = try harness.stateFile.load()
        #expect(saved.wants(on: "eth0").map(\.descriptor.vsiID) == [arriving.vsiID, H.vm(3).vsiID])
        #expect(saved.wants(on: "eth0").map(\.operation) == [.immigrateAssociate, .preAssociateWithReservation])

        let status0 = await service.status().first
        #expect(status0?.wanted == 2 && status0?.confirmed == 2 && status0?.inFlight == 0)
        #expect(status0?.negotiated == true && status0?.linkUp == true && status0?.running == true)

        await service.stop()
        await harness.finish()
    }

    @Test func refusalsAndRejectionsUndoTheWant() async throws {
        let harness = DaemonHarness()
        let service = await started(harness)
        let refusedByBridge = H.vm(10, typeID: H.refusedType)
        let rejected = await service.perform(.associate, refusedByBridge, on: "eth0")
        guard case .failure(.lifecycle(.failed(.rejected))) = rejected else {
            Issue.record("expected the bridge's rejection, got \(rejected)")
            return
        }
        #expect(await service.vsi(refusedByBridge.vsiID) == nil, "a VSI the bridge refuses is not wanted")
        #expect(try harness.stateFile.load().count == 0)

        let vm = H.vm(11)
        _ = try await service.perform(.associate, vm, on: "eth0").get()
        let backwards = await service.perform(.preAssociate, vm, on: "eth0")
        #expect(backwards == .failure(.lifecycle(.refused(.invalidTransition(from: .associate, to: .preAssociate)))))
        #expect(await service.vsi(vm.vsiID)?.operation == .associate, "the previous want is back")
        #expect(try harness.stateFile.load().wanted(vm.vsiID, on: "eth0")?.operation == .associate)

        #expect(await service.perform(.associate, H.vm(12), on: "eth9") == .failure(.unknownInterface("eth9")))
        await service.stop()
        #expect(await service.perform(.associate, H.vm(12), on: "eth0") == .failure(.shuttingDown))
        await harness.finish()
    }

    @Test func newVSIsBeyondTheLimitAreRefusedAndCounted() async throws {
        let harness = DaemonHarness(maximumWantedVSIs: 2)
        let service = await started(harness)
        _ = try await service.perform(.associate, H.vm(1), on: "eth0").get()
        _ = try await service.perform(.associate, H.vm(2), on: "eth0").get()
        #expect(await service.perform(.associate, H.vm(3), on: "eth0") == .failure(.tooManyVSIs(limit: 2)))
        // A known VSI may still change.
        #expect(try await service.perform(.suspend, H.vm(2), on: "eth0").get()?.hints.suspended == true)
        #expect(await service.status().first?.refusedForLimit == 1)
        #expect(await harness.bridge.record(of: H.vm(3).vsiID) == nil)
        await service.stop()
        await harness.finish()
    }

    /// A restart over the same state file requests every wanted VSI again exactly once: the bridge's table holds
    /// each once and nothing else, and until the answers come every VSI reads in flight.
    @Test func restartRequestsEveryWantedVSIOnce() async throws {
        let harness = DaemonHarness()
        let first = await started(harness)
        let vms = (1...20).map { H.vm(UInt64($0)) }
        await withTaskGroup(of: Void.self) { group in
            for vm in vms {
                group.addTask { _ = await first.perform(.associate, vm, on: "eth0") }
            }
        }
        _ = try await first.perform(.suspend, vms[0], on: "eth0").get()
        #expect(await harness.bridge.records.count == 20)
        await first.stop()
        #expect(await harness.bridge.records.count == 20, "a stop de-associates nothing")

        // The restarted daemon starts with its link down, so the status before any request can be read.
        let links = ScriptedLinkEvents(["eth0": false])
        let second = harness.service(linkEvents: links)
        let recorder = EventRecorder()
        recorder.record(await second.events())
        await second.start()
        let pending = await second.list()
        #expect(pending.count == 20)
        #expect(pending.allSatisfy { $0.inFlight && $0.confirmed == nil }, "wanted VSIs read in flight until answered")
        #expect(pending.first?.operation == .suspend)

        links.send("eth0", .up)
        await harness.advance(steps: 40, until: "every wanted VSI confirmed again") {
            let list = await second.list()
            return list.count == 20 && list.allSatisfy { !$0.inFlight && $0.confirmed != nil }
        }
        let records = await harness.bridge.records
        #expect(records.count == 20)
        #expect(Set(records.map(\.key.vsiID)) == Set(vms.map(\.vsiID)))
        #expect(records.allSatisfy { $0.key.station == PanelLinks.stationMAC })
        let requested = recorder.requested(.restart)
        #expect(requested.count == 20, "each wanted VSI is requested once")
        #expect(recorder.requested(.linkUp).isEmpty && recorder.requested(.retry).isEmpty)
        #expect(Set(requested) == Set(vms.map(\.vsiID)))
        #expect(await harness.bridge.record(of: vms[0].vsiID)?.state?.isActive == false, "still suspended")
        #expect(await harness.bridge.record(of: vms[1].vsiID)?.state?.isActive == true)
        await second.stop()
        await harness.finish()
    }

    /// The VIDs the bridge granted for null-VID requests are in the state file once confirmed, so that after a
    /// crash the restarted daemon reports them before the bridge answers (the link is down), and the bridge's new
    /// answers match them.
    @Test func grantedVIDsAreSavedAndReportedAfterARestart() async throws {
        let harness = DaemonHarness()
        let first = await started(harness)
        let vms = (1...3).map { H.vm(UInt64(50 + $0)) }
        var granted: [VSIID: FilterInfo] = [:]
        for vm in vms {
            let state = try #require(try await first.perform(.associate, vm, on: "eth0").get())
            #expect(state.filterInfo.entries.first?.vid.vid ?? 0 >= 300, "the bridge chose a VID")
            granted[vm.vsiID] = state.filterInfo
        }
        // What a kill -9 now would leave: the file holds the granted VIDs.
        await harness.eventually("the granted VIDs saved") {
            let set = try? harness.stateFile.load()
            return vms.allSatisfy { set?.wanted($0.vsiID, on: "eth0")?.granted == granted[$0.vsiID] }
        }
        await first.stop()

        let links = ScriptedLinkEvents(["eth0": false])
        let second = harness.service(linkEvents: links)
        await second.start()
        let pending = await second.list()
        #expect(pending.count == 3)
        for status in pending {
            #expect(status.inFlight && status.confirmed == nil, "nothing confirmed before the bridge answers")
            #expect(status.granted == granted[status.descriptor.vsiID], "the VIDs granted before the restart")
            #expect(status.descriptor.filterInfo.entries.first?.vid == .null, "requested again with the null VID")
        }
        let handler = StationControlHandler(service: second)
        let listed = await handler.handle(ControlRequest(id: .number(1), operation: .list(interface: "eth0")))
        guard case .success(.list(let entries)) = listed.outcome else {
            Issue.record("list failed: \(listed)")
            return
        }
        #expect(entries.allSatisfy { $0.granted == granted[$0.vsiID] && $0.confirmed == nil })

        links.send("eth0", .up)
        await harness.advance(steps: 40, until: "every VSI confirmed again") {
            await second.list().allSatisfy { !$0.inFlight && $0.confirmed != nil }
        }
        for status in await second.list() {
            #expect(status.confirmed?.filterInfo == granted[status.descriptor.vsiID], "the bridge granted the same")
        }
        await second.stop()
        await harness.finish()
    }

    /// A De-Associate out when the daemon stopped is carried out by the next one.
    @Test func deAssociateInFlightIsCompletedAfterARestart() async throws {
        let harness = DaemonHarness()
        let first = await started(harness)
        let vm = H.vm(30)
        _ = try await first.perform(.associate, vm, on: "eth0").get()
        harness.panel.setCarrier(false)  // the De-Associate goes nowhere
        let request = Task { await first.perform(.deAssociate, vm, on: "eth0") }
        await harness.eventually("the De-Associate saved") {
            (try? harness.stateFile.load().wanted(vm.vsiID, on: "eth0")?.operation) == .deAssociate
        }
        await harness.eventually("the De-Associate out") { await first.vsi(vm.vsiID)?.inFlight == true }
        await first.stop()
        _ = await request.value
        harness.panel.setCarrier(true)
        #expect(await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true)

        let second = harness.service()
        await second.start()
        await harness.advance(steps: 40, until: "the VSI de-associated") {
            let bridgeHasNone = await harness.bridge.record(of: vm.vsiID) == nil
            let wanted = await second.wantedSet.count
            return bridgeHasNone && wanted == 0
        }
        #expect(try harness.stateFile.load().count == 0)
        await second.stop()
        await harness.finish()
    }

    /// The bridge ends a VSI a client still wants: it is requested again after the back-off, and reported.
    @Test func bridgeEndedVSIIsRequestedAgain() async throws {
        let harness = DaemonHarness()
        let service = await started(harness)
        let recorder = EventRecorder()
        recorder.record(await service.events())
        let vm = H.vm(40)
        _ = try await service.perform(.associate, vm, on: "eth0").get()
        #expect(await harness.bridge.deAssociate(vm.vsiID))
        await harness.eventually("the retry scheduled") {
            recorder.events.contains { event in
                if case .retryScheduled(_, vm.vsiID, let delay, 1) = event { delay == .seconds(1) } else { false }
            }
        }
        #expect(await service.vsi(vm.vsiID)?.confirmed == nil)
        await harness.advance(steps: 10, until: "the VSI associated again") {
            let bridgeHas = await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true
            let confirmed = await service.vsi(vm.vsiID)?.confirmed?.type
            return bridgeHas && confirmed == .associate
        }
        #expect(recorder.requested(.retry) == [vm.vsiID])
        await service.stop()
        await harness.finish()
    }

    /// Keep-alives go unanswered (the cable is cut without the carrier dropping): the VSI stays wanted and is
    /// associated again once the bridge answers.
    @Test func keepAliveFailureIsRequestedAgain() async throws {
        let harness = DaemonHarness()
        let service = await started(harness)
        let recorder = EventRecorder()
        recorder.record(await service.events())
        let vm = H.vm(50)
        _ = try await service.perform(.associate, vm, on: "eth0").get()
        harness.panel.setCarrier(false)
        await harness.advance(steps: 200, until: "the keep-alive failed") {
            recorder.events.contains { event in
                if case .agent(_, .vsi(.keepAliveFailed(vm.vsiID, _))) = event { true } else { false }
            }
        }
        #expect(await service.vsi(vm.vsiID)?.operation == .associate, "still wanted")
        harness.panel.setCarrier(true)
        await harness.advance(steps: 300, until: "the VSI associated again") {
            let bridgeHas = await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true
            let confirmed = await service.vsi(vm.vsiID)?.confirmed?.type
            return bridgeHas && confirmed == .associate
        }
        #expect(await harness.bridge.records.count == 1)
        await service.stop()
        await harness.finish()
    }

    /// Carrier loss takes the port down at once; when it returns, every wanted VSI is associated again, also
    /// after the bridge aged them out.
    @Test func linkDownAndUpRequestsEveryWantedVSIAgain() async throws {
        let harness = DaemonHarness()
        let links = ScriptedLinkEvents(["eth0": true])
        let service = await started(harness, linkEvents: links)
        let recorder = EventRecorder()
        recorder.record(await service.events())
        let vms = (1...5).map { H.vm(UInt64(60 + $0)) }
        for vm in vms {
            _ = try await service.perform(.associate, vm, on: "eth0").get()
        }
        harness.panel.setCarrier(false)
        links.send("eth0", .down)
        await harness.eventually("the agent told") {
            await service.agent(on: "eth0")?.evbCounters.linkDowns == 1
        }
        #expect(await service.status().first?.linkUp == false)
        #expect(
            await service.perform(.associate, H.vm(70), on: "eth0") == .failure(.portDown("the link of eth0 is down"))
        )
        await harness.advance(steps: 300, until: "the bridge aged the VSIs out") {
            await harness.bridge.records.isEmpty
        }
        harness.panel.setCarrier(true)
        links.send("eth0", .up)
        await harness.advance(steps: 60, until: "every wanted VSI associated again") {
            let records = await harness.bridge.records
            let list = await service.list()
            return records.count == 6 && records.allSatisfy { $0.state?.isActive == true }
                && list.count == 6 && list.allSatisfy { $0.confirmed?.type == .associate && !$0.inFlight }
        }
        #expect(recorder.events.contains(.linkDown(interface: "eth0")))
        #expect(recorder.events.contains(.linkUp(interface: "eth0")))
        let list = await service.list()
        #expect(list.count == 6 && list.allSatisfy { $0.confirmed?.type == .associate })
        await service.stop()
        await harness.finish()
    }

    @Test func reloadStartsAndStopsInterfacesWithoutDeAssociating() async throws {
        let harness = DaemonHarness()
        let service = await started(harness)
        let vm = H.vm(80)
        _ = try await service.perform(.associate, vm, on: "eth0").get()
        let other = PatchPanel()
        harness.links.plug("eth1", other)
        var added = harness.configuration
        added.interfaces.append(InterfaceConfiguration(name: "eth1"))
        let change = await service.reload(added)
        #expect(change.added == ["eth1"] && change.removed.isEmpty && change.changed.isEmpty)
        #expect(await service.status().map(\.name) == ["eth0", "eth1"])
        #expect(await service.agent(on: "eth1") != nil)
        #expect(other.opens == 1)

        var removed = harness.configuration
        removed.interfaces = [InterfaceConfiguration(name: "eth1")]
        let second = await service.reload(removed)
        #expect(second.removed == ["eth0"])
        #expect(await service.agent(on: "eth0") == nil)
        #expect(await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true, "not de-associated")
        #expect(await service.perform(.associate, vm, on: "eth0") == .failure(.unknownInterface("eth0")))
        #expect(try harness.stateFile.load().wanted(vm.vsiID, on: "eth0") != nil, "kept for when it returns")
        await service.stop()
        await harness.finish()
    }

    @Test func missingInterfaceIsOpenedWhenItAppears() async throws {
        let harness = DaemonHarness()
        harness.links.plug("eth0", nil)
        let service = harness.service()
        let recorder = EventRecorder()
        recorder.record(await service.events())
        await service.start()
        #expect(await service.agent(on: "eth0") == nil)
        await harness.eventually("the interface reported unavailable") {
            recorder.events.contains { if case .interfaceUnavailable = $0 { true } else { false } }
        }
        harness.links.plug("eth0", harness.panel)
        await harness.advance(steps: 10, until: "the interface opened") {
            await service.agent(on: "eth0") != nil
        }
        await service.stop()
        await harness.finish()
    }
}

extension Result where Failure == ServiceRequestError {
    /// The value, or the error thrown.
    func get() throws(ServiceRequestError) -> Success {
        switch self {
        case .success(let value): value
        case .failure(let error): throw error
        }
    }
}
