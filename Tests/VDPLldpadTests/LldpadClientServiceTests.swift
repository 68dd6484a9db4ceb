import Synchronization
import Testing
import VDPDaemon
import VDPProtocol
import VDPWire

@testable import VDPLldpad

@Suite("lldpad client-socket service")
struct LldpadClientServiceTests {
    /// A daemon with one negotiated interface `vts0`: lifecycle requests wait for `gate` (when set) and then
    /// succeed with the state asked for; `list` returns what was associated.
    final class ScriptedHandler: ControlHandler, Sendable {
        let requests = Mutex<[ControlLifecycleRequest]>([])
        let negotiated: Bool
        let gate: AsyncStream<Void>?
        let savingGate: AsyncStream<Void>?
        /// What the bridge answers every lifecycle request with instead of success, if anything.
        let refusal: StationLifecycleError?

        /// A handler whose lifecycle requests wait for `savingGate` before they count as saved, and for `gate`
        /// before the bridge answers.
        init(
            negotiated: Bool = true,
            gate: AsyncStream<Void>? = nil,
            savingGate: AsyncStream<Void>? = nil,
            refusal: StationLifecycleError? = nil
        ) {
            self.negotiated = negotiated
            self.gate = gate
            self.savingGate = savingGate
            self.refusal = refusal
        }

        func handle(_ request: ControlRequest) async -> ControlResponse {
            await handle(request, durable: {})
        }

        func handle(_ request: ControlRequest, durable: @escaping @Sendable () -> Void) async -> ControlResponse {
            switch request.operation {
            case .status(let name):
                guard name == "vts0" else {
                    return .failure(request.id, .unknownInterface, "unknown")
                }
                let entry = InterfaceStatus(
                    name: "vts0",
                    linkUp: true,
                    negotiated: negotiated,
                    parameters: nil,
                    counters: StationPortCounters(),
                    evbCounters: EVBPortCounters(),
                    wantedVSIs: 0
                )
                return .success(request.id, .status(ControlStatus(interfaces: [entry])))
            case .list:
                let wanted = requests.withLock { $0 }.map {
                    WantedVSIStatus(
                        interface: $0.interface,
                        descriptor: $0.vsi,
                        wanted: $0.action,
                        confirmed: nil,
                        lastOutcome: .succeeded(state: nil),
                        inFlight: false
                    )
                }
                return .success(request.id, .list(wanted))
            case .lifecycle(let lifecycle):
                requests.withLock { $0.append(lifecycle) }
                if let savingGate {
                    for await _ in savingGate {
                        break
                    }
                }
                durable()
                if let gate {
                    for await _ in gate {
                        break
                    }
                }
                if let refusal {
                    return .failure(request.id, ControlError(refusal))
                }
                let state = StationVSIState(type: .associate, hints: .none, filterInfo: lifecycle.vsi.filterInfo)
                return .success(request.id, .lifecycle(state))
            default:
                return .failure(request.id, .badRequest, "unused")
            }
        }

        func events() async -> AsyncStream<ControlEvent> {
            AsyncStream { $0.finish() }
        }
    }

    /// What the service sent, per client.
    final class Outbox: Sendable {
        let sent = Mutex<[(LldpadClientAddress, String)]>([])
        func texts(to client: LldpadClientAddress) -> [String] {
            sent.withLock { $0.filter { $0.0 == client }.map(\.1) }
        }
    }

    static let vdptool = LldpadClientAddress(path: [0] + Array("/com/intel/lldpad/42".utf8))
    static let other = LldpadClientAddress(path: [0] + Array("/com/intel/lldpad/43".utf8))

    static func service(_ handler: ScriptedHandler, _ outbox: Outbox, limits: LldpadClientLimits = .init())
        -> LldpadClientService
    {
        LldpadClientService(handler: handler, limits: limits, processID: 4242) { datagram, client in
            outbox.sent.withLock { $0.append((client, String(decoding: datagram, as: UTF8.self))) }
            return true
        }
    }

