#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import Synchronization
    import VDPAgent
    import VDPWire

    /// The shared state of a ``PacketLink``: the socket, the reader thread that owns its receive side, the
    /// capture and the counters. The reader thread holds the core, not the link, so dropping the last reference to
    /// the link closes it.
    final class PacketLinkCore: Sendable {
        private struct Lifecycle: ~Copyable {
            var reader: ReaderThread?
            var closed = false
        }

        let interface: Interface
        private let socket: Mutex<PacketSocket?>
        private let socketDescriptor: Int32
        private let wakeDescriptor: Int32
        private let capture: PacketCapture?
        private let counters = Mutex(PacketLinkStatistics())
        private let continuation: AsyncStream<ReceivedFrame>.Continuation
        private let lifecycle = Mutex(Lifecycle())

        /// Takes over `socket`, creates the wake-up eventfd, and starts the reader thread.
        init(
            socket: consuming PacketSocket,
            capture: PacketCapture?,
            continuation: AsyncStream<ReceivedFrame>.Continuation
        ) throws(TransportError) {
            self.wakeDescriptor = try systemCall("eventfd") { CVDPLinux_eventFD() }
            self.interface = socket.interface
            self.socketDescriptor = socket.fileDescriptor
            self.socket = Mutex(socket)
            self.capture = capture
            self.continuation = continuation
            let reader = try ReaderThread { [self] in runReader() }
            lifecycle.withLock { $0.reader = reader }
        }

        deinit {
            closeIgnoringErrors(wakeDescriptor)
        }

        var statistics: PacketLinkStatistics { counters.withLock { $0 } }

        /// Sends one frame, and records it in the capture.
        func send(_ bytes: [UInt8]) throws(TransportError) {
            do {
                try socket.withLock { socket throws(TransportError) in
                    guard (try socket?.send(bytes)) != nil else {
                        throw TransportError(
                            code: .closed,
                            operation: "sendto(\"\(interface.name)\")",
                            errno: .badFileDescriptor
                        )
                    }
                }
            } catch {
                counters.withLock { $0.errors += 1 }
                throw error
            }
            counters.withLock { $0.sent += 1 }
            record(bytes)
        }

        /// Stops the reader thread, closes the socket and the capture, and ends the stream. Idempotent.
        func close() {
            let (wasOpen, reader) = lifecycle.withLock { state in
                defer { state.closed = true }
                return (!state.closed, state.reader.take())
            }
            guard wasOpen else {
                return
            }
            var one: UInt64 = 1
            _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
            reader?.join()
            let closedCleanly = socket.withLock { socket in
                guard let owned = socket.take() else {
                    return true
                }
                do {
                    try owned.close()
                    return true
                } catch {
                    return false
                }
            }
            if !closedCleanly {
                counters.withLock { $0.errors += 1 }
            }
            capture?.close()
            continuation.finish()
        }

        /// The reader thread: poll(2) on the socket and the wake-up eventfd, forever, until woken.
        private func runReader() {
            var descriptors = [
                pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            while true {
                let ready = valueOrErrno(retryOnInterrupt: true) { poll(&descriptors, 2, -1) }
                guard case .success = ready, descriptors[0].revents & Int16(POLLNVAL) == 0 else {
                    counters.withLock { $0.errors += 1 }
                    break
                }
                if descriptors[1].revents != 0 {
                    break
                }
                if descriptors[0].revents != 0 {
                    drain()
                }
            }
            continuation.finish()
        }

        /// Reads every queued frame; a receive error (the socket's pending `ENETDOWN`, say) is counted and
        /// ends this round.
        private func drain() {
            while true {
                let received: Result<[UInt8]?, TransportError> = socket.withLock { socket in
                    Result { () throws(TransportError) in try socket?.receive() }
                }
                switch received {
                case .success(let bytes?):
                    deliver(bytes, receivedAt: .now)
                case .success(nil):
                    return
                case .failure:
                    counters.withLock { $0.errors += 1 }
                    return
                }
            }
        }

        /// Reads the frames queued on the socket now, on the caller's thread (at most `limit`), instead of
        /// waiting for the reader thread to yield them.
        func takeArrived(limit: Int) -> [ReceivedFrame] {
            var frames: [ReceivedFrame] = []
            while frames.count < limit {
                let received: Result<[UInt8]?, TransportError> = socket.withLock { socket in
                    Result { () throws(TransportError) in try socket?.receive() }
                }
                switch received {
                case .success(let bytes?):
                    if let frame = decode(bytes, receivedAt: .now) {
                        frames.append(frame)
                        counters.withLock { $0.received += 1 }
                    }
                case .success(nil):
                    return frames
                case .failure:
                    counters.withLock { $0.errors += 1 }
                    return frames
                }
            }
            return frames
        }

        /// Records the octets and decodes them; counts and drops what does not decode.
        private func decode(_ bytes: [UInt8], receivedAt: ContinuousClock.Instant) -> ReceivedFrame? {
            record(bytes)
            do {
                return ReceivedFrame(try Frame(decoding: bytes, options: .receiving), receivedAt: receivedAt)
            } catch {
                counters.withLock { $0.undecodable += 1 }
                return nil
            }
        }

        private func deliver(_ bytes: [UInt8], receivedAt: ContinuousClock.Instant) {
            guard let frame = decode(bytes, receivedAt: receivedAt) else {
                return
            }
            let result = continuation.yield(frame)
            counters.withLock { counters in
                if case .dropped = result {
                    counters.dropped += 1
                } else {
                    counters.received += 1
                }
            }
        }

        private func record(_ bytes: [UInt8]) {
            guard let capture else {
                return
            }
            do {
                try capture.append(bytes)
            } catch {
                counters.withLock { $0.errors += 1 }
            }
        }
    }
#endif
