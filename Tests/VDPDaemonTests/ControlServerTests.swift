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
}
