#if os(Linux)
    import Glibc
    import Synchronization
    import VDPSystem
    import VDPTransport

    /// Serves the control protocol on a Unix stream socket, handing each request to a ``ControlHandler``.
    ///
    /// One thread polls the listening socket and every connection (non-blocking); each request runs in a task of
    /// its own, so requests of one connection are handled concurrently and their responses may come out of order.
    /// A client that disconnects while its request is handled costs nothing: the operation completes in the
    /// handler, and its response is discarded (``ControlServerCounters/abandonedResponses``).
    ///
    /// The server answers `watch` itself (it subscribes to ``ControlHandler/events()``) and adds its counters to
    /// the result of `status`, so a handler is never called with ``ControlOperation/watch``.
    ///
    /// Bounds (``ControlServerLimits``, each counted in ``ControlServerCounters``): the line length, the number of
    /// connections, the requests in flight per connection, the events buffered per watcher. A connection whose
    /// unwritten output exceeds 256 KiB is not read from until its client reads (back-pressure, not an error).
    ///
    /// The socket file is created with ``ControlServerConfiguration/mode`` (0600 by default) before the server
    /// listens, and owned by ``ControlServerConfiguration/group`` when one is set. A socket file left by a server
    /// that is gone is replaced; one that still answers makes ``start()`` fail with
    /// ``ControlServerError/Code/inUse``.
    ///
    /// The server's thread keeps it alive while it serves: call ``stop()`` to end it.
    public final class ControlServer: Sendable {
        /// Where the server listens, and its bounds.
        public let configuration: ControlServerConfiguration
        private let handler: any ControlHandler
        private let state = Mutex(State())
        private let encoder = ControlMessageEncoder()

        /// Unwritten output past which a connection is not read from.
        static let outputBackPressure = 256 * 1_024

        private struct State: ~Copyable {
            var started = false
            var stopping = false
            var listener: Int32 = -1
            var wakeRead: Int32 = -1
            var wakeWrite: Int32 = -1
            var wakePending = false
            var thread: POSIXThread?
            var socketIdentity: (device: UInt64, inode: UInt64)?
            var connections: [UInt64: ControlConnection] = [:]
            var nextConnection: UInt64 = 0
            var counters = ControlServerCounters()
            var eventsReceived: UInt64 = 0
        }

        /// Creates a server; ``start()`` opens the socket, ``stop()`` closes it (a server runs once).
        public init(configuration: ControlServerConfiguration, handler: some ControlHandler) {
            self.configuration = configuration
            self.handler = handler
        }

        deinit {
            stop()
        }

        /// What the server has counted, and its connections now.
        public var counters: ControlServerCounters {
            state.withLock { $0.counters }
        }

        /// Events taken from the handler's streams since the start, buffered or dropped (for tests).
        var eventsReceived: UInt64 {
            state.withLock { $0.eventsReceived }
        }

        /// Creates the socket file and starts serving.
        ///
        /// Replaces a stale socket file (one nothing answers on); fails with ``ControlServerError/Code/inUse`` if a
        /// server answers there, ``ControlServerError/Code/notASocket`` if something else is at the path.
        public func start() throws(ControlServerError) {
            let path = configuration.path
            guard state.withLock({ $0.started }) == false else {
                throw ControlServerError(code: .alreadyStarted, message: "the server is already started")
            }
            guard ControlSocket.withAddress(path, { _, _ in true }) == true else {
                throw ControlServerError(
                    code: .invalidPath,
                    message: "'\(path)' is empty or longer than \(ControlSocket.maximumPathLength) octets"
                )
            }
            try Self.removeStaleSocket(at: path)
            let listener: Int32
            switch ControlSocket.stream(nonBlocking: true) {
            case .success(let value): listener = value
            case .failure(let error): throw Self.failure("socket", error)
            }
            var pipeEnds: [Int32] = [-1, -1]
            do throws(ControlServerError) {
                // The inode's mode is the socket's mode at bind(2), less the umask: never wider than `mode`.
                _ = fchmod(listener, mode_t(configuration.mode))
                let bound = ControlSocket.withAddress(path) { bind(listener, $0, $1) } ?? -1
                guard bound == 0 else {
                    throw Self.failure("bind(\(path))", Errno(rawValue: errno))
                }
                guard chmod(path, mode_t(configuration.mode)) == 0 else {
                    throw Self.failure("chmod(\(path))", Errno(rawValue: errno))
                }
                if let group = configuration.group {
                    guard chown(path, uid_t.max, gid_t(group)) == 0 else {
                        throw Self.failure("chown(\(path))", Errno(rawValue: errno))
                    }
                }
                var status = stat()
                guard lstat(path, &status) == 0 else {
                    throw Self.failure("stat(\(path))", Errno(rawValue: errno))
                }
                guard listen(listener, 128) == 0 else {
                    throw Self.failure("listen(\(path))", Errno(rawValue: errno))
                }
                guard pipe(&pipeEnds) == 0 else {
                    throw Self.failure("pipe", Errno(rawValue: errno))
                }
                for end in pipeEnds {
                    Self.makeNonBlocking(end)
                }
                state.withLock { state in
                    state.started = true
                    state.listener = listener
                    state.wakeRead = pipeEnds[0]
                    state.wakeWrite = pipeEnds[1]
                    state.socketIdentity = (UInt64(status.st_dev), UInt64(status.st_ino))
                }
                let thread: POSIXThread
                do {
                    thread = try POSIXThread { [self] in self.serve() }
                } catch {
                    throw ControlServerError(code: .systemCall, message: "pthread_create failed (errno \(error.errno))")
                }
                state.withLock { $0.thread = thread }
            } catch {
                state.withLock { state in
                    state.started = false
                    state.listener = -1
                    state.wakeRead = -1
                    state.wakeWrite = -1
                    state.socketIdentity = nil
                }
                _ = close(listener)
                for end in pipeEnds where end >= 0 {
                    _ = close(end)
                }
                if error.code != .inUse {
                    _ = unlink(path)
                }
                throw error
            }
        }

        /// Stops serving: closes the listener and every connection, cancels the watchers' subscriptions and
        /// removes the socket file (if it is still the one this server created). Requests being handled complete
        /// in the handler; their responses are discarded. Safe to call more than once.
        public func stop() {
            let (proceed, thread) = state.withLock { state -> (Bool, POSIXThread?) in
                guard state.started, !state.stopping else {
                    return (false, nil)
                }
                state.stopping = true
                return (true, state.thread)
            }
            guard proceed else {
                return
            }
            wake()
            thread?.join()
            let (listener, wakeRead, wakeWrite, connections, identity) = state.withLock { state in
                let values = (
                    state.listener, state.wakeRead, state.wakeWrite, state.connections, state.socketIdentity
                )
                state.connections = [:]
                state.counters.openConnections = 0
                state.counters.watchers = 0
                state.listener = -1
                state.wakeRead = -1
                state.wakeWrite = -1
                state.socketIdentity = nil
                state.thread = nil
                return values
            }
            for connection in connections.values {
                connection.watchTask?.cancel()
                _ = close(connection.descriptor)
            }
            for descriptor in [listener, wakeRead, wakeWrite] where descriptor >= 0 {
                _ = close(descriptor)
            }
            var status = stat()
            if let identity, lstat(configuration.path, &status) == 0, UInt64(status.st_dev) == identity.device,
                UInt64(status.st_ino) == identity.inode
            {
                _ = unlink(configuration.path)
            }
        }

        // MARK: - Start-up

        /// Sets `O_NONBLOCK` and `FD_CLOEXEC` on a descriptor.
        private static func makeNonBlocking(_ descriptor: Int32) {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        }

        private static func failure(_ operation: String, _ error: Errno) -> ControlServerError {
            ControlServerError(code: .systemCall, message: "\(operation): \(error)")
        }

        /// Removes the socket file at `path` when nothing answers on it.
        private static func removeStaleSocket(at path: String) throws(ControlServerError) {
            var status = stat()
            guard lstat(path, &status) == 0 else {
                return
            }
            guard status.st_mode & S_IFMT == S_IFSOCK else {
                throw ControlServerError(code: .notASocket, message: "'\(path)' exists and is not a socket")
            }
            switch ControlSocket.connect(to: path) {
            case .success(let descriptor):
                _ = close(descriptor)
                throw ControlServerError(code: .inUse, message: "another server answers on '\(path)'")
            case .failure(let error) where error.rawValue == ECONNREFUSED:
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw failure("unlink(\(path))", Errno(rawValue: errno))
                }
            case .failure(let error):
                throw failure("connect(\(path))", error)
            }
        }

        // MARK: - The poll loop

        private func wake() {
            let descriptor: Int32 = state.withLock { state in
                guard !state.wakePending else {
                    return -1
                }
                state.wakePending = true
                return state.wakeWrite
            }
            if descriptor >= 0 {
                var octet: UInt8 = 1
                _ = write(descriptor, &octet, 1)
            }
        }

        private func serve() {
            var descriptors: [pollfd] = []
            var identities: [UInt64] = []
            while true {
                let proceed = state.withLock { state -> Bool in
                    guard !state.stopping else {
                        return false
                    }
                    descriptors.removeAll(keepingCapacity: true)
                    identities.removeAll(keepingCapacity: true)
                    descriptors.append(pollfd(fd: state.wakeRead, events: Int16(POLLIN), revents: 0))
                    descriptors.append(pollfd(fd: state.listener, events: Int16(POLLIN), revents: 0))
                    for (identity, connection) in state.connections {
                        var events: Int32 = 0
                        if !connection.inputClosed, !connection.closing,
                            connection.pendingOutput < Self.outputBackPressure
                        {
                            events |= Int32(POLLIN)
                        }
                        if connection.pendingOutput > 0 {
                            events |= Int32(POLLOUT)
                        }
                        descriptors.append(pollfd(fd: connection.descriptor, events: Int16(events), revents: 0))
                        identities.append(identity)
                    }
                    return true
                }
                guard proceed else {
                    return
                }
                let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
                if ready < 0 {
                    continue
                }
                if descriptors[0].revents != 0 {
                    drainWakePipe(descriptors[0].fd)
                }
                if descriptors[1].revents & Int16(POLLIN) != 0 {
                    acceptConnections(descriptors[1].fd)
                }
                for (index, identity) in identities.enumerated() {
                    service(identity, revents: descriptors[index + 2].revents)
                }
            }
        }

        private func drainWakePipe(_ descriptor: Int32) {
            // Empty the pipe first: a wake-up after this point writes again, one before it is seen by the
            // servicing that follows.
            var buffer = [UInt8](repeating: 0, count: 64)
            while Glibc.read(descriptor, &buffer, buffer.count) > 0 {}
            state.withLock { $0.wakePending = false }
        }

        private func acceptConnections(_ listener: Int32) {
            while true {
                let descriptor = accept(listener, nil, nil)
                guard descriptor >= 0 else {
                    return
                }
                Self.makeNonBlocking(descriptor)
                let refused = state.withLock { state -> Bool in
                    guard state.connections.count < configuration.limits.maximumConnections else {
                        state.counters.connectionsRefused += 1
                        return true
                    }
                    state.nextConnection += 1
                    state.connections[state.nextConnection] = ControlConnection(descriptor: descriptor)
                    state.counters.connectionsAccepted += 1
                    state.counters.openConnections = state.connections.count
                    return false
                }
                if refused {
                    let line = encoder.encode(
                        ControlResponse.failure(
                            nil,
                            .tooManyRequests,
                            "too many connections (\(configuration.limits.maximumConnections))"
                        )
                    )
                    _ = line.withUnsafeBytes { ControlSocket.send(descriptor, $0) }
                    _ = close(descriptor)
                }
            }
        }

        /// Reads, writes and closes one connection as poll(2) reported it.
        private func service(_ identity: UInt64, revents: Int16) {
            var requests: [ControlRequest] = []
            let close = state.withLock { state -> Bool in
                guard let connection = state.connections[identity] else {
                    return false
                }
                let hangUp = revents & Int16(POLLHUP | POLLERR) != 0
                if revents & Int16(POLLIN | POLLHUP) != 0, !connection.inputClosed, !connection.closing {
                    requests = read(connection, counters: &state.counters)
                }
                if connection.pendingOutput > 0 || connection.pendingEvents > 0, !flush(connection) {
                    return true
                }
                if hangUp && (connection.inputClosed || revents & Int16(POLLERR) != 0) {
                    return true
                }
                if connection.closing, connection.pendingOutput == 0 {
                    return true
                }
                if connection.inputClosed, connection.inFlight == 0, connection.pendingOutput == 0,
                    !connection.watching, requests.isEmpty
                {
                    return true
                }
                return false
            }
            for request in requests {
                dispatch(request, on: identity)
            }
            if close {
                closeConnection(identity)
            }
        }

        /// Reads what the client sent, and splits it into requests; answers malformed lines, over-long lines
        /// and requests past the in-flight bound at once.
        private func read(
            _ connection: ControlConnection,
            counters: inout ControlServerCounters
        ) -> [ControlRequest] {
            let limits = configuration.limits
            let parser = ControlMessageParser(maximumLineLength: limits.maximumLineLength)
            var requests: [ControlRequest] = []
            for _ in 0..<16 {
                let room = limits.maximumLineLength + 1 - connection.input.count
                switch ControlSocket.receive(connection.descriptor, into: &connection.input, atMost: max(room, 4_096)) {
                case .success(nil):
                    return requests
                case .success(0), .failure:
                    connection.inputClosed = true
                    return requests
                case .success:
                    break
                }
                var lineStart = 0
                while let newline = connection.input[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = connection.input[lineStart..<newline]
                    lineStart = newline + 1
                    guard line.count <= limits.maximumLineLength else {
                        tooLarge(connection, counters: &counters)
                        return requests
                    }
                    do {
                        let request = try parser.parseRequest(line)
                        guard connection.inFlight < limits.maximumRequestsInFlight else {
                            counters.requestsRefused += 1
                            connection.write(
                                encoder.encode(
                                    .failure(
                                        request.id,
                                        .tooManyRequests,
                                        "\(limits.maximumRequestsInFlight) requests are in flight on this connection"
                                    )
                                )
                            )
                            continue
                        }
                        counters.requests += 1
                        if case .watch = request.operation, connection.watchRequested {
                            connection.write(encoder.encode(.success(request.id, .watching)))
                            continue
                        }
                        if case .watch = request.operation {
                            connection.watchRequested = true
                        }
                        connection.inFlight += 1
                        requests.append(request)
                    } catch {
                        counters.malformedRequests += 1
                        connection.write(encoder.encode(.failure(error.id, error.error)))
                    }
                }
                connection.input.removeSubrange(0..<lineStart)
                if connection.input.count > limits.maximumLineLength {
                    tooLarge(connection, counters: &counters)
                    return requests
                }
            }
            return requests
        }

        private func tooLarge(_ connection: ControlConnection, counters: inout ControlServerCounters) {
            counters.linesTooLong += 1
            connection.input = []
            connection.closing = true
            connection.write(
                encoder.encode(
                    .failure(
                        nil,
                        .messageTooLarge,
                        "a line is at most \(configuration.limits.maximumLineLength) octets; closing"
                    )
                )
            )
        }

        /// Writes what the socket takes; `false` when the client is gone.
        private func flush(_ connection: ControlConnection) -> Bool {
            while true {
                if connection.watching {
                    connection.moveEvents(below: 64 * 1_024, encoder: encoder)
                }
                guard connection.pendingOutput > 0 else {
                    return true
                }
                let start = connection.outputStart
                let result = connection.output.withUnsafeBytes { raw in
                    ControlSocket.send(connection.descriptor, UnsafeRawBufferPointer(rebasing: raw[start...]))
                }
                switch result {
                case .success(0):
                    return true
                case .success(let count):
                    connection.wrote(count)
                case .failure:
                    return false
                }
            }
        }

        private func closeConnection(_ identity: UInt64) {
            let connection = state.withLock { state -> ControlConnection? in
                let connection = state.connections.removeValue(forKey: identity)
                state.counters.openConnections = state.connections.count
                state.counters.watchers = state.connections.values.filter(\.watching).count
                return connection
            }
            guard let connection else {
                return
            }
            connection.watchTask?.cancel()
            _ = Glibc.close(connection.descriptor)
        }

        // MARK: - Requests and events

        private func dispatch(_ request: ControlRequest, on identity: UInt64) {
            let handler = self.handler
            switch request.operation {
            case .watch:
                let task = Task { [self] in
                    let stream = await handler.events()
                    guard startWatching(identity, id: request.id) else {
                        return
                    }
                    for await event in stream {
                        guard let line = encoder.encode(event) else {
                            continue
                        }
                        guard buffer(line, for: identity) else {
                            return
                        }
                    }
                }
                let gone = state.withLock { state -> Bool in
                    guard state.connections[identity] != nil else {
                        return true
                    }
                    state.connections[identity]?.watchTask = task
                    return false
                }
                if gone {
                    task.cancel()
                }
            default:
                Task { [self] in
                    var response = await handler.handle(request)
                    if case .status = request.operation, case .success(.status(var status)) = response.outcome {
                        status.control = counters
                        response.outcome = .success(.status(status))
                    }
                    complete(response, on: identity)
                }
            }
        }

        /// Marks the connection watching and answers its `watch`; `false` when it is gone.
        private func startWatching(_ identity: UInt64, id: ControlRequestID) -> Bool {
            let line = encoder.encode(ControlResponse.success(id, .watching))
            let started = state.withLock { state -> Bool in
                guard let connection = state.connections[identity] else {
                    state.counters.abandonedResponses += 1
                    return false
                }
                connection.inFlight -= 1
                connection.write(line)
                connection.watching = true
                state.counters.watchers += 1
                return true
            }
            wake()
            return started
        }

        /// Buffers an event line for a watcher; `false` when the connection is gone.
        private func buffer(_ line: [UInt8], for identity: UInt64) -> Bool {
            let limit = configuration.limits.eventBufferLimit
            let present = state.withLock { state -> Bool in
                state.eventsReceived += 1
                guard let connection = state.connections[identity] else {
                    return false
                }
                if connection.buffer(event: line, limit: limit) {
                    state.counters.eventsDropped += 1
                }
                return true
            }
            if present {
                wake()
            }
            return present
        }

        private func complete(_ response: ControlResponse, on identity: UInt64) {
            let line = encoder.encode(response)
            let present = state.withLock { state -> Bool in
                guard let connection = state.connections[identity] else {
                    state.counters.abandonedResponses += 1
                    return false
                }
                connection.inFlight -= 1
                connection.write(line)
                return true
            }
            if present {
                wake()
            }
        }
    }
#endif