    static func set(_ filter: String = "100-52:54:00:00:00:01") -> [UInt8] {
        LldpadClientParserTests.setCommand([
            ("mode", "assoc"), ("mgrid2", "mgr1"), ("typeid", "5"), ("uuid", "a1b2c3d4-0001-4000-8000-000000000001"),
            ("typeidver", "1"), ("hints", "none"), ("filter", filter),
        ]).withModule
    }

    @Test("ping, attach, level and detach are answered as lldpad answers them")
    func housekeeping() async {
        let outbox = Outbox()
        let service = Self.service(ScriptedHandler(), outbox)
        for text in ["P", "D", "L", "A80c4", "L", "D", "A80c4,zz", "x", "M000080c5C3", ""] {
            await service.receive(Array(text.utf8), from: Self.vdptool, senderUID: 0)
        }
        #expect(
            outbox.texts(to: Self.vdptool) == [
                "R00PPONG4242", "R01D", "R01L", "R00A", "R00L", "R00D", "R01A", "R04", "R02", "R04",
            ]
        )
    }

    @Test("senders that are not root, or send no credentials, and oversized datagrams are refused")
    func senders() async {
        let outbox = Outbox()
        let service = Self.service(ScriptedHandler(), outbox, limits: LldpadClientLimits(maximumMessageSize: 64))
        await service.receive(Array("P".utf8), from: Self.vdptool, senderUID: 1000)
        await service.receive(Array("P".utf8), from: Self.vdptool, senderUID: nil)
        await service.receive([UInt8](repeating: 0x50, count: 65), from: Self.vdptool, senderUID: 0)
        #expect(outbox.texts(to: Self.vdptool) == ["R0a", "R05", "R04"])
        let counters = await service.counters
        #expect(counters.refusedSenders == 2 && counters.oversized == 1)
    }

    @Test("a set is handed to the daemon once; its outcome goes to attached clients after the reply")
    func setAndEvent() async throws {
        let outbox = Outbox()
        let handler = ScriptedHandler()
        let service = Self.service(handler, outbox)
        await service.receive(Array("A80c4".utf8), from: Self.other, senderUID: 0)
        await service.receive(Self.set(), from: Self.vdptool, senderUID: 0)
        #expect(handler.requests.withLock { $0.map(\.action) } == [.associate])
        #expect(outbox.texts(to: Self.vdptool) == ["R00C3020000011c04vts000000003"])
        let event = try #require(outbox.texts(to: Self.other).last)
        #expect(event.hasPrefix("M000080c4E16"))
        #expect(event.contains("04mode0005assoc") && event.contains("05hints00010"))
        // The query lists it, in the -V mode only.
        await service.receive(Self.query(mode: 3), from: Self.vdptool, senderUID: 0)
        await service.receive(Self.query(mode: 1), from: Self.vdptool, senderUID: 0)
        let answers = outbox.texts(to: Self.vdptool).suffix(2)
        #expect(answers.first?.contains("a1b2c3d4-0001-4000-8000-000000000001") == true)
        #expect(answers.last == "R00C3010000000104vts000000001")
    }

    static func query(mode: Int) -> [UInt8] {
        Array(("C3010000000104vts002" + LldpadHex.field(UInt64(mode), width: 8)).utf8).withModule
    }

    @Test(
        "malformed or refused sets get lldpad's status and reach no VSI",
        arguments: [
            (LldpadClientParserTests.setCommand([("mode", "assoc")], filters: 0).withModule, "Rea"),
            (LldpadClientParserTests.setCommand([("mode", "bogus"), ("filter", "1")]).withModule, "R05"),
            (LldpadClientParserTests.setCommand([("mode", "assoc"), ("filter", "1")]).withModule, "R05"),
            (Array("C3020000011c04vts00200000003".utf8).withModule, "R0e"),
            (Array("C3020000011c04nope0200000003".utf8).withModule, "R02"),
            (Array("C3020000011c04vts00100000003".utf8).withModule, "R0b"),
        ]
    )
    func refusals(datagram: [UInt8], status: String) async {
        let outbox = Outbox()
        let handler = ScriptedHandler()
        let service = Self.service(handler, outbox)
        await service.receive(datagram, from: Self.vdptool, senderUID: 0)
        #expect(outbox.texts(to: Self.vdptool).first?.hasPrefix(status) == true, "\(outbox.texts(to: Self.vdptool))")
        #expect(handler.requests.withLock { $0.isEmpty })
    }

    @Test("a set on an interface without EVB is refused as lldpad refuses it")
    func notNegotiated() async {
        let outbox = Outbox()
        let handler = ScriptedHandler(negotiated: false)
        await Self.service(handler, outbox).receive(Self.set(), from: Self.vdptool, senderUID: 0)
        #expect(outbox.texts(to: Self.vdptool) == ["R0dC3020000011c04vts000000003"])
        #expect(handler.requests.withLock { $0.isEmpty })
    }

    @Test("past the reply deadline a set is acknowledged, its outcome follows as an event; in-flight sets are bounded")
    func slowBridge() async throws {
        let outbox = Outbox()
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let handler = ScriptedHandler(gate: gate)
        let service = Self.service(
            handler,
            outbox,
            limits: LldpadClientLimits(maximumRequestsInFlight: 1, replyDeadline: .zero)
        )
        await service.receive(Array("A80c4".utf8), from: Self.other, senderUID: 0)
        await service.receive(Self.set(), from: Self.vdptool, senderUID: 0)
        #expect(outbox.texts(to: Self.vdptool) == ["R00C3020000011c04vts000000003"])
        await service.receive(Self.set("101-52:54:00:00:00:02"), from: Self.vdptool, senderUID: 0)
        #expect(outbox.texts(to: Self.vdptool).last == "R0fC3020000011c04vts000000003")
        opener.yield()
        opener.finish()
        let delivered = await Self.eventually { outbox.texts(to: Self.other).count == 2 }
        #expect(delivered, "\(outbox.texts(to: Self.other))")
        #expect(await service.counters.busyRefusals == 1)
    }

    @Test("past the reply deadline a set is acknowledged only once the daemon has saved it")
    func acknowledgedOnlyWhenSaved() async throws {
        let outbox = Outbox()
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let (savingGate, saver) = AsyncStream<Void>.makeStream()
        let handler = ScriptedHandler(gate: gate, savingGate: savingGate)
        let service = Self.service(handler, outbox, limits: LldpadClientLimits(replyDeadline: .zero))
        let receiving = Task { await service.receive(Self.set(), from: Self.vdptool, senderUID: 0) }
        let asked = await Self.eventually { handler.requests.withLock { !$0.isEmpty } }
        #expect(asked)
        for _ in 0..<1_000 {
            await Task.yield()
        }
        #expect(outbox.texts(to: Self.vdptool).isEmpty, "no R00 before the want is saved")
        saver.yield()
        saver.finish()
        await receiving.value
        #expect(outbox.texts(to: Self.vdptool) == ["R00C3020000011c04vts000000003"])
        opener.yield()
        opener.finish()
    }

    @Test("the daemon's own ends of a VSI set through the socket go to attached clients as lldpad's deassoc events")
    func daemonEnds() async throws {
        let outbox = Outbox()
        let service = Self.service(ScriptedHandler(), outbox, limits: LldpadClientLimits(maximumTrackedVSIs: 1))
        // vdptool -W attaches with "80c4"; interactive vdptool on a little-endian host with the octets of the
        // module ID swapped ("c4800000"), which lldpad's filter does not match.
        await service.receive(Array("A80c4".utf8), from: Self.other, senderUID: 0)
        let interactive = LldpadClientAddress(path: [0] + Array("/com/intel/lldpad/44".utf8))
        await service.receive(Array("Ac4800000".utf8), from: interactive, senderUID: 0)
        await service.receive(Self.set("0-52:54:00:00:00:01"), from: Self.vdptool, senderUID: 0)
        let vsiID = VSIID.uuid(try #require(VSIUUID("a1b2c3d4-0001-4000-8000-000000000001")))
        let granted = FilterInfo.macVID(MACAddress(0x52, 0x54, 0, 0, 0, 1), try FilterVID(vid: 300))
        // The daemon's own request again, granted VID 300; then the bridge ends the VSI, then its keep-alive fails.
        await service.observe(
            .outcome(
                interface: "vts0",
                vsiID: vsiID,
                action: .associate,
                outcome: .succeeded(state: StationVSIState(type: .associate, hints: .none, filterInfo: granted))
            )
        )
        let before = outbox.texts(to: Self.other).count
        await service.observe(.station(interface: "vts0", event: .vsi(.bridgeDeAssociated(vsiID))))
        await service.observe(.station(interface: "vts0", event: .vsi(.keepAliveFailed(vsiID, .timeout))))
        let other = VSIID.uuid(try #require(VSIUUID("a1b2c3d4-0009-4000-8000-000000000009")))
        await service.observe(.station(interface: "vts0", event: .vsi(.bridgeDeAssociated(other))))
        await service.observe(.station(interface: "vts1", event: .vsi(.bridgeDeAssociated(vsiID))))
        let events = Array(outbox.texts(to: Self.other).dropFirst(before))
        #expect(events.count == 2, "\(events)")
        for (event, hints) in zip(events, ["0", "768"]) {
            #expect(event.hasPrefix("M000080c4E16"))
            #expect(event.contains("04mode0007deassoc"), "\(event)")
            #expect(event.contains("05hints\(LldpadHex.field(UInt64(hints.utf8.count), width: 4))\(hints)"))
            #expect(event.contains("06filter0015300-52:54:00:00:00:01"), "the VID last granted: \(event)")
        }
        #expect(outbox.texts(to: interactive) == ["R00A"])
        // A second VSI is beyond the bound: it is served, but its ends are not tracked.
        await service.receive(
            Self.set("0-52:54:00:00:00:02").replacing(Array("0001-4000".utf8), with: Array("0002-4000".utf8)),
            from: Self.vdptool,
            senderUID: 0
        )
        var counters = await service.counters
        #expect(counters.daemonEnds == 2 && counters.trackedVSIs == 1 && counters.untrackedVSIs == 1)
        // A finished De-Associate (by any client) ends the tracking.
        await service.observe(
            .outcome(interface: "vts0", vsiID: vsiID, action: .deAssociate, outcome: .succeeded(state: nil))
        )
        await service.observe(.station(interface: "vts0", event: .vsi(.bridgeDeAssociated(vsiID))))
        counters = await service.counters
        #expect(counters.daemonEnds == 2 && counters.trackedVSIs == 0)
    }

    @Test("a VSI the bridge refuses (without keep) is not tracked for the daemon's own ends; one it keeps is")
    func refusedIsNotTracked() async {
        for (keep, tracked) in [(false, 0), (true, 1)] {
            let outbox = Outbox()
            let handler = ScriptedHandler(
                refusal: .failed(.rejected(.insufficientResources, hardError: false, keep: keep))
            )
            let service = Self.service(handler, outbox)
            await service.receive(Self.set(), from: Self.vdptool, senderUID: 0)
            #expect(outbox.texts(to: Self.vdptool).first?.hasPrefix("R00") == true, "\(outbox.texts(to: Self.vdptool))")
            #expect(await service.counters.trackedVSIs == tracked, "keep: \(keep)")
        }
    }

    @Test("a failed keep-alive's hints: lldpad's timer bits, or the bridge's error")
    func keepAliveHints() {
        #expect(LldpadVDPTranslation.keepAliveResponse(.timeout) == 0x300)
        #expect(LldpadVDPTranslation.keepAliveResponse(.retriesExhausted) == 0x300)
        #expect(
            LldpadVDPTranslation.keepAliveResponse(.rejected(.insufficientResources, hardError: true, keep: false))
                == 0x100 | 0x10 | Int(VDPErrorCode.insufficientResources.rawValue)
        )
        #expect(LldpadVDPTranslation.keepAliveResponse(.responseMismatch) == 0x100)
    }

    /// Yields until `condition` holds (at most 10 000 times).
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<10_000 {
            if condition() {
                return true
            }
            await Task.yield()
        }
        return condition()
    }
}

extension Array where Element == UInt8 {
    /// The VDP module's prefix before a command.
    var withModule: [UInt8] { Array("M000080c4".utf8) + self }
}
