#if os(Linux)
    import Glibc
    import Synchronization
    import VDPSystem

    /// A connection to a ``ControlServer``: sends requests, matches their responses by id, and delivers the
    /// events of a `watch`.
    ///
    /// A thread reads the connection; any number of tasks may send requests at once. ``messages`` yields the
    /// events (and `dropped` notices) after a `watch`, at most ``ControlServerLimits/eventBufferLimit`` of them
    /// unread (the newest are kept). Close the client with ``close()``.
    public final class ControlClient: Sendable {
        /// Events and `dropped` notices, in the order the server sent them; ends when the connection closes.
        public let messages: AsyncStream<ControlServerMessage>

        private let descriptor: Int32
        private let continuation: AsyncStream<ControlServerMessage>.Continuation
        private let state = Mutex(State())
        private let sendLock = Mutex(())
        private let encoder = ControlMessageEncoder()

        private struct State: ~Copyable {
            var pending: [ControlRequestID: Pending] = [:]
            var nextID: Int64 = 0
            var closed = false
            var closedReason = "the connection is closed"
            var thread: POSIXThread?
        }

        private struct Pending {
            var operation: String
            var continuation: CheckedContinuation<Result<ControlResponse, ControlClientError>, Never>
        }

        /// The longest line accepted from the server, 64 MiB.
        static let maximumResponseLength = 64 << 20

        private init(descriptor: Int32) {
            self.descriptor = descriptor
            (messages, continuation) = AsyncStream.makeStream(
                of: ControlServerMessage.self,
                bufferingPolicy: .bufferingNewest(ControlServerLimits().eventBufferLimit)
            )
        }

        /// Connects to the server at `path`.
        public static func connect(path: String) throws(ControlClientError) -> ControlClient {
            let descriptor: Int32
            switch ControlSocket.connect(to: path) {
            case .success(let value): descriptor = value
            case .failure(let error):
                throw ControlClientError(code: .cannotConnect, message: "cannot connect to '\(path)': \(error)")
            }
            let client = ControlClient(descriptor: descriptor)
            let thread: POSIXThread
            do {
                thread = try POSIXThread { [client] in client.readLoop() }
            } catch {
                _ = Glibc.close(descriptor)
                throw ControlClientError(
                    code: .cannotConnect,
                    message: "cannot start a reader thread (errno \(error.errno))"
                )
            }
            client.state.withLock { $0.thread = thread }
            return client
        }

        deinit {
            close()
        }

        /// Sends `operation` with a fresh integer id and waits for its response.
        public func request(_ operation: ControlOperation) async throws(ControlClientError) -> ControlResponse {
            let id = state.withLock { state -> Int64 in
                state.nextID += 1
                return state.nextID
            }
            return try await send(ControlRequest(id: .number(id), operation: operation))
        }

        /// Sends `request` and waits for the response with its id. Ids of requests in flight must differ.
        public func send(_ request: ControlRequest) async throws(ControlClientError) -> ControlResponse {
            let line: [UInt8]
            do {
                line = try encoder.encode(request)
            } catch {
                throw ControlClientError(code: .protocolError, message: "\(error)")
            }
            let result = await withCheckedContinuation { continuation in
                let refusal = state.withLock { state -> ControlClientError? in
                    guard !state.closed else {
                        return ControlClientError(code: .closed, message: state.closedReason)
                    }
                    guard state.pending[request.id] == nil else {
                        return ControlClientError(
                            code: .protocolError,
                            message: "a request with id \(request.id) is already in flight"
                        )
                    }
                    state.pending[request.id] = Pending(
                        operation: request.operation.name,
                        continuation: continuation
                    )
                    return nil
                }
                if let refusal {
                    continuation.resume(returning: .failure(refusal))
                    return
                }
                let sent = sendLock.withLock { _ in ControlSocket.sendAll(descriptor, line) }
                if !sent {
                    let waiting = state.withLock { $0.pending.removeValue(forKey: request.id) }
                    waiting?.continuation.resume(
                        returning: .failure(
                            ControlClientError(code: .closed, message: "the server closed the connection")
                        )
                    )
                }
            }
            return try result.get()
        }

        /// Closes the connection; requests still waiting fail with ``ControlClientError/Code/closed``.
        public func close() {
            let thread = state.withLock { state -> POSIXThread? in
                let thread = state.thread
                state.thread = nil
                return thread
            }
            guard let thread else {
                return
            }
            _ = shutdown(descriptor, Int32(SHUT_RDWR))
            thread.join()
            _ = Glibc.close(descriptor)
        }

        private func readLoop() {
            // Results (a `list` of many VSIs) may be far longer than a request line.
            let parser = ControlMessageParser(maximumLineLength: Self.maximumResponseLength)
            var buffer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            var reason = "the server closed the connection"
            reading: while true {
                let count = chunk.withUnsafeMutableBytes { raw in
                    Glibc.recv(descriptor, raw.baseAddress, raw.count, 0)
                }
                if count < 0, errno == EINTR {
                    continue
                }
                guard count > 0 else {
                    break
                }
                buffer.append(contentsOf: chunk[0..<count])
                var lineStart = 0
                while let newline = buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = buffer[lineStart..<newline]
                    lineStart = newline + 1
                    do {
                        let message = try parser.parseServerMessage(line) { id in
                            self.state.withLock { $0.pending[id]?.operation }
                        }
                        deliver(message)
                    } catch {
                        if let id = error.id, deliverFailure(id, error) {
                            continue
                        }
                        reason = "the server sent an invalid line: \(error)"
                        break reading
                    }
                }
                buffer.removeSubrange(0..<lineStart)
                if buffer.count > parser.maximumLineLength {
                    reason = "the server sent an over-long line"
                    break
                }
            }
            let waiting = state.withLock { state in
                state.closed = true
                state.closedReason = reason
                let waiting = state.pending
                state.pending = [:]
                return waiting
            }
            for pending in waiting.values {
                pending.continuation.resume(returning: .failure(ControlClientError(code: .closed, message: reason)))
            }
            continuation.finish()
        }

        private func deliver(_ message: ControlServerMessage) {
            guard case .response(let response) = message else {
                continuation.yield(message)
                return
            }
            guard let id = response.id else {
                // An error about a line whose id the server could not read: it belongs to no request, so every
                // waiting request fails with it (a well-formed client never sees one).
                let waiting = state.withLock { state in
                    let waiting = state.pending
                    state.pending = [:]
                    return waiting
                }
                for pending in waiting.values {
                    pending.continuation.resume(returning: .success(response))
                }
                return
            }
            let pending = state.withLock { $0.pending.removeValue(forKey: id) }
            pending?.continuation.resume(returning: .success(response))
        }

        /// Fails the request `id` with a protocol error; `false` when no such request waits.
        private func deliverFailure(_ id: ControlRequestID, _ error: ControlProtocolError) -> Bool {
            guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else {
                return false
            }
            pending.continuation.resume(
                returning: .failure(ControlClientError(code: .protocolError, message: "\(error)"))
            )
            return true
        }
    }
#endif
