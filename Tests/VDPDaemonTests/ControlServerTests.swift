import Foundation
import Glibc
import Testing
import VDPProtocol
import VDPWire

@testable import VDPDaemon

/// The control server over a real Unix socket, with a fake handler.
@Suite struct ControlServerTests {
    @Test func everyOperationGetsItsAnswer() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try ControlClient.connect(path: server.path)
        defer { client.close() }
        let vsi = testDescriptor()
        let cases: [(ControlOperation, ControlResult)] = [
            (.hello, .hello(ControlHello(pid: 4242, version: "test"))),
            (.list(interface: nil), .list([FakeControlHandler.entry])),
            (.get(interface: "eth0", vsiID: vsi.vsiID), .vsi(FakeControlHandler.entry)),
            (
                .lifecycle(
                    ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .preAssociate(reserveResources: true))
                ),
                .lifecycle(
                    StationVSIState(
                        type: .preAssociateWithResourceReservation,
                        hints: .none,
                        filterInfo: vsi.filterInfo
                    )
                )
            ),
            (
                .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .associate)),
                .lifecycle(StationVSIState(type: .associate, hints: .none, filterInfo: vsi.filterInfo))
            ),
            (
                .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .suspend)),
                .lifecycle(
                    StationVSIState(type: .associate, hints: VSIHints(suspended: true), filterInfo: vsi.filterInfo)
                )
            ),
            (
                .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .resume)),
                .lifecycle(StationVSIState(type: .associate, hints: .none, filterInfo: vsi.filterInfo))
            ),
            (
                .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .emigrate)),
                .lifecycle(
                    StationVSIState(type: .associate, hints: VSIHints(suspended: true), filterInfo: vsi.filterInfo)
                )
            ),
            (
                .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .immigrate(associate: true))),
                .lifecycle(
                    StationVSIState(type: .associate, hints: VSIHints(migrating: true), filterInfo: vsi.filterInfo)
                )
            ),
            (.lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: .deAssociate)), .lifecycle(nil)),
            (.watch, .watching),
        ]
        for (operation, expected) in cases {
            let response = try await client.request(operation)
            #expect(response.outcome == .success(expected), "\(operation.name)")
        }
        let status = try await client.request(.status(interface: nil))
        guard case .success(.status(let result)) = status.outcome else {
            Issue.record("status: \(status)")
            return
        }
        #expect(result.interfaces.map(\.name) == ["eth0"])
        #expect((result.control?.requests ?? 0) >= UInt64(cases.count))
        #expect(result.control?.openConnections == 1)
        #expect(result.control?.watchers == 1)
        let rejected = try await client.request(
            .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: testDescriptor(typeID: 666), action: .associate))
        )
        guard case .failure(let error) = rejected.outcome else {
            Issue.record("expected a rejection: \(rejected)")
            return
        }
        #expect(error.code == .rejected)
        #expect(error.status == .response(VDPErrorCode(rawValue: 2) ?? .success, keep: true))
        let unknown = try await client.request(.get(interface: "eth9", vsiID: vsi.vsiID))
        #expect((try? unknown.outcome.get()) == nil)
        if case .failure(let error) = unknown.outcome {
            #expect(error.code == .unknownInterface)
        }
    }

    @Test func socketFileHasModeSixHundredAndIsRemovedOnStop() throws {
        let server = try TestServer()
        var status = stat()
        #expect(lstat(server.path, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFSOCK)
        #expect(status.st_mode & 0o777 == 0o600)
        server.stop()
        #expect(lstat(server.path, &status) != 0)
    }

    @Test func oversizedLineGetsMessageTooLargeThenClose() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let exact = try RawConnection(path: server.path)
        let request = #"{"v":1,"id":1,"op":"hello"}"#
        exact.send(request + String(repeating: " ", count: 65_536 - request.utf8.count) + "\n")
        #expect(json(await exact.line())["ok"] as? Bool == true)
        let connection = try RawConnection(path: server.path)
        connection.send(String(repeating: "a", count: 70_000))
        let line = await connection.line()
        #expect(errorCode(line) == "messageTooLarge")
        #expect(json(line)["id"] is NSNull)
        #expect(await connection.endsWithoutMoreLines())
        #expect(server.server.counters.linesTooLong == 1)
        exact.send(request + "\n")
        #expect(json(await exact.line())["ok"] as? Bool == true)
    }

    @Test func sixtyFifthConnectionIsRefused() async throws {
        let server = try TestServer()
        defer { server.stop() }
        var connections: [RawConnection] = []
        for index in 0..<64 {
            let connection = try RawConnection(path: server.path)
            connection.send(#"{"v":1,"id":\#(index),"op":"hello"}"# + "\n")
            #expect(json(await connection.line())["id"] as? Int == index)
            connections.append(connection)
        }
        #expect(server.server.counters.openConnections == 64)
        let extra = try RawConnection(path: server.path)
        let line = await extra.line()
        #expect(errorCode(line) == "tooManyRequests")
        #expect(await extra.endsWithoutMoreLines())
        #expect(server.server.counters.connectionsRefused == 1)
        connections.removeLast().close()
        await waitUntil("a connection to close") { server.server.counters.openConnections == 63 }
        let again = try RawConnection(path: server.path)
        again.send(#"{"v":1,"id":"again","op":"hello"}"# + "\n")
        #expect(json(await again.line())["id"] as? String == "again")
    }

    @Test func twoHundredFiftySeventhRequestInFlightIsRefused() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let connection = try RawConnection(path: server.path)
        let lines = (1...257).map { #"{"v":1,"id":"block-\#($0)","op":"hello"}"# + "\n" }
        connection.send(lines.joined())
        let refused = await connection.line()
        #expect(errorCode(refused) == "tooManyRequests")
        #expect(json(refused)["id"] as? String == "block-257")
        await waitUntil("256 requests in the handler") { server.handler.blockedCount == 256 }
        #expect(server.server.counters.requestsRefused == 1)
        server.handler.release()
        var ids: Set<String> = []
        for _ in 1...256 {
            let line = await connection.line()
            #expect(json(line)["ok"] as? Bool == true)
            ids.insert(json(line)["id"] as? String ?? "")
        }
        #expect(ids == Set((1...256).map { "block-\($0)" }))
    }

    @Test func clientGoneMidRequestCostsNothingElse() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let other = try RawConnection(path: server.path)
        let connection = try RawConnection(path: server.path)
        connection.send(#"{"v":1,"id":"block-gone","op":"list"}"# + "\n")
        await waitUntil("the request in the handler") { server.handler.blockedCount == 1 }
        connection.close()
        await waitUntil("the connection closed") { server.server.counters.openConnections == 1 }
        server.handler.release()
        await waitUntil("the operation completed") { server.handler.handled.count == 1 }
        await waitUntil("the response discarded") { server.server.counters.abandonedResponses == 1 }
        other.send(#"{"v":1,"id":2,"op":"hello"}"# + "\n")
        #expect(json(await other.line())["id"] as? Int == 2)
    }

    @Test func manyClientsAtOnceGetOnlyTheirOwnAnswers() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = 16
        let requests = 40
        let vsi = String(decoding: try JSONEncoder().encode(testDescriptor()), as: UTF8.self)
        let failures = await withTaskGroup(of: [String].self) { group in
            for client in 0..<clients {
                group.addTask {
                    guard let connection = try? RawConnection(path: server.path) else {
                        return ["client \(client) cannot connect"]
                    }
                    let operations = ["hello", "list", "associate", "status", "deAssociate"]
                    for request in 0..<requests {
                        let op = operations[(client + request) % operations.count]
                        connection.send(
                            #"{"v":1,"id":"c\#(client)-\#(request)","op":"\#(op)","interface":"eth0","vsi":\#(vsi)}"#
                                + "\n"
                        )
                        if request % 7 == 0 {
                            await Task.yield()
                        }
                    }
                    var seen: Set<String> = []
                    for _ in 0..<requests {
                        let line = json(await connection.line())
                        guard line["ok"] as? Bool == true, let id = line["id"] as? String else {
                            return ["client \(client): \(line)"]
                        }
                        seen.insert(id)
                    }
                    let expected = Set((0..<requests).map { "c\(client)-\($0)" })
                    return seen == expected ? [] : ["client \(client) got \(seen.subtracting(expected))"]
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(server.server.counters.requests == UInt64(clients * requests))
    }

    @Test func slowWatcherLosesTheOldestEventsAndIsTold() async throws {
        var limits = ControlServerLimits()
        limits.eventBufferLimit = 256
        let server = try TestServer(limits: limits)
        defer { server.stop() }
        let watcher = try RawConnection(path: server.path)
        watcher.send(#"{"v":1,"id":"w","op":"watch"}"# + "\n")
        #expect(json(await watcher.line())["id"] as? String == "w")
        await waitUntil("the subscription") { server.handler.subscriberCount == 1 }
        let total = 20_000
        for index in 0..<total {
            server.handler.emit(.link(interface: "e\(index)", change: .up))
        }
        await waitUntil("every event taken") { server.server.eventsReceived == UInt64(total) }
        var received: [Int] = []
        var dropped = 0
        var droppedLines = 0
        while received.count + dropped < total {
            guard let line = await watcher.line() else {
                Issue.record("the stream ended after \(received.count) events and \(dropped) dropped")
                break
            }
            let object = json(line)
            if let count = object["dropped"] as? Int {
                dropped += count
                droppedLines += 1
            } else if let event = object["event"] as? [String: Any], let link = event["link"] as? [String: Any],
                let name = link["interface"] as? String, let index = Int(name.dropFirst())
            {
                received.append(index)
            } else {
                Issue.record("unexpected line \(line)")
            }
        }
        #expect(dropped > 0)
        #expect(droppedLines >= 1)
        #expect(UInt64(dropped) == server.server.counters.eventsDropped)
        #expect(received == received.sorted())
        #expect(received.last == total - 1)
        #expect(received.count + dropped == total)
    }

    @Test func staleSocketIsReplacedLiveOneAndOtherFilesAreNot() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control.sock"
        // A socket file nothing listens on, as a crashed daemon leaves it.
        guard case .success(let stale) = ControlSocket.stream(nonBlocking: false) else {
            Issue.record("socket")
            return
        }
        #expect(ControlSocket.withAddress(path, { bind(stale, $0, $1) }) == 0)
        _ = Glibc.close(stale)
        let first = ControlServer(configuration: ControlServerConfiguration(path: path), handler: FakeControlHandler())
        try first.start()
        defer { first.stop() }
        let second = ControlServer(configuration: ControlServerConfiguration(path: path), handler: FakeControlHandler())
        #expect(throws: ControlServerError.self) { try second.start() }
        do {
            try second.start()
        } catch {
            #expect(error.code == .inUse)
        }
        let client = try ControlClient.connect(path: path)
        defer { client.close() }
        #expect(try await client.request(.hello).outcome == .success(.hello(ControlHello(pid: 4242, version: "test"))))
        let file = directory + "/plain"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let third = ControlServer(configuration: ControlServerConfiguration(path: file), handler: FakeControlHandler())
        do {
            try third.start()
            Issue.record("started over a plain file")
        } catch {
            #expect(error.code == .notASocket)
        }
        #expect(FileManager.default.contents(atPath: file) == Data("x".utf8))
    }

    @Test func groupOwnershipWithModeSixSixty() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/control.sock"
        let group = getgid() == 0 ? UInt32(1) : UInt32(getgid())
        let server = ControlServer(
            configuration: ControlServerConfiguration(path: path, mode: 0o660, group: group),
            handler: FakeControlHandler()
        )
        try server.start()
        defer { server.stop() }
        var status = stat()
        #expect(lstat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660)
        #expect(status.st_gid == group)
    }

    @Test func stopClosesConnectionsAndPendingRequestsFail() async throws {
        let server = try TestServer()
        let client = try ControlClient.connect(path: server.path)
        defer { client.close() }
        async let pending = client.send(ControlRequest(id: .string("block-stop"), operation: .hello))
        await waitUntil("the request in the handler") { server.handler.blockedCount == 1 }
        server.stop()
        do {
            let response = try await pending
            Issue.record("answered after stop: \(response)")
        } catch {
            #expect((error as? ControlClientError)?.code == .closed)
        }
        server.handler.release()
        #expect(throws: ControlClientError.self) { try ControlClient.connect(path: server.path) }
    }
}
