import Foundation
import Synchronization
import Testing
import VDPControl
import VDPDaemon
import VDPProtocol
import VDPWire

/// A handler that answers as a daemon with one interface `eth0` and one wanted VSI would; type ID 666 is rejected.
private final class ScriptedHandler: ControlHandler {
    private let subscribers = Mutex<[AsyncStream<ControlEvent>.Continuation]>([])

    var subscriberCount: Int { subscribers.withLock { $0.count } }

    func emit(_ event: ControlEvent) {
        for subscriber in subscribers.withLock({ $0 }) {
            subscriber.yield(event)
        }
    }

    static let filter =
        (try? FilterInfo.vid([FilterVID(rawValue: 100)])) ?? .groupVID(GroupID(rawValue: 1), FilterVID(rawValue: 100))

    static let entry = WantedVSIStatus(
        interface: "eth0",
        descriptor: VSIDescriptor(
            managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: 5),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001") ?? VSIUUID(octets: Octets16(high: 0, low: 0))),
            filterInfo: filter
        ),
        wanted: .associate,
        confirmed: StationVSIState(type: .associate, hints: .none, filterInfo: filter),
        lastOutcome: .succeeded(state: StationVSIState(type: .associate, hints: .none, filterInfo: filter)),
        inFlight: false
    )

    func handle(_ request: ControlRequest) async -> ControlResponse {
        switch request.operation {
        case .hello:
            return .success(request.id, .hello(ControlHello(pid: 77, version: "1.2.3")))
        case .status:
            let interface = InterfaceStatus(
                name: "eth0",
                linkUp: true,
                negotiated: true,
                parameters: EVBParameters(),
                counters: StationPortCounters(),
                evbCounters: EVBPortCounters(),
                wantedVSIs: 1
            )
            return .success(request.id, .status(ControlStatus(interfaces: [interface])))
        case .list:
            return .success(request.id, .list([Self.entry]))
        case .get(_, let vsiID):
            guard vsiID == Self.entry.vsiID else {
                return .failure(request.id, .unknownVSI, "no client wants that VSI")
            }
            return .success(request.id, .vsi(Self.entry))
        case .lifecycle(let lifecycle):
            guard lifecycle.interface == "eth0" else {
                return .failure(request.id, .unknownInterface, "no interface \(lifecycle.interface)")
            }
            if lifecycle.vsi.typeID.rawValue == 666 {
                let failure = StationLifecycleError.failed(
                    .rejected(VDPErrorCode(rawValue: 2) ?? .success, hardError: false, keep: true)
                )
                return .failure(request.id, ControlError(failure))
            }
            switch lifecycle.action {
            case .deAssociate:
                return .success(request.id, .lifecycle(nil))
            case .suspend, .emigrate:
                let state = StationVSIState(
                    type: .associate,
                    hints: VSIHints(suspended: true),
                    filterInfo: lifecycle.vsi.filterInfo
                )
                return .success(request.id, .lifecycle(state))
            case .preAssociate(let reserve):
                let state = StationVSIState(
                    type: reserve ? .preAssociateWithResourceReservation : .preAssociate,
                    hints: .none,
                    filterInfo: lifecycle.vsi.filterInfo
                )
                return .success(request.id, .lifecycle(state))
            case .immigrate(let associate):
                let state = StationVSIState(
                    type: associate ? .associate : .preAssociate,
                    hints: VSIHints(migrating: true),
                    filterInfo: lifecycle.vsi.filterInfo
                )
                return .success(request.id, .lifecycle(state))
            case .associate, .resume:
                let state = StationVSIState(type: .associate, hints: .none, filterInfo: lifecycle.vsi.filterInfo)
                return .success(request.id, .lifecycle(state))
            }
        case .watch:
            return .failure(request.id, .internal, "the server answers watch")
        }
    }

    func events() async -> AsyncStream<ControlEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ControlEvent.self)
        subscribers.withLock { $0.append(continuation) }
        return stream
    }
}

/// Collects what a long-running command writes.
private final class Output: Sendable {
    private let text = Mutex("")
    var value: String { text.withLock { $0 } }
    func append(_ line: String) { text.withLock { $0 += line } }
}

/// `vdpctl`'s control-client subcommands against a server with a scripted handler: output and exit statuses.
@Suite struct ControlClientCommandTests {
    private let vsi = [
        "mgrid=mgr1", "typeid=5", "typeidver=1", "uuid=a1b2c3d4-0001-4000-8000-00163e000001", "filter=100",
    ]

    private func withServer(_ body: (String, ScriptedHandler) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.path + "/vdpctl-client-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control.sock"
        let handler = ScriptedHandler()
        let server = ControlServer(configuration: ControlServerConfiguration(path: path), handler: handler)
        try server.start()
        defer { server.stop() }
        try await body(path, handler)
    }

    private func run(_ arguments: [String]) async -> CommandResult {
        await VDPControlCommand.run(arguments: arguments) { _ in }
    }

