import Foundation
import Glibc
import Synchronization
import Testing
import VDPProtocol
import VDPWire

@testable import VDPDaemon

/// A VSI descriptor for tests, with VSIID `uuid` ending in `number`.
func testDescriptor(_ number: Int = 1, typeID: UInt32 = 1) -> VSIDescriptor {
    let uuid =
        VSIUUID(String(format: "a1b2c3d4-0001-4000-8000-%012d", number)) ?? VSIUUID(octets: Octets16(high: 1, low: 1))
    return VSIDescriptor(
        managerID: VSIManagerID(singleOctet: 1),
        typeID: VSITypeID(truncating: typeID),
        typeVersion: 1,
        vsiID: .uuid(uuid),
        filterInfo: (try? FilterInfo.vid([FilterVID(rawValue: 100)]))
            ?? .groupVID(GroupID(rawValue: 1), FilterVID(rawValue: 100))
    )
}

/// A ``ControlHandler`` that answers from a script: every operation succeeds on interface `eth0`, an unknown
/// interface is refused, type ID 666 is rejected by the "bridge". Requests whose id is a string starting with
/// `block` wait until ``release()``.
final class FakeControlHandler: ControlHandler {
    private struct State {
        var blocked: [CheckedContinuation<Void, Never>] = []
        var handled: [ControlRequest] = []
        var subscribers: [AsyncStream<ControlEvent>.Continuation] = []
    }

    private let state = Mutex(State())

    /// Requests handled to the end, in the order they ended.
    var handled: [ControlRequest] { state.withLock { $0.handled } }

    /// Requests waiting for ``release()``.
    var blockedCount: Int { state.withLock { $0.blocked.count } }

    /// Streams handed out by ``events()``.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Lets every blocked request go on.
    func release() {
        let blocked = state.withLock { state in
            let blocked = state.blocked
            state.blocked = []
            return blocked
        }
        for continuation in blocked {
            continuation.resume()
        }
    }

    /// Sends `event` to every subscriber.
    func emit(_ event: ControlEvent) {
        for subscriber in state.withLock({ $0.subscribers }) {
            subscriber.yield(event)
        }
    }

    /// Ends every subscriber's stream.
    func finishEvents() {
        for subscriber in state.withLock({ $0.subscribers }) {
            subscriber.finish()
        }
    }

    func handle(_ request: ControlRequest) async -> ControlResponse {
        if case .string(let text) = request.id, text.hasPrefix("block") {
            await withCheckedContinuation { continuation in
                state.withLock { $0.blocked.append(continuation) }
            }
        }
        defer { state.withLock { $0.handled.append(request) } }
        return Self.answer(request)
    }

    static let entry = WantedVSIStatus(
        interface: "eth0",
        descriptor: testDescriptor(),
        wanted: .associate,
        confirmed: StationVSIState(type: .associate, hints: .none, filterInfo: testDescriptor().filterInfo),
        lastOutcome: .succeeded(
            state: StationVSIState(type: .associate, hints: .none, filterInfo: testDescriptor().filterInfo)
        ),
        inFlight: false
    )

