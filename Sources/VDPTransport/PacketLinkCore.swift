#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import Synchronization
    import VDPSystem
    import VDPAgent
    import VDPWire

    /// The shared state of a ``PacketLink``: the socket, the reader thread that owns its receive side, the frames
    /// it has read and not yet handed out, the capture and the counters. The reader thread holds the core, not the
    /// link, so dropping the last reference to the link closes it.
    ///
    /// The reader thread holds the socket's lock from the read of a frame until the frame is queued, and
    /// ``takeArrived(limit:)`` takes that lock before it takes the queue and reads the socket, so a frame that has
    /// reached the socket is always either in the socket or in the queue for ``takeArrived(limit:)``: never held
    /// by a thread or a task that has not run yet.
    final class PacketLinkCore: Sendable {
        private struct Lifecycle: ~Copyable {
            var reader: POSIXThread?
            var closed = false
        }

        /// Where frames go when the link forwards them.
        private struct Forwarding: Sendable {
            let receive: @Sendable (ReceivedFrame) -> Void
            let finished: @Sendable () -> Void
        }

        /// The frames read and not yet handed out, and the tasks waiting for one; or, once set, where every frame
        /// goes instead.
        private struct Queue: ~Copyable {
            var frames: [ReceivedFrame] = []
            var waiters: [CheckedContinuation<Void, Never>] = []
            var finished = false
            var forwarding: Forwarding?
        }

        let interface: Interface
        private let socket: Mutex<PacketSocket?>
        private let socketDescriptor: Int32
        private let wakeDescriptor: Int32
        private let capture: PacketCapture?
        private let counters = Mutex(PacketLinkStatistics())
        private let queue = Mutex(Queue())
        private let queueLimit: Int
        private let lifecycle = Mutex(Lifecycle())
        private let decodingOptions: FrameDecodingOptions
        private let readerPriority: RealTimePriority?
        private let readerOutcome = Mutex(RealTimeOutcome.notRequested)

        /// Takes over `socket`, creates the wake-up eventfd, and starts the reader thread, which queues at most
        /// `queueLimit` frames and runs with `readerPriority`, if any. Frames with payloads up to the interface's
        /// MTU decode (at least 1500 octets), so a peer that sends jumbo ECPDUs is understood.
        init(
            socket: consuming PacketSocket,
            capture: PacketCapture?,
            queueLimit: Int,
            readerPriority: RealTimePriority?
        ) throws(TransportError) {
            self.wakeDescriptor = try systemCall("eventfd") { CVDPLinux_eventFD() }
            self.interface = socket.interface
            self.decodingOptions = FrameDecodingOptions(
                salvagesMalformedVDP: FrameDecodingOptions.receiving.salvagesMalformedVDP,
                maximumPayloadLength: socket.interface.mtu
            )
            self.readerPriority = readerPriority
            self.socketDescriptor = socket.fileDescriptor
            self.socket = Mutex(socket)
            self.capture = capture
            self.queueLimit = queueLimit
            let reader: POSIXThread
            do {
                reader = try POSIXThread { [self] in runReader() }
            } catch {
                throw TransportError(operation: "pthread_create", errno: Errno(rawValue: error.errno))
            }
            lifecycle.withLock { $0.reader = reader }
        }

        deinit {
            closeIgnoringErrors(wakeDescriptor)
        }

        var statistics: PacketLinkStatistics { counters.withLock { $0 } }

        /// How the reader thread's request for a real-time priority went (``RealTimeOutcome/notRequested`` until
        /// the thread has started).
        var readerScheduling: RealTimeOutcome { readerOutcome.withLock { $0 } }

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
            finish()
        }

        /// The next frame the reader thread queued, waiting for one; `nil` once the link closed and the queue is
        /// empty, or when the calling task is cancelled.
        func nextFrame() async -> ReceivedFrame? {
            while !Task.isCancelled {
                let taken = queue.withLock { queue -> ReceivedFrame?? in
                    if !queue.frames.isEmpty {
                        return .some(queue.frames.removeFirst())
                    }
                    return queue.finished ? .some(nil) : nil
                }
                if let taken {
                    return taken
                }
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = queue.withLock { queue in
                        let ready = !queue.frames.isEmpty || queue.finished || Task.isCancelled
                        if !ready {
                            queue.waiters.append(continuation)
                        }
                        return ready
                    }
                    if ready {
                        continuation.resume()
                    }
                }
            }
            return nil
        }

        /// Wakes every task waiting in ``nextFrame()`` (the consumer was cancelled).
        func wakeWaiters() {
            for waiter in queue.withLock({ queue in Self.takeAll(&queue.waiters) }) {
                waiter.resume()
            }
        }

        private typealias Waiter = CheckedContinuation<Void, Never>

        private static func takeAll(_ waiters: inout [Waiter]) -> [Waiter] {
            defer { waiters.removeAll() }
            return waiters
        }

        /// Ends the frames: ``nextFrame()`` returns what is queued, then `nil`; a forwarding link calls its
        /// `finished`. Only the first call does anything.
        private func finish() {
            let (waiters, forwarding) = queue.withLock { queue in
                let wasFinished = queue.finished
                queue.finished = true
                return (Self.takeAll(&queue.waiters), wasFinished ? nil : queue.forwarding)
            }
            for waiter in waiters {
                waiter.resume()
            }
            forwarding?.finished()
        }

        /// From now on, every frame read goes to `receive` (those queued first), on the reading thread, and
        /// `finished` is called when the link closes (at once if it has). A receiver set before is replaced (an
        /// agent that stopped is followed by another on the same link).
        func forwardFrames(
            to receive: @escaping @Sendable (ReceivedFrame) -> Void,
            finished: @escaping @Sendable () -> Void
        ) -> Bool {
            let forwarding = Forwarding(receive: receive, finished: finished)
            let alreadyFinished = socket.withLock { _ in
                let (queued, alreadyFinished) = queue.withLock { queue -> ([ReceivedFrame], Bool) in
                    queue.forwarding = forwarding
                    defer { queue.frames.removeAll() }
                    return (queue.frames, queue.finished)
                }
                for frame in queued {
                    receive(frame)
                }
                return alreadyFinished
            }
            if alreadyFinished {
                finished()
            }
            return true
        }

        /// The reader thread: poll(2) on the socket and the wake-up eventfd, forever, until woken.
        private func runReader() {
            let outcome = RealTimeOutcome.apply(readerPriority)
            readerOutcome.withLock { $0 = outcome }
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
            finish()
        }

        /// Reads every frame on the socket into the queue; a receive error (the socket's pending `ENETDOWN`, say)
        /// is counted and ends this round. The socket's lock is held from each read until the frame is queued.
        private func drain() {
            while true {
                let more = socket.withLock { socket -> Bool in
                    do {
                        guard let (bytes, arrivedAt) = try socket?.receiveStamped() else {
                            return false
                        }
                        if let frame = decode(bytes, receivedAt: arrivedAt) {
                            enqueue(frame)
                        }
                        return true
                    } catch {
                        counters.withLock { $0.errors += 1 }
                        return false
                    }
                }
                guard more else {
                    return
                }
            }
        }

        /// Forwards a frame, or queues it for ``nextFrame()``, or counts it dropped when the queue is full. Called
        /// with the socket's lock held.
        private func enqueue(_ frame: ReceivedFrame) {
            let (queued, waiters, forwarding) = queue.withLock {
                queue -> (Bool, [CheckedContinuation<Void, Never>], Forwarding?) in
                if let forwarding = queue.forwarding {
                    return (true, [], forwarding)
                }
                guard queue.frames.count < queueLimit else {
                    return (false, [], nil)
                }
                queue.frames.append(frame)
                return (true, Self.takeAll(&queue.waiters), nil)
            }
            forwarding?.receive(frame)
            counters.withLock { counters in
                if queued {
                    counters.received += 1
                } else {
                    counters.dropped += 1
                }
            }
            for waiter in waiters {
                waiter.resume()
            }
        }

        /// The frames the reader thread has read but not yet handed out, then those still on the socket (read on
        /// the caller's thread), at most `limit` in all, oldest first. While the link forwards, the frames on the
        /// socket are forwarded instead, and none are returned.
        func takeArrived(limit: Int) -> [ReceivedFrame] {
            socket.withLock { socket in
                let (queued, forwarding) = queue.withLock { queue in
                    let count = min(limit, queue.frames.count)
                    defer { queue.frames.removeFirst(count) }
                    return (Array(queue.frames.prefix(count)), queue.forwarding)
                }
                var frames = queued
                var read = 0
                while read < limit {
                    do {
                        guard let (bytes, arrivedAt) = try socket?.receiveStamped() else {
                            break
                        }
                        read += 1
                        if let frame = decode(bytes, receivedAt: arrivedAt) {
                            counters.withLock { $0.received += 1 }
                            if let forwarding {
                                forwarding.receive(frame)
                            } else {
                                frames.append(frame)
                            }
                        }
                    } catch {
                        counters.withLock { $0.errors += 1 }
                        break
                    }
                }
                return frames
            }
        }

        /// Records the octets and decodes them; counts and drops what does not decode.
        private func decode(_ bytes: [UInt8], receivedAt: ContinuousClock.Instant) -> ReceivedFrame? {
            let delay = ContinuousClock.now - receivedAt
            counters.withLock { $0.longestReadDelay = max($0.longestReadDelay, delay) }
            record(bytes)
            do {
                return ReceivedFrame(try Frame(decoding: bytes, options: decodingOptions), receivedAt: receivedAt)
            } catch {
                counters.withLock { $0.undecodable += 1 }
                return nil
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
