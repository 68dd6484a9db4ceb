#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import Synchronization
    import VDPSystem

    /// The shared state of a ``LinkMonitor``: the socket, the thread that reads it, the link table and the
    /// streams. The thread holds the core, not the monitor, so dropping the last reference to the monitor stops it.
    final class LinkMonitorCore: Sendable {
        private struct Subscriber {
            var continuation: AsyncStream<LinkChange>.Continuation
            var follower: LinkFollower?
        }

        private struct State: ~Copyable {
            var table = LinkTable()
            var subscribers: [UInt64: Subscriber] = [:]
            var nextSubscriber: UInt64 = 0
            var statistics = LinkMonitorStatistics()
            var reader: POSIXThread?
            var stopped = false
        }

        /// How many times a dump is started again when it is interrupted (`NLM_F_DUMP_INTR`) or overruns.
        static let dumpAttempts = 5
        /// How many datagrams the thread reads before it polls again.
        static let datagramsPerRound = 64

        private let configuration: LinkMonitorConfiguration
        private let socket: NetlinkSocket
        private let wakeDescriptor: Int32
        private let state = Mutex(State())
        private let sequence = Atomic<UInt32>(0)

        /// Opens the socket and dumps the links; starts the reader thread unless `startsReader` is false (tests
        /// hold it back to let the socket overrun, then call ``startReader()``).
        init(configuration: LinkMonitorConfiguration, startsReader: Bool = true) throws(NetlinkError) {
            self.configuration = configuration
            socket = try NetlinkSocket(
                groups: NetlinkSocket.linkGroup,
                receiveQueueSize: configuration.receiveQueueSize
            )
            let wake = CVDPLinux_eventFD()
            guard wake >= 0 else {
                let errno = CVDPLinux_errno()
                socket.close()
                throw NetlinkError(operation: "eventfd", errno: errno)
            }
            wakeDescriptor = wake
            do {
                let links = try dump()
                _ = state.withLock { $0.table.replace(with: links) }
                if startsReader {
                    try startReader()
                }
            } catch {
                socket.close()
                throw error
            }
        }

        deinit {
            _ = Glibc.close(wakeDescriptor)
        }

        /// Starts the thread that reads the socket.
        func startReader() throws(NetlinkError) {
            let reader: POSIXThread
            do {
                reader = try POSIXThread { [self] in runReader() }
            } catch {
                throw NetlinkError(operation: "pthread_create", errno: error.errno)
            }
            state.withLock { $0.reader = reader }
        }

        var statistics: LinkMonitorStatistics { state.withLock { $0.statistics } }

        func links() throws(NetlinkError) -> [LinkStatus] {
            try state.withLock { state throws(NetlinkError) in
                guard !state.stopped else {
                    throw NetlinkError(code: .closed, operation: "links()")
                }
                return state.table.sorted
            }
        }

        func subscribe(following name: String?) -> AsyncStream<LinkChange> {
            let (stream, continuation) = AsyncStream<LinkChange>.makeStream(
                bufferingPolicy: .bufferingNewest(configuration.changeBufferLimit)
            )
            let identifier: UInt64? = state.withLock { state in
                guard !state.stopped else {
                    return nil
                }
                let identifier = state.nextSubscriber
                state.nextSubscriber += 1
                var subscriber = Subscriber(continuation: continuation, follower: nil)
                if let name {
                    let follower = LinkFollower(name: name, links: state.table.sorted)
                    if let current = follower.current {
                        continuation.yield(.appeared(current))
                    }
                    subscriber.follower = follower
                }
                state.subscribers[identifier] = subscriber
                return identifier
            }
            guard let identifier else {
                continuation.finish()
                return stream
            }
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.subscribers.removeValue(forKey: identifier) }
            }
            return stream
        }

        func stop() {
            let (reader, subscribers) = state.withLock { state in
                defer {
                    state.stopped = true
                    state.subscribers = [:]
                }
                return (state.stopped ? nil : state.reader.take(), state.subscribers)
            }
            if let reader {
                var one: UInt64 = 1
                _ = Glibc.write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
                reader.join()
            }
            socket.close()
            for subscriber in subscribers.values {
                subscriber.continuation.finish()
            }
        }

        // MARK: - The reader thread

        /// poll(2) on the socket and the wake-up eventfd until woken; a failed resynchronisation is tried again
        /// every second.
        private func runReader() {
            var descriptors = [
                pollfd(fd: socket.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            var needsDump = false
            while true {
                let timeout: Int32 = needsDump ? 1_000 : -1
                let ready = valueOrErrno { poll(&descriptors, 2, timeout) }
                guard case .success = ready, descriptors[0].revents & Int16(POLLNVAL) == 0 else {
                    count { $0.errors += 1 }
                    return
                }
                if descriptors[1].revents != 0 {
                    return
                }
                if needsDump {
                    needsDump = !resynchronise()
                }
                if descriptors[0].revents != 0 {
                    needsDump = drain() || needsDump
                }
            }
        }

        /// Reads the queued datagrams (at most ``datagramsPerRound``, so that a flood of notifications cannot keep
        /// the thread from seeing ``stop()``); returns whether a fresh dump is needed and failed.
        private func drain() -> Bool {
            for _ in 0..<Self.datagramsPerRound {
                do {
                    guard let datagram = try socket.receive() else {
                        return false
                    }
                    handle(datagram.bytes)
                } catch  where error.code == .overrun || error.code == .messageTruncated {
                    count { $0.overruns += 1 }
                    if !resynchronise() {
                        return true
                    }
                } catch {
                    count { $0.errors += 1 }
                    return false
                }
            }
            return false
        }

        /// Applies the link notifications of one datagram and tells the streams.
        private func handle(_ bytes: [UInt8]) {
            var iterator = NetlinkMessageIterator(bytes[...])
            while true {
                let message: NetlinkMessage
                do {
                    guard let next = try iterator.next() else {
                        return
                    }
                    message = next
                } catch {
                    count { $0.undecodableMessages += 1 }
                    return
                }
                guard message.header.type == .newLink || message.header.type == .deleteLink else {
                    continue  // the end of a stale dump, or a type this monitor does not follow
                }
                let status: LinkStatus
                do {
                    status = try LinkStatus(decoding: message)
                } catch {
                    count { $0.undecodableMessages += 1 }
                    continue
                }
                state.withLock { state in
                    guard let change = state.table.apply(status, removed: message.header.type == .deleteLink) else {
                        return
                    }
                    Self.publish(change, in: &state)
                }
            }
        }

        /// Dumps every link again and publishes the result; returns whether it worked.
        private func resynchronise() -> Bool {
            do {
                let links = try dump()
                state.withLock { state in
                    let change = state.table.replace(with: links)
                    state.statistics.resynchronisations += 1
                    Self.publish(change, in: &state)
                }
                return true
            } catch {
                count { $0.errors += 1 }
                return false
            }
        }

        private static func publish(_ change: LinkChange, in state: inout State) {
            var dropped: UInt64 = 0
            for identifier in state.subscribers.keys {
                guard var subscriber = state.subscribers[identifier] else {
                    continue
                }
                let changes: [LinkChange]
                if var follower = subscriber.follower {
                    changes = follower.follow(change)
                    subscriber.follower = follower
                    state.subscribers[identifier] = subscriber
                } else {
                    changes = [change]
                }
                for change in changes {
                    if case .dropped = subscriber.continuation.yield(change) {
                        dropped += 1
                    }
                }
            }
            state.statistics.droppedChanges += dropped
        }

        private func count(_ update: (inout LinkMonitorStatistics) -> Void) {
            state.withLock { update(&$0.statistics) }
        }

        // MARK: - Dumps

        /// Sends an `RTM_GETLINK` dump request and reads the links until `NLMSG_DONE`, folding in the
        /// notifications that arrive meanwhile; starts again when the kernel flags the dump as interrupted or
        /// the socket overruns during it.
        private func dump() throws(NetlinkError) -> [Int32: LinkStatus] {
            var lastError = NetlinkError(code: .other, operation: "RTM_GETLINK dump")
            for _ in 0..<Self.dumpAttempts {
                let sequence = self.sequence.add(1, ordering: .relaxed).newValue
                try socket.send(LinkRequest.dump(sequence: sequence))
                do {
                    if let links = try readDump(sequence: sequence) {
                        return links
                    }
                    lastError = NetlinkError(code: .overrun, operation: "RTM_GETLINK dump", errno: ENOBUFS)
                } catch  where error.code == .malformedMessage {
                    // The rest of the dump cannot be told apart from what follows: drain it and try again.
                    lastError = error
                    while (try? socket.receive()) != nil {}
                }
            }
            throw lastError
        }

        /// Waits until the socket is readable; a ``stop()`` (the eventfd) or the deadline ends the dump.
        private func waitForDumpInput(until deadline: ContinuousClock.Instant) throws(NetlinkError) {
            var descriptors = [
                pollfd(fd: socket.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            while true {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else {
                    throw NetlinkError(code: .timedOut, operation: "RTM_GETLINK dump", errno: ETIMEDOUT)
                }
                _ = try systemCall("poll(AF_NETLINK)") { poll(&descriptors, 2, pollMilliseconds(remaining)) }
                if descriptors[1].revents != 0 {
                    throw NetlinkError(code: .closed, operation: "RTM_GETLINK dump")
                }
                if descriptors[0].revents != 0 {
                    return
                }
            }
        }

        /// The next message of a dump's datagram; a malformed one fails the dump.
        private static func next(from iterator: inout NetlinkMessageIterator) throws(NetlinkError) -> NetlinkMessage? {
            do {
                return try iterator.next()
            } catch {
                throw NetlinkError(code: .malformedMessage, operation: "RTM_GETLINK dump", decodingError: error)
            }
        }

        /// Reads one dump's replies; `nil` when it must be started again.
        private func readDump(sequence: UInt32) throws(NetlinkError) -> [Int32: LinkStatus]? {
            let deadline = ContinuousClock.now + configuration.dumpTimeout
            var links: [Int32: LinkStatus] = [:]
            var inconsistent = false
            while true {
                try waitForDumpInput(until: deadline)
                let datagram: NetlinkDatagram
                do {
                    guard let received = try socket.receive() else {
                        continue
                    }
                    datagram = received
                } catch  where error.code == .overrun || error.code == .messageTruncated {
                    count { $0.overruns += 1 }
                    inconsistent = true  // finish reading this dump (a second one cannot start), then redo it
                    continue
                }
                var iterator = NetlinkMessageIterator(datagram.bytes[...])
                while let message = try Self.next(from: &iterator) {
                    let isReply = message.header.sequence == sequence && message.header.portID == socket.portID
                    switch message.header.type {
                    case .done where isReply:
                        let interrupted = message.header.flags.contains(.dumpInterrupted)
                        return inconsistent || interrupted ? nil : links
                    case .error where isReply:
                        let errno: Int32
                        do {
                            errno = try NetlinkErrorMessage(decoding: message).errno
                        } catch {
                            throw NetlinkError(
                                code: .malformedMessage,
                                operation: "RTM_GETLINK dump",
                                decodingError: error
                            )
                        }
                        throw NetlinkError(code: .kernelError, operation: "RTM_GETLINK dump", errno: errno)
                    case .newLink, .deleteLink:
                        inconsistent = inconsistent || message.header.flags.contains(.dumpInterrupted)
                        do {
                            let status = try LinkStatus(decoding: message)
                            if message.header.type == .deleteLink {
                                links.removeValue(forKey: status.index)
                            } else {
                                links[status.index] = status
                            }
                        } catch {
                            count { $0.undecodableMessages += 1 }
                        }
                    default:
                        continue
                    }
                }
            }
        }
    }
#endif