    static func answer(_ request: ControlRequest) -> ControlResponse {
        let id = request.id
        switch request.operation {
        case .hello:
            return .success(id, .hello(ControlHello(pid: 4242, version: "test")))
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
            return .success(id, .status(ControlStatus(interfaces: [interface])))
        case .list:
            return .success(id, .list([entry]))
        case .get(let interface, let vsiID):
            guard interface == "eth0" else {
                return .failure(id, .unknownInterface, "no interface \(interface)")
            }
            guard vsiID == entry.vsiID else {
                return .failure(id, .unknownVSI, "no such VSI")
            }
            return .success(id, .vsi(entry))
        case .lifecycle(let lifecycle):
            guard lifecycle.interface == "eth0" else {
                return .failure(id, .unknownInterface, "no interface \(lifecycle.interface)")
            }
            if lifecycle.vsi.typeID.rawValue == 666 {
                return .failure(
                    id,
                    ControlError(
                        .failed(.rejected(VDPErrorCode(rawValue: 2) ?? .success, hardError: false, keep: true))
                    )
                )
            }
            let state: StationVSIState?
            switch lifecycle.action {
            case .preAssociate(let reserve):
                state = StationVSIState(
                    type: reserve ? .preAssociateWithResourceReservation : .preAssociate,
                    hints: .none,
                    filterInfo: lifecycle.vsi.filterInfo
                )
            case .associate, .resume:
                state = StationVSIState(type: .associate, hints: .none, filterInfo: lifecycle.vsi.filterInfo)
            case .suspend, .emigrate:
                state = StationVSIState(
                    type: .associate,
                    hints: VSIHints(suspended: true),
                    filterInfo: lifecycle.vsi.filterInfo
                )
            case .immigrate(let associate):
                state = StationVSIState(
                    type: associate ? .associate : .preAssociate,
                    hints: VSIHints(migrating: true),
                    filterInfo: lifecycle.vsi.filterInfo
                )
            case .deAssociate:
                state = nil
            }
            return .success(id, .lifecycle(state))
        case .watch:
            return .failure(id, .internal, "the server answers watch")
        }
    }

    func events() async -> AsyncStream<ControlEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ControlEvent.self)
        state.withLock { $0.subscribers.append(continuation) }
        return stream
    }
}

/// A server on a socket in a fresh temporary directory, stopped and removed by ``stop()``.
struct TestServer {
    let directory: String
    let path: String
    let server: ControlServer
    let handler: FakeControlHandler

    init(limits: ControlServerLimits = ControlServerLimits(), mode: UInt32 = 0o600) throws {
        directory = try makeTemporaryDirectory()
        path = directory + "/control.sock"
        handler = FakeControlHandler()
        server = ControlServer(
            configuration: ControlServerConfiguration(path: path, mode: mode, limits: limits),
            handler: handler
        )
        try server.start()
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A new empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.path + "/vdp-control-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Waits until `condition` holds, checking every 5 ms; fails the test after `seconds`.
func waitUntil(
    _ what: String,
    seconds: Double = 20,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () -> Bool
) async {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else {
            Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
            return
        }
        try? await Task.sleep(for: .milliseconds(5))
    }
}

/// A bare connection to a server's socket that writes bytes and reads lines without blocking a concurrency
/// thread (it polls, sleeping a millisecond when nothing is there).
final class RawConnection {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var ended = false

    init(path: String) throws {
        guard case .success(let descriptor) = ControlSocket.connect(to: path) else {
            throw RawConnectionError.cannotConnect
        }
        self.descriptor = descriptor
    }

    deinit {
        close()
    }

    func close() {
        if !closed {
            closed = true
            _ = Glibc.close(descriptor)
        }
    }

    private var closed = false

    func send(_ text: String) {
        #expect(ControlSocket.sendAll(descriptor, Array(text.utf8)))
    }

    func send(_ bytes: [UInt8]) {
        #expect(ControlSocket.sendAll(descriptor, bytes))
    }

    /// Reads available bytes; `true` when something came or the stream ended.
    private func fill() -> Bool {
        switch ControlSocket.receive(descriptor, into: &buffer, atMost: 65_536) {
        case .success(nil): return false
        case .success(0), .failure:
            ended = true
            return true
        case .success: return true
        }
    }

    /// The next line (without `\n`), or `nil` at the end of the stream or after `seconds`.
    func line(seconds: Double = 20) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended || Date() > deadline {
                return nil
            }
            if !fill() {
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// Whether the server closed the connection (end of stream within `seconds`, with no more lines).
    func endsWithoutMoreLines(seconds: Double = 20) async -> Bool {
        await line(seconds: seconds) == nil && ended
    }
}

enum RawConnectionError: Error {
    case cannotConnect
}

/// A line parsed as JSON.
func json(_ line: String?) -> [String: Any] {
    guard let data = line?.data(using: .utf8),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
        return [:]
    }
    return object
}

/// The error code of a response line.
func errorCode(_ line: String?) -> String? {
    (json(line)["error"] as? [String: Any])?["code"] as? String
}
