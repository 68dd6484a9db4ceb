import Synchronization
import Testing
import VDPAgent
import VDPDaemon
import VDPNetlink
import VDPProtocol
import VDPWire

/// The station service behind the control protocol: each operation's result and error code, and the events a
/// `watch` client sees.
@Suite struct ServiceControlHandlerTests {
    typealias H = DaemonHarness

    func request(_ handler: StationControlHandler, _ number: Int64, _ operation: ControlOperation) async
        -> Result<ControlResult, ControlError>
    {
        let response = await handler.handle(ControlRequest(id: .number(number), operation: operation))
        #expect(response.id == .number(number))
        return response.outcome
    }

    @Test func operationsAndErrors() async throws {
        let harness = DaemonHarness()
        let service = harness.service()
        await service.start()
        await harness.eventually("EVB negotiation") { await service.agent(on: "eth0")?.isNegotiated == true }
        let handler = StationControlHandler(service: service)
        let vm = H.vm(1)

        guard case .success(.hello(let hello)) = await request(handler, 1, .hello) else {
            Issue.record("hello failed")
            return
        }
        #expect(hello.versions == [1] && hello.pid > 0)

        let associate = ControlLifecycleRequest(interface: "eth0", vsi: vm, action: .associate)
        guard case .success(.lifecycle(let state?)) = await request(handler, 2, .lifecycle(associate)) else {
            Issue.record("associate failed")
            return
        }
        #expect(state.type == .associate)

        guard case .success(.list(let list)) = await request(handler, 3, .list(interface: nil)) else {
            Issue.record("list failed")
            return
        }
        #expect(list.count == 1)
        #expect(list.first?.wanted == .associate && list.first?.inFlight == false)
        #expect(list.first?.confirmed?.type == .associate)
        #expect(list.first?.lastOutcome == .succeeded(state: state))

        guard case .success(.vsi(let entry)) = await request(handler, 4, .get(interface: "eth0", vsiID: vm.vsiID))
        else {
            Issue.record("get failed")
            return
        }
        #expect(entry.descriptor == vm)

        guard case .success(.status(let status)) = await request(handler, 5, .status(interface: "eth0")) else {
            Issue.record("status failed")
            return
        }
        #expect(status.interfaces.map(\.name) == ["eth0"])
        #expect(status.interfaces.first?.wantedVSIs == 1 && status.interfaces.first?.negotiated == true)
        #expect(status.interfaces.first?.parameters != nil)

        let unknownVSI = await request(handler, 6, .get(interface: "eth0", vsiID: H.vm(2).vsiID))
        #expect(unknownVSI.failureCode == .unknownVSI)
        #expect(await request(handler, 7, .get(interface: "eth9", vsiID: vm.vsiID)).failureCode == .unknownInterface)
        #expect(await request(handler, 8, .status(interface: "eth9")).failureCode == .unknownInterface)
        #expect(await request(handler, 9, .list(interface: "eth9")).failureCode == .unknownInterface)
        let elsewhere = ControlLifecycleRequest(interface: "eth9", vsi: vm, action: .associate)
        #expect(await request(handler, 10, .lifecycle(elsewhere)).failureCode == .unknownInterface)
        let refused = ControlLifecycleRequest(
            interface: "eth0",
            vsi: H.vm(3, typeID: H.refusedType),
            action: .associate
        )
        let rejection = await request(handler, 11, .lifecycle(refused))
        #expect(rejection.failureCode == .rejected)
        let backwards = ControlLifecycleRequest(
            interface: "eth0",
            vsi: vm,
            action: .preAssociate(reserveResources: false)
        )
        #expect(await request(handler, 12, .lifecycle(backwards)).failureCode == .refused)

        let gone = ControlLifecycleRequest(interface: "eth0", vsi: vm, action: .deAssociate)
        guard case .success(.lifecycle(nil)) = await request(handler, 13, .lifecycle(gone)) else {
            Issue.record("de-associate failed")
            return
        }
        guard case .success(.list(let empty)) = await request(handler, 14, .list(interface: "eth0")) else {
            Issue.record("list failed")
            return
        }
        #expect(empty.isEmpty)
        await service.stop()
        let late = ControlLifecycleRequest(interface: "eth0", vsi: vm, action: .associate)
        #expect(await request(handler, 15, .lifecycle(late)).failureCode == .shuttingDown)
        await harness.finish()
    }

