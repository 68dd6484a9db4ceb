#if os(Linux)
    import Glibc
    import Synchronization
    import VDPDaemon
    import VDPNetlink
    import VDPProtocol
    import VDPSystem
    import VDPWire

    /// libvirt's way into lldpad: port-profile requests (`RTM_SETLINK`) and status queries (`RTM_GETLINK`) sent to
    /// the netlink port that carries lldpad's pid, translated into the daemon's lifecycle operations.
    ///
    /// The socket is bound to this process's pid (the port libvirt addresses, after reading lldpad's pid file)
    /// when the front door is claimed, before the daemon opens its other netlink sockets, which would otherwise
    /// take that port ID. One thread reads the socket; each datagram's first message is handled in order: a request is
    /// acknowledged at once (`NLMSG_ERROR` 0, or lldpad's `errno`), recorded as in progress, and carried out by the
    /// daemon in the background; a status query is answered from the recorded responses. When the bridge
    /// de-associates a VSI that a netlink client wants, the client's port (the request's `nlmsg_pid`) is told with
    /// lldpad's `RTM_SETLINK` notification. Bounded: ``queueLimit`` datagrams waiting, ``LibvirtVSITable`` VSIs.
    public final class LibvirtNetlinkFrontDoor: DaemonFrontDoor {
        /// The most datagrams waiting for the daemon: 256; more are dropped (libvirt asks again).
        public static let queueLimit = 256
        /// The size of the buffer a datagram is read into: 8 KiB (lldpad reads 4 KiB).
        public static let datagramSize = 8_192

        private struct State: ~Copyable {
            var table: LibvirtVSITable
            var counters = LibvirtNetlinkCounters()
            var thread: POSIXThread?
            var tasks: [Task<Void, Never>] = []
            var stopping = false
            var socket: NetlinkSocket?
        }

        private let portID: UInt32
        private let state: Mutex<State>

        /// The most VSIs remembered for status queries and notifications by default: 4,096 (about 1 MiB).
        public static let defaultTableCapacity = 4_096

        /// A front door on the netlink port of this process's pid, remembering at most `tableCapacity` VSIs.
        public convenience init(tableCapacity: Int = LibvirtNetlinkFrontDoor.defaultTableCapacity) {
            self.init(portID: UInt32(getpid()), tableCapacity: tableCapacity)
        }

        /// A front door on netlink port `portID` (tests use another port than the pid, which their process's other
        /// netlink sockets may hold).
        init(portID: UInt32, tableCapacity: Int) {
            self.portID = portID
            state = Mutex(State(table: LibvirtVSITable(capacity: tableCapacity)))
        }

        /// `libvirt netlink port PORT`.
        public var name: String {
            "libvirt netlink port \(portID)"
        }

        /// Binds the socket to the port; throws when the port is taken or no socket can be opened.
        public func claim(log: @escaping @Sendable (String) -> Void) async throws(DaemonFrontDoorError) {
            _ = try openedSocket()
        }

        /// The bound socket, opened on first use.
        private func openedSocket() throws(DaemonFrontDoorError) -> NetlinkSocket {
            let opened: Result<NetlinkSocket, NetlinkError> = state.withLock { state in
                if let socket = state.socket {
                    return .success(socket)
                }
                do throws(NetlinkError) {
                    let socket = try NetlinkSocket(
                        portID: portID,
                        datagramSize: Self.datagramSize,
                        receiveQueueSize: 4 * Self.datagramSize * 32
                    )
                    state.socket = socket
                    return .success(socket)
                } catch {
                    return .failure(error)
                }
            }
            switch opened {
            case .success(let socket): return socket
            case .failure(let error): throw DaemonFrontDoorError("cannot bind the netlink port \(portID): \(error)")
            }
        }

        /// What the front door has done so far.
        var counters: LibvirtNetlinkCounters {
            state.withLock { $0.counters }
        }

        /// Starts reading the socket and following the daemon's events.
        public func start(
            handler: any ControlHandler,
            log: @escaping @Sendable (String) -> Void
        ) async throws(DaemonFrontDoorError) {
            let socket = try openedSocket()
            let (datagrams, continuation) = AsyncStream.makeStream(
                of: NetlinkDatagram.self,
                bufferingPolicy: .bufferingOldest(Self.queueLimit)
            )
            let events = await handler.events()
            let worker = Task {
                for await datagram in datagrams {
                    await self.handle(datagram, socket: socket, handler: handler, log: log)
                }
            }
            let watcher = Task {
                for await event in events {
                    self.notify(event, socket: socket, log: log)
                }
            }
            let thread: POSIXThread
            do throws(POSIXThreadStartError) {
                thread = try POSIXThread { [self] in
                    self.receiveLoop(socket, continuation)
                }
            } catch {
                worker.cancel()
                watcher.cancel()
                continuation.finish()
                throw DaemonFrontDoorError("cannot start the netlink thread (errno \(error.errno))")
            }
            state.withLock {
                $0.thread = thread
                $0.tasks = [worker, watcher]
            }
        }

        /// Stops reading, closes the socket; requests already handed to the daemon go on there.
        public func stop() async {
            let (thread, tasks, socket) = state.withLock { state in
                state.stopping = true
                let taken = (state.thread, state.tasks, state.socket)
                state.thread = nil
                state.tasks = []
                state.socket = nil
                return taken
            }
            thread?.join()
            for task in tasks {
                task.cancel()
            }
            socket?.close()
        }

        private func receiveLoop(_ socket: NetlinkSocket, _ continuation: AsyncStream<NetlinkDatagram>.Continuation) {
            defer { continuation.finish() }
            while !state.withLock({ $0.stopping }) {
                do throws(NetlinkError) {
                    guard try socket.waitForInput(timeout: .milliseconds(200)) else {
                        continue
                    }
                    while let datagram = try socket.receive() {
                        if case .dropped = continuation.yield(datagram) {
                            state.withLock { $0.counters.datagramsDropped += 1 }
                        }
                    }
                } catch {
                    if error.code == .closed {
                        return
                    }
                    // An overrun or a truncated datagram: the senders ask again.
                    state.withLock { $0.counters.datagramsDropped += 1 }
                }
            }
        }

        private func handle(
            _ datagram: NetlinkDatagram,
            socket: NetlinkSocket,
            handler: any ControlHandler,
            log: @escaping @Sendable (String) -> Void
        ) async {
            guard let message = LldpadNetlinkParser.firstMessage(in: datagram.bytes) else {
                state.withLock { $0.counters.datagramsDropped += 1 }
                return
            }
            let reply: [UInt8]
            do throws(LldpadNetlinkError) {
                switch try LldpadNetlinkParser.parse(message) {
                case .setLink(let request):
                    try await accept(request, handler: handler, log: log)
                    reply = LldpadNetlinkReplies.acknowledgement(of: message.header, errno: 0)
                case .getLink(let query):
                    let interface = try await knownInterface(query.interfaceName, query.interfaceIndex, handler)
                    let limit =
                        (LldpadNetlinkReplies.maximumStatusSize - 64) / LldpadNetlinkReplies.statusEntrySize
                    let entries = state.withLock {
                        $0.counters.statusAnswers += 1
                        return $0.table.report(interface: interface, limit: limit)
                    }
                    reply = LldpadNetlinkReplies.status(query, entries: entries)
                }
            } catch {
                state.withLock { $0.counters.requestsRefused += 1 }
                log("refused \(message.header.type) from port \(datagram.senderPortID): \(error)")
                reply = LldpadNetlinkReplies.acknowledgement(of: message.header, errno: error.errno)
            }
            // lldpad answers the address the message came from.
            send(reply, to: datagram.senderPortID, socket: socket)
        }

        /// Records `request` and hands it to the daemon; throws what lldpad would answer instead.
        private func accept(
            _ request: LibvirtPortRequest,
            handler: any ControlHandler,
            log: @escaping @Sendable (String) -> Void
        ) async throws(LldpadNetlinkError) {
            let interface = try await knownInterface(request.interfaceName, request.interfaceIndex, handler)
            let recording = state.withLock { state in
                let recording = state.table.record(request, interface: interface)
                if case .recorded = recording {
                    state.counters.requestsAccepted += 1
                }
                return recording
            }
            let generation: UInt64
            switch recording {
            case .recorded(let recorded): generation = recorded
            case .busy:
                throw LldpadNetlinkError(
                    errno: LldpadNetlinkError.busy,
                    "\(request.vsi.vsiID) has a request in progress"
                )
            case .full:
                throw LldpadNetlinkError(errno: LldpadNetlinkError.outOfMemory, "no room for another VSI")
            }
            let key = LibvirtVSITable.Key(interface: interface, vsiID: request.vsi.vsiID)
            let operation = ControlRequest(
                id: .string("netlink-\(generation)"),
                operation: .lifecycle(
                    ControlLifecycleRequest(interface: interface, vsi: request.vsi, action: Self.action(for: request))
                )
            )
            log(
                "\(request.kind) \(request.vsi.vsiID) on \(interface) (\(request.format), port \(request.requesterPortID))"
            )
            Task {
                let response = await handler.handle(operation)
                self.state.withLock {
                    $0.table.complete(key, generation: generation, response: LldpadPortResponse(response))
                }
            }
        }

        /// The daemon's operation for a request: Pre-Associate (with reservation), Associate, De-Associate; a
        /// format 2 request's M-bit makes it an immigration, its S-bit on an Associate an emigration.
        static func action(for request: LibvirtPortRequest) -> ControlLifecycleAction {
            switch request.kind {
            case .preAssociate:
                request.hints.migrating ? .immigrate(associate: false) : .preAssociate(reserveResources: false)
            case .preAssociateWithReservation:
                .preAssociate(reserveResources: true)
            case .associate:
                request.hints.migrating
                    ? .immigrate(associate: true) : request.hints.suspended ? .emigrate : .associate
            case .deAssociate:
                .deAssociate
            }
        }

        /// The interface a message names (its `IFLA_IFNAME`, else its index's name), if the daemon serves it.
        private func knownInterface(
            _ name: String?,
            _ index: Int32,
            _ handler: any ControlHandler
        ) async throws(LldpadNetlinkError) -> String {
            guard let interface = name ?? Self.interfaceName(index: index) else {
                throw LldpadNetlinkError(errno: LldpadNetlinkError.noSuchDeviceOrAddress, "no interface \(index)")
            }
            let status = await handler.handle(
                ControlRequest(id: .string("netlink-status"), operation: .status(interface: interface))
            )
            if case .failure(let error) = status.outcome, error.code == .unknownInterface {
                throw LldpadNetlinkError(errno: LldpadNetlinkError.noDevice, "no VDP on \(interface)")
            }
            return interface
        }

        private static func interfaceName(index: Int32) -> String? {
            guard index > 0 else {
                return nil
            }
            var buffer = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
            guard if_indextoname(UInt32(index), &buffer) != nil else {
                return nil
            }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// Tells the requester of a VSI the bridge de-associated.
        private func notify(_ event: ControlEvent, socket: NetlinkSocket, log: @escaping @Sendable (String) -> Void) {
            guard case .station(let interface, .vsi(.bridgeDeAssociated(let vsiID))) = event,
                let request = state.withLock({ $0.table.notificationTarget(interface: interface, vsiID: vsiID) })
            else {
                return
            }
            let message = LldpadNetlinkReplies.notification(request, interface: interface, daemonPID: UInt32(getpid()))
            if send(message, to: request.requesterPortID, socket: socket) {
                state.withLock { $0.counters.notificationsSent += 1 }
                log("told port \(request.requesterPortID) that the bridge de-associated \(vsiID) on \(interface)")
            }
        }

        @discardableResult
        private func send(_ bytes: [UInt8], to port: UInt32, socket: NetlinkSocket) -> Bool {
            do throws(NetlinkError) {
                try socket.send(bytes, to: port)
                return true
            } catch {
                state.withLock { $0.counters.sendFailures += 1 }
                return false
            }
        }
    }
#endif
