#if os(Linux)
    import Glibc
    import Synchronization
    import Testing
    import VDPDaemon
    import VDPNetlink
    import VDPProtocol
    import VDPWire

    @testable import VDPLldpad

    /// The netlink front door on real netlink sockets of this process, in front of a fake daemon: what libvirt sees
    /// (acknowledgements, status answers in progress and done, errors, the notification), and what the daemon is
    /// asked. libvirt's messages are built octet by octet (``LibvirtMessages``).
    @Suite("libvirt's netlink front door", .serialized)
    struct LibvirtNetlinkFrontDoorTests {
        /// A daemon that serves the interface `lo` only, records each lifecycle request and answers it when the test
        /// says so.
        actor FakeDaemon: ControlHandler {
            var requests: [ControlLifecycleRequest] = []
            private var waiting: [VSIID: CheckedContinuation<ControlResponse, Never>] = [:]
            nonisolated let stream: AsyncStream<ControlEvent>
            nonisolated let continuation: AsyncStream<ControlEvent>.Continuation

            init() {
                (stream, continuation) = AsyncStream.makeStream(of: ControlEvent.self)
            }

            func handle(_ request: ControlRequest) async -> ControlResponse {
                switch request.operation {
                case .status(let interface):
                    return interface == "lo"
                        ? .success(request.id, .watching) : .failure(request.id, .unknownInterface, "unknown")
                case .lifecycle(let lifecycle):
                    requests.append(lifecycle)
                    return await withCheckedContinuation { waiting[lifecycle.vsi.vsiID] = $0 }
                default:
                    return .failure(request.id, .badRequest, "unused")
                }
            }

            func events() async -> AsyncStream<ControlEvent> {
                stream
            }

            /// Answers the request waiting for `vsiID`; false when none waits.
            func answer(_ vsiID: VSIID, _ outcome: Result<ControlResult, ControlError>) -> Bool {
                guard let continuation = waiting.removeValue(forKey: vsiID) else {
                    return false
                }
                continuation.resume(returning: ControlResponse(id: nil, outcome: outcome))
                return true
            }
        }

        static let mac: [UInt8] = [0x52, 0x54, 0x00, 0xab, 0xcd, 0x01]

        static func port(_ last: UInt8) -> LibvirtMessages.VirtualPort {
            LibvirtMessages.VirtualPort(
                managerID: 1,
                typeID: 300,
                typeIDVersion: 1,
                instanceID: [0xa1, 0xb2, 0xc3, 0xd4, 0, 1, 0x40, 0, 0x80, 0, 0, 0x16, 0x3e, 0, 0, last],
                mac: mac,
                vlan: 0
            )
        }

        static func vsiID(_ port: LibvirtMessages.VirtualPort) -> VSIID {
            .uuid(VSIUUID(octets: Octets16(octets: port.instanceID) ?? .zero))
        }

        /// A client socket (the kernel picks its port) that sends to `door` and reads answers as libvirt does.
        final class Client: Sendable {
            let socket: NetlinkSocket
            let door: UInt32
            let sequence = Atomic<UInt32>(1)

            init(door: UInt32) throws {
                socket = try NetlinkSocket()
                self.door = door
            }

            func next() -> UInt32 { sequence.add(1, ordering: .relaxed).newValue }

            /// Sends `bytes` and returns the first answer (notifications are set aside).
            func exchange(_ bytes: [UInt8]) async throws -> LibvirtMessages.Answer? {
                try socket.send(bytes, to: door)
                return try await receive { answer in
                    if case .notification = answer { return false }
                    return true
                }
            }

            /// The first answer `wanted` takes within `timeout`. The socket is polled without blocking, so that the
            /// front door's tasks run on the test's threads meanwhile.
            func receive(
                timeout: Duration = .seconds(20),
                _ wanted: (LibvirtMessages.Answer) -> Bool
            ) async throws -> LibvirtMessages.Answer? {
                let deadline = ContinuousClock.now + timeout
                while ContinuousClock.now < deadline {
                    while let datagram = try socket.receive() {
                        if let answer = LibvirtMessages.read(datagram.bytes), wanted(answer) {
                            return answer
                        }
                    }
                    try await Task.sleep(for: .milliseconds(2))
                }
                return nil
            }

            func status() async throws -> [[UInt8]: UInt16?]? {
                let query = LibvirtMessages.getLink(index: 1, sequence: next(), portID: socket.portID)
                guard case .status(let entries) = try await exchange(query) else {
                    return nil
                }
                return entries
            }

            func setLink(_ port: LibvirtMessages.VirtualPort, _ request: LibvirtMessages.Request) async throws
                -> LibvirtMessages.Answer?
            {
                try await exchange(
                    LibvirtMessages.setLink(
                        port,
                        request: request,
                        interface: "lo",
                        index: 1,
                        sequence: next(),
                        portID: socket.portID
                    )
                )
            }
        }

        static func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
            for _ in 0..<500 {
                if try await condition() {
                    return true
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return false
        }

        @Test("associate, poll, de-associate, refusals and the notification, as libvirt sees them")
        func lifecycle() async throws {
            let portID = UInt32.random(in: 0x4000_0000...0x5000_0000)
            let door = LibvirtNetlinkFrontDoor(portID: portID, tableCapacity: 8)
            let daemon = FakeDaemon()
            try await door.start(handler: daemon) { _ in }
            defer { Task { await door.stop() } }
            let client = try Client(door: portID)
            let a = Self.port(1)

            // Associate: acknowledged at once, in progress until the daemon answers.
            #expect(try await client.setLink(a, .associate) == .error(0))
            let inProgress: [[UInt8]: UInt16?] = [a.instanceID: UInt16?.none]
            let first = try await client.status()
            #expect(first == inProgress, "\(String(describing: first))")
            let asked = await Self.eventually { await daemon.requests.count == 1 }
            #expect(asked)
            let request = await daemon.requests.first
            #expect(request?.interface == "lo")
            #expect(request?.action == .associate)
            #expect(request?.vsi.vsiID == Self.vsiID(a))
            #expect(request?.vsi.filterInfo == .macVID(MACAddress(octets: Self.mac)!, .null))
            #expect(await daemon.answer(Self.vsiID(a), .success(.lifecycle(nil))))
            let done = try await Self.eventually { try await client.status() == [a.instanceID: 0] }
            #expect(done, "the status answer carries success once the daemon confirmed")

            // The bridge ends A: libvirt's port is told, from the daemon's pid, with A's MAC and a De-Associate.
            daemon.continuation.yield(.station(interface: "lo", event: .vsi(.bridgeDeAssociated(Self.vsiID(a)))))
            let notification = try await client.receive { if case .notification = $0 { true } else { false } }
            #expect(
                notification
                    == .notification(pid: UInt32(getpid()), mac: Self.mac, request: 3, uuid: a.instanceID)
            )
            // Not for another interface's VSI of the same ID.
            daemon.continuation.yield(.station(interface: "eth9", event: .vsi(.bridgeDeAssociated(Self.vsiID(a)))))
            #expect(try await client.receive(timeout: .milliseconds(300)) { _ in true } == nil)

            // The bridge rejects B: its response is the status lldpad keeps (error code with the hard-error bit).
            let b = Self.port(2)
            #expect(try await client.setLink(b, .preAssociate) == .error(0))
            #expect(await Self.eventually { await daemon.requests.count == 2 })
            #expect(await daemon.requests.last?.action == .preAssociate(reserveResources: false))
            let rejection = ControlError(
                code: .rejected,
                message: "rejected",
                status: .response(.insufficientResources, hardError: true)
            )
            #expect(await daemon.answer(Self.vsiID(b), .failure(rejection)))
            let rejected = try await Self.eventually { try await client.status()?[b.instanceID] == UInt16?.some(0x12) }
            #expect(rejected)

            // De-associate A: success is reported once, then A is forgotten.
            #expect(try await client.setLink(a, .deAssociate) == .error(0))
            #expect(await Self.eventually { await daemon.requests.count == 3 })
            #expect(await daemon.requests.last?.action == .deAssociate)
            #expect(await daemon.answer(Self.vsiID(a), .success(.lifecycle(nil))))
            let reported = try await Self.eventually { try await client.status()?[a.instanceID] == UInt16?.some(0) }
            #expect(reported)
            #expect(try await client.status()?[a.instanceID] == nil, "a finished De-Associate is reported once")

            // Refusals: an interface the daemon does not serve (ENODEV), a malformed request (EINVAL).
            let elsewhere = LibvirtMessages.setLink(
                a,
                request: .associate,
                interface: "nope0",
                index: 0,
                sequence: 9,
                portID: client.socket.portID
            )
            #expect(try await client.exchange(elsewhere) == .error(-19))
            var malformed = LibvirtMessages.setLink(
                a,
                request: .associate,
                interface: "lo",
                index: 1,
                sequence: 9,
                portID: client.socket.portID
            )
            malformed[32] = 0xFF
            #expect(try await client.exchange(malformed) == .error(-22))
            #expect(door.counters.requestsRefused == 2)
            #expect(door.counters.requestsAccepted == 3)
            #expect(door.counters.notificationsSent == 1)
        }

        @Test("a full table refuses a new VSI with ENOMEM, a VSI in progress another request with EBUSY")
        func bounded() async throws {
            let portID = UInt32.random(in: 0x5000_0001...0x6000_0000)
            let door = LibvirtNetlinkFrontDoor(portID: portID, tableCapacity: 2)
            let daemon = FakeDaemon()
            try await door.start(handler: daemon) { _ in }
            defer { Task { await door.stop() } }
            let client = try Client(door: portID)
            #expect(try await client.setLink(Self.port(1), .associate) == .error(0))
            #expect(try await client.setLink(Self.port(2), .associate) == .error(0))
            #expect(try await client.setLink(Self.port(3), .associate) == .error(-12))
            // A VSI whose request is still in progress refuses another (lldpad's EBUSY); the VSIs held are still
            // answered.
            #expect(try await client.setLink(Self.port(1), .associate) == .error(-16))
            #expect(try await client.status()?.count == 2)
        }

        @Test("maps the daemon's answers onto lldpad's response values")
        func responses() {
            #expect(LldpadPortResponse(.success(nil, .lifecycle(nil))) == .success)
            let rejected = ControlError(code: .rejected, message: "", status: .response(.invalidFormat, keep: true))
            #expect(LldpadPortResponse(.failure(nil, rejected))?.rawValue == 0x21)
            #expect(LldpadPortResponse(.failure(nil, .timedOut, "")) == nil)
            #expect(LldpadPortResponse(.failure(nil, .portDown, "")) == nil)
            #expect(LldpadPortResponse(.failure(nil, .refused, "")) == .otherFailure)
        }
    }
#endif
