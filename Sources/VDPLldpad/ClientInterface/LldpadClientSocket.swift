#if os(Linux)
    import Glibc
    import Synchronization
    import VDPDaemon
    import VDPSystem

    /// lldpad's client socket, served by a daemon that stands in for lldpad: the abstract Unix datagram socket
    /// `/com/intel/lldpad` that vdptool and lldptool talk to (one per network namespace).
    ///
    /// One thread receives the datagrams (with the sender's credentials, as lldpad asks for them) and hands each
    /// to a ``LldpadClientService``, which answers through this socket without blocking. ``claim(log:)`` (or else
    /// ``start(handler:log:)``) fails when another process (lldpad) has the name.
    public final class LldpadClientSocket: DaemonFrontDoor {
        /// The abstract name (without its leading zero octet).
        public let socketName: String
        /// The bounds.
        public let limits: LldpadClientLimits
        private let state = Mutex(State())

        /// lldpad's name, `/com/intel/lldpad`.
        public static let lldpadName = "/com/intel/lldpad"
        /// `SCM_CREDENTIALS`, which Glibc's module does not export.
        private static let scmCredentials: Int32 = 2
        /// The most datagrams being answered at once; more are dropped unanswered: 256.
        public static let maximumPending = 256

        private struct State: ~Copyable {
            var descriptor: Int32 = -1
            var stopping = false
            var thread: POSIXThread?
            var service: LldpadClientService?
            var watcher: Task<Void, Never>?
            var pending = 0
            var dropped: UInt64 = 0
        }

        /// A front door on the abstract name `socketName`.
        public init(
            socketName: String = LldpadClientSocket.lldpadName,
            limits: LldpadClientLimits = LldpadClientLimits()
        ) {
            self.socketName = socketName
            self.limits = limits
        }

        /// `lldpad client socket @/com/intel/lldpad`.
        public var name: String { "lldpad client socket @\(socketName)" }

        /// The service's counters, once started.
        public var counters: LldpadClientCounters? {
            get async {
                await state.withLock { $0.service }?.counters
            }
        }

        /// Binds the abstract name, so that a daemon whose name is taken (lldpad runs) refuses to start before it
        /// touches an interface.
        public func claim(log: @escaping @Sendable (String) -> Void) async throws(DaemonFrontDoorError) {
            guard state.withLock({ $0.descriptor }) < 0 else {
                return
            }
            let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else {
                throw DaemonFrontDoorError("\(name): socket: \(Self.systemError())")
            }
            var on: Int32 = 1
            _ = setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
            let bound = Self.withAddress([0] + Array(socketName.utf8)) { bind(descriptor, $0, $1) } ?? -1
            guard bound == 0 else {
                let reason = errno == EADDRINUSE ? "another process (lldpad?) serves it" : Self.systemError()
                close(descriptor)
                throw DaemonFrontDoorError("\(name): \(reason)")
            }
            state.withLock { $0.descriptor = descriptor }
        }

        /// Starts serving (binding the name first when ``claim(log:)`` has not).
        public func start(handler: any ControlHandler, log: @escaping @Sendable (String) -> Void)
            async throws(DaemonFrontDoorError)
        {
            try await claim(log: log)
            let descriptor = state.withLock { $0.descriptor }
            let service = LldpadClientService(handler: handler, limits: limits, processID: getpid()) {
                datagram,
                client in
                Self.send(datagram, to: client, on: descriptor)
            }
            // The daemon's events (a bounded stream: the oldest are dropped past StationService.eventBufferLimit),
            // for the VSIs the daemon ends on its own.
            let events = await handler.events()
            let watcher = Task {
                for await event in events {
                    await service.observe(event)
                }
            }
            state.withLock {
                $0.service = service
                $0.watcher = watcher
            }
            do throws(POSIXThreadStartError) {
                let thread = try POSIXThread { [self] in self.serve(descriptor, service) }
                state.withLock { $0.thread = thread }
            } catch {
                watcher.cancel()
                state.withLock { $0.descriptor = -1 }
                close(descriptor)
                throw DaemonFrontDoorError("\(name): pthread_create failed (errno \(error.errno))")
            }
            log("\(name): serving vdptool")
        }

        /// Stops receiving and closes the socket.
        public func stop() async {
            let (thread, watcher) = state.withLock { state -> (POSIXThread?, Task<Void, Never>?) in
                state.stopping = true
                return (state.thread, state.watcher)
            }
            thread?.join()
            watcher?.cancel()
            let descriptor = state.withLock { state -> Int32 in
                let descriptor = state.descriptor
                state.descriptor = -1
                state.thread = nil
                return descriptor
            }
            if descriptor >= 0 {
                close(descriptor)
            }
        }

        // MARK: Receiving

        private func serve(_ descriptor: Int32, _ service: LldpadClientService) {
            var buffer = [UInt8](repeating: 0, count: limits.maximumMessageSize + 1)
            while !state.withLock({ $0.stopping }) {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 100)
                guard ready > 0 else {
                    continue
                }
                guard let (length, client, uid) = Self.receive(descriptor, into: &buffer) else {
                    continue
                }
                // A datagram longer than the buffer keeps its length, so that the service refuses it.
                let datagram =
                    length > limits.maximumMessageSize
                    ? [UInt8](repeating: 0, count: length) : Array(buffer.prefix(length))
                let admitted = state.withLock { state -> Bool in
                    guard state.pending < Self.maximumPending else {
                        state.dropped &+= 1
                        return false
                    }
                    state.pending += 1
                    return true
                }
                guard admitted else {
                    continue
                }
                Task {
                    await service.receive(datagram, from: client, senderUID: uid)
                    self.state.withLock { $0.pending -= 1 }
                }
            }
        }

        /// One datagram: its full length, its sender, and the sender's user ID when credentials came with it.
        private static func receive(_ descriptor: Int32, into buffer: inout [UInt8]) -> (
            Int, LldpadClientAddress, UInt32?
        )? {
            var address = sockaddr_un()
            var control = [UInt8](repeating: 0, count: 64)
            let capacity = buffer.count
            let result = buffer.withUnsafeMutableBytes { bytes -> (Int, socklen_t, Int) in
                control.withUnsafeMutableBytes { controlBytes in
                    withUnsafeMutablePointer(to: &address) { addressPointer in
                        var vector = iovec(iov_base: bytes.baseAddress, iov_len: capacity)
                        return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                            var message = msghdr()
                            message.msg_name = UnsafeMutableRawPointer(addressPointer)
                            message.msg_namelen = socklen_t(MemoryLayout<sockaddr_un>.size)
                            message.msg_iov = vectorPointer
                            message.msg_iovlen = 1
                            message.msg_control = controlBytes.baseAddress
                            message.msg_controllen = controlBytes.count
                            let count = recvmsg(descriptor, &message, Int32(MSG_TRUNC) | Int32(MSG_DONTWAIT))
                            return (count, message.msg_namelen, Int(message.msg_controllen))
                        }
                    }
                }
            }
            let (count, addressLength, controlLength) = result
            guard count >= 0 else {
                return nil
            }
            let pathLength = max(0, min(Int(addressLength) - MemoryLayout<sa_family_t>.size, 108))
            let path = withUnsafeBytes(of: address.sun_path) { Array($0.prefix(pathLength)) }
            return (count, LldpadClientAddress(path: path), credentialsUID(control.prefix(controlLength)))
        }

        /// The user ID of the first control message when it is `SCM_CREDENTIALS`.
        private static func credentialsUID(_ control: ArraySlice<UInt8>) -> UInt32? {
            // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } then struct ucred { pid, uid, gid }.
            let header = MemoryLayout<Int>.size + 8
            guard control.count >= header + 12 else {
                return nil
            }
            let bytes = Array(control)
            func word(_ offset: Int) -> UInt32 {
                bytes[offset..<(offset + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) }
            }
            let level = Int32(bitPattern: word(MemoryLayout<Int>.size))
            let type = Int32(bitPattern: word(MemoryLayout<Int>.size + 4))
            guard level == SOL_SOCKET, type == scmCredentials else {
                return nil
            }
            return word(header + 4)
        }

        // MARK: Sending

        /// Sends without blocking; `false` when the client is unnamed, gone or its queue is full.
        static func send(_ datagram: [UInt8], to client: LldpadClientAddress, on descriptor: Int32) -> Bool {
            guard !client.path.isEmpty else {
                return false
            }
            let sent = withAddress(client.path) { address, length in
                datagram.withUnsafeBytes {
                    sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL), address, length)
                }
            }
            return sent == datagram.count
        }

        /// Runs `body` with the address of the socket path `path` (its octets as they are, abstract when the first
        /// is zero), `nil` when it is too long.
        private static func withAddress<R>(_ path: [UInt8], _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
            var address = sockaddr_un()
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard path.count <= capacity else {
                return nil
            }
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, octet) in path.enumerated() {
                    raw[index] = octet
                }
            }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
            }
        }

        private static func systemError() -> String {
            String(cString: strerror(errno))
        }
    }
#endif