    @Test func watchSeesOutcomesLinkChangesAndRetries() async throws {
        let harness = DaemonHarness()
        let links = ScriptedLinkEvents(["eth0": true])
        let service = harness.service(linkEvents: links)
        await service.start()
        await harness.eventually("EVB negotiation") { await service.agent(on: "eth0")?.isNegotiated == true }
        let handler = StationControlHandler(service: service)
        let stream = await handler.events()
        let seen = EventBox()
        let watcher = Task {
            for await event in stream {
                seen.append(event)
            }
        }
        let vm = H.vm(5)
        _ = await handler.handle(
            ControlRequest(
                id: .number(1),
                operation: .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vm, action: .associate))
            )
        )
        #expect(await harness.bridge.deAssociate(vm.vsiID))
        await harness.advance(steps: 10, until: "the VSI requested again") {
            await harness.bridge.record(of: vm.vsiID)?.state?.isActive == true
        }
        links.send("eth0", .down)
        await harness.eventually("the watcher told of everything") {
            let events = seen.events
            let outcome = events.contains { event in
                if case .outcome("eth0", vm.vsiID, .associate, .succeeded) = event { true } else { false }
            }
            let bridgeEnded = events.contains(.station(interface: "eth0", event: .vsi(.bridgeDeAssociated(vm.vsiID))))
            let retry = events.contains { event in
                if case .retryScheduled("eth0", vm.vsiID, 1_000, 1) = event { true } else { false }
            }
            let again = events.contains(
                .requestedAgain(interface: "eth0", vsiID: vm.vsiID, action: .associate, reason: "retry")
            )
            let down = events.contains(.link(interface: "eth0", change: .down))
            return outcome && bridgeEnded && retry && again && down
        }
        await service.stop()
        await watcher.value
        await harness.finish()
    }

    /// rtnetlink link changes become up, down and removed events by name, across renames.
    @Test func linkChangesBecomeEventsByName() {
        func link(_ index: Int32, _ name: String, up: Bool = true, carrier: Bool = true) -> LinkStatus {
            LinkStatus(
                index: index,
                name: name,
                isAdministrativelyUp: up,
                hasCarrier: carrier,
                operationalState: carrier ? .up : .down
            )
        }
        var tracker = LinkEventTracker(links: [link(2, "eth0"), link(3, "eth1", carrier: false)])
        #expect(tracker.apply(.changed(link(2, "eth0", carrier: false))) == [LinkEvent(interface: "eth0", kind: .down)])
        #expect(tracker.apply(.changed(link(2, "eth0", carrier: false))) == [], "no change, no event")
        #expect(tracker.apply(.changed(link(2, "eth0"))) == [LinkEvent(interface: "eth0", kind: .up)])
        #expect(tracker.apply(.changed(link(2, "eth0", up: false))) == [LinkEvent(interface: "eth0", kind: .down)])
        #expect(tracker.apply(.changed(link(3, "eth1"))) == [LinkEvent(interface: "eth1", kind: .up)])
        #expect(
            tracker.apply(.changed(link(3, "wan0")))
                == [LinkEvent(interface: "eth1", kind: .removed), LinkEvent(interface: "wan0", kind: .up)]
        )
        #expect(tracker.apply(.removed(link(2, "eth0"))) == [LinkEvent(interface: "eth0", kind: .removed)])
        #expect(tracker.apply(.appeared(link(7, "eth0"))) == [LinkEvent(interface: "eth0", kind: .up)])
        #expect(
            tracker.apply(.resynchronised([link(7, "eth0", carrier: false)]))
                == [LinkEvent(interface: "eth0", kind: .down), LinkEvent(interface: "wan0", kind: .removed)]
        )
    }
}

/// The control events a watcher saw.
final class EventBox: Sendable {
    private let recorded = Mutex<[ControlEvent]>([])

    func append(_ event: ControlEvent) {
        recorded.withLock { $0.append(event) }
    }

    var events: [ControlEvent] { recorded.withLock { $0 } }
}

extension Result where Failure == ControlError {
    /// The error code of a failure.
    var failureCode: ControlErrorCode? {
        if case .failure(let error) = self {
            return error.code
        }
        return nil
    }
}