    @Test func statusAndListPrintTables() async throws {
        try await withServer { path, _ in
            let status = await run(["status", "--socket", path])
            #expect(status.status == .success)
            #expect(status.standardOutput.hasPrefix("vdpd 1.2.3, pid 77, protocol 1\n"))
            #expect(status.standardOutput.contains("INTERFACE  LINK  EVB         WANTED  R  RTE  RWD  RKA"))
            #expect(status.standardOutput.contains("eth0       up    negotiated  1       3  "))
            #expect(status.standardOutput.contains("control: 1 connections, 0 watching, 2 requests"))
            let list = await run(["list", "--socket", path])
            #expect(list.status == .success)
            #expect(
                list.standardOutput == """
                    INTERFACE  VSIID                                      WANTED     CONFIRMED   VIDS  LAST       IN-FLIGHT
                    eth0       uuid:a1b2c3d4-0001-4000-8000-00163e000001  associate  associated  100   succeeded  no

                    """
            )
            let get = await run(["get", "--socket", path, "-i", "eth0", "uuid=a1b2c3d4-0001-4000-8000-00163e000001"])
            #expect(get.status == .success)
            #expect(get.standardOutput == list.standardOutput)
        }
    }

    @Test func jsonPrintsTheResponseLine() async throws {
        try await withServer { path, _ in
            let list = await run(["list", "--socket", path, "--json"])
            #expect(list.status == .success)
            let lines = list.standardOutput.split(separator: "\n")
            #expect(lines.count == 1)
            let object = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any]
            #expect(object?["ok"] as? Bool == true)
            #expect(object?["v"] as? Int == 1)
            #expect(((object?["result"] as? [String: Any])?["vsis"] as? [Any])?.count == 1)
        }
    }

    @Test func everyLifecycleSubcommandPrintsItsOutcome() async throws {
        try await withServer { path, _ in
            let cases: [([String], String)] = [
                (["pre-associate"], "pre-associated, VIDs 100\n"),
                (["pre-associate", "--rr"], "pre-associated (reserved), VIDs 100\n"),
                (["associate"], "associated, VIDs 100\n"),
                (["suspend"], "associated (suspended), VIDs 100\n"),
                (["resume"], "associated, VIDs 100\n"),
                (["emigrate"], "associated (suspended), VIDs 100\n"),
                (["immigrate"], "pre-associated (immigrating), VIDs 100\n"),
                (["immigrate", "--associate"], "associated (immigrated), VIDs 100\n"),
                (["de-associate"], "de-associated\n"),
            ]
            for (command, expected) in cases {
                let result = await run(command + ["--socket", path, "-i", "eth0"] + vsi)
                #expect(result.status == .success, "\(command): \(result.standardError)")
                #expect(result.standardOutput == expected, "\(command)")
            }
        }
    }

    @Test func refusalsAndRejectionsExitOne() async throws {
        try await withServer { path, _ in
            let rejected = await run(
                ["associate", "--socket", path, "-i", "eth0"]
                    + [
                        "mgrid=mgr1", "typeid=666", "typeidver=1", "uuid=a1b2c3d4-0001-4000-8000-00163e000001",
                        "filter=100",
                    ]
            )
            #expect(rejected.status == .requestFailed)
            #expect(rejected.standardError.hasPrefix("vdpctl associate: rejected: "))
            #expect(rejected.standardError.contains("status 0x62"))
            let unknown = await run(["associate", "--socket", path, "-i", "eth9"] + vsi)
            #expect(unknown.status == .requestFailed)
            #expect(unknown.standardError.contains("unknownInterface"))
            let missing = await run(["get", "--socket", path, "-i", "eth0", "vsiid=mac:52:54:00:00:00:09"])
            #expect(missing.status == .requestFailed)
            #expect(missing.standardError.contains("unknownVSI"))
        }
    }

    @Test func usageErrorsExitTwo() async throws {
        try await withServer { path, _ in
            for arguments in [
                ["associate", "--socket", path] + vsi,
                ["associate", "--socket", path, "-i", "eth0", "mode=assoc"] + vsi,
                ["associate", "--socket", path, "-i", "eth0", "hints=to"] + vsi,
                ["associate", "--socket", path, "-i", "eth0", "typeid=5"],
                ["get", "--socket", path, "-i", "eth0"],
                ["get", "--socket", path, "-i", "eth0", "uuid=nope"],
                ["status", "--socket"],
                ["list", "--socket", path, "--rr"],
                ["watch", "--socket", path, "--count", "0"],
                ["list", "--socket", path, "extra"],
            ] {
                let result = await run(arguments)
                #expect(result.status == .usage, "\(arguments)")
                #expect(result.standardError.hasPrefix("vdpctl \(arguments[0]): "), "\(arguments)")
            }
        }
    }

    @Test func unreachableDaemonExitsThree() async {
        let result = await run(["status", "--socket", "/nonexistent/vdpd.sock"])
        #expect(result.status == .daemonUnreachable)
        #expect(result.standardError.contains("cannot connect to '/nonexistent/vdpd.sock'"))
    }

    @Test func watchPrintsEvents() async throws {
        try await withServer { path, handler in
            let output = Output()
            let watch = Task {
                await VDPControlCommand.run(arguments: ["watch", "--socket", path, "-i", "eth0", "--count", "2"]) {
                    output.append($0)
                }
            }
            let deadline = Date().addingTimeInterval(20)
            while handler.subscriberCount == 0, Date() < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            try #require(handler.subscriberCount == 1)
            // The subscription exists once the server asked for the stream; the watch answer follows it, and
            // events sent before the answer are kept in order behind it.
            handler.emit(.link(interface: "eth0", change: .down))
            handler.emit(.link(interface: "eth1", change: .removed))
            handler.emit(
                .outcome(
                    interface: "eth0",
                    vsiID: ScriptedHandler.entry.vsiID,
                    action: .associate,
                    outcome: .succeeded(state: ScriptedHandler.entry.confirmed)
                )
            )
            let result = await watch.value
            #expect(result.status == .success)
            #expect(
                output.value == """
                    eth0 link down
                    eth0 uuid:a1b2c3d4-0001-4000-8000-00163e000001 associate: succeeded (associated, VIDs 100)

                    """
            )
        }
    }
}
