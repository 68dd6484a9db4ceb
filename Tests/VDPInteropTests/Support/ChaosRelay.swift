#if os(Linux)
    import Foundation
    import Glibc
    import Synchronization
    import VDPTestSupport
    import VDPTransport

    /// A seeded, lossy relay between two interfaces of one network namespace, in place of tc netem (which these
    /// kernels lack): every LLDP and ECP frame received on one side is sent out of the other, except that some are
    /// dropped, duplicated, delayed or reordered, in both directions.
    ///
    /// One thread of its own enters the namespace, opens a ``PacketSocket`` on each side (which receives only
    /// LLDP and ECP frames, never the ones sent through it) and polls both. For each frame received it draws, from
    /// one ``SplitMix64`` seeded with `seed`, in this order: drop (probability ``Faults/loss``); otherwise a
    /// second copy (``Faults/duplication``); then for each copy, held back until the next frame in the same
    /// direction has been sent and sent right after it (``Faults/reordering``; released alone after
    /// ``Faults/holdLimit`` if none comes), or delayed by a uniform time up to ``Faults/maximumDelay``
    /// (``Faults/delay``), or sent at once. The draws are reproducible from the seed; which frames they apply to
    /// depends on the peers' timing.
    ///
    /// ``stop()`` (synchronous, safe to call twice) ends the thread and closes the sockets.
    final class ChaosRelay: @unchecked Sendable {
        // `@unchecked`: the mutable state is in `shared` (a Mutex); the sockets live on the relay's own thread.

        /// What the relay does to the frames.
        struct Faults: Sendable, CustomStringConvertible {
            var loss: Double
            var duplication: Double
            var reordering: Double
            var delay: Double
            var maximumDelay: Duration
            /// How long a frame held back for reordering waits for a later one: longer than the ECP ack timer at RTE
            /// 14 (164 ms), so that a request held back is typically overtaken by its own retransmission.
            var holdLimit: Duration = .milliseconds(250)

            /// Forwards everything at once.
            static let none = Faults(loss: 0, duplication: 0, reordering: 0, delay: 0, maximumDelay: .zero)

            var description: String {
                "loss \(Int(loss * 100))%, duplication \(Int(duplication * 100))%, "
                    + "reordering \(Int(reordering * 100))%, delay \(Int(delay * 100))% "
                    + "(up to \(maximumDelay.components.seconds * 1000 + maximumDelay.components.attoseconds / 1_000_000_000_000_000) ms)"
            }
        }

        /// The two directions.
        enum Direction: Int, CaseIterable, Sendable, CustomStringConvertible {
            case towardBridge = 0
            case towardStation = 1

            var description: String { self == .towardBridge ? "station → bridge" : "bridge → station" }
        }

        /// What the relay did in one direction.
        struct Counters: Sendable {
            /// Frames received.
            var received = 0
            /// Frames dropped on purpose.
            var dropped = 0
            /// Extra copies made.
            var duplicated = 0
            /// Copies sent late by a random delay.
            var delayed = 0
            /// Copies held back and sent after a later frame (only those a later frame did overtake).
            var reordered = 0
            /// Copies held back that no later frame overtook within ``Faults/holdLimit`` (sent late, in order).
            var heldInOrder = 0
            /// Copies sent.
            var sent = 0
            /// Copies the kernel refused to send (the interface was down): lost, like a frame on a pulled cable.
            var sendFailures = 0

            static func + (a: Counters, b: Counters) -> Counters {
                Counters(
                    received: a.received + b.received,
                    dropped: a.dropped + b.dropped,
                    duplicated: a.duplicated + b.duplicated,
                    delayed: a.delayed + b.delayed,
                    reordered: a.reordered + b.reordered,
                    heldInOrder: a.heldInOrder + b.heldInOrder,
                    sent: a.sent + b.sent,
                    sendFailures: a.sendFailures + b.sendFailures
                )
            }
        }

        private struct Shared {
            var faults: Faults
            var counters = [Counters](repeating: Counters(), count: 2)
            var stopping = false
            var failure: String?
        }

        let namespace: String
        let stationSide: String
        let bridgeSide: String
        let seed: UInt64
        private let shared: Mutex<Shared>
        private let finished = DispatchSemaphore(value: 0)
        private let started = Mutex(false)

        init(namespace: String, stationSide: String, bridgeSide: String, seed: UInt64, faults: Faults) {
            self.namespace = namespace
            self.stationSide = stationSide
            self.bridgeSide = bridgeSide
            self.seed = seed
            shared = Mutex(Shared(faults: faults))
        }

        /// Starts the relay thread; returns once both sockets are open (or throws why they are not).
        func start() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                started.withLock { $0 = true }
                let thread = Thread { [self] in
                    defer { finished.signal() }
                    do {
                        try NetworkNamespace.enter(namespace)
                        let sockets = try Sockets.open(stationSide: stationSide, bridgeSide: bridgeSide)
                        continuation.resume()
                        relay(sockets)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "chaos-relay"
                thread.start()
            }
        }

        /// Changes what the relay does from now on (frames already held or delayed keep their schedule).
        func setFaults(_ faults: Faults) {
            shared.withLock { $0.faults = faults }
        }

        /// The counters so far, per direction.
        func counters(_ direction: Direction) -> Counters {
            shared.withLock { $0.counters[direction.rawValue] }
        }

        /// A receive error other than the interface going down, if the relay stopped because of one.
        var failure: String? { shared.withLock { $0.failure } }

        /// Stops the thread and waits for it (it closes the sockets).
        func stop() {
            let wasStarted = started.withLock { value in
                defer { value = false }
                return value
            }
            guard wasStarted else {
                return
            }
            shared.withLock { $0.stopping = true }
            finished.wait()
        }

        // MARK: The relay thread

        /// The two sockets, owned by the relay thread; closed when it ends.
        private struct Sockets: ~Copyable {
            var station: PacketSocket
            var bridge: PacketSocket

            static func open(stationSide: String, bridgeSide: String) throws -> Sockets {
                let station = try PacketSocket(interface: stationSide)
                let bridge = try PacketSocket(interface: bridgeSide)
                return Sockets(station: station, bridge: bridge)
            }

            mutating func receive(_ direction: Direction) throws(TransportError) -> [UInt8]? {
                switch direction {
                case .towardBridge: try station.receive()
                case .towardStation: try bridge.receive()
                }
            }

            func send(_ frame: [UInt8], _ direction: Direction) throws(TransportError) {
                switch direction {
                case .towardBridge: try bridge.send(frame)
                case .towardStation: try station.send(frame)
                }
            }
        }

        private struct Pending {
            var due: ContinuousClock.Instant
            var direction: Direction
            var frame: [UInt8]
        }

        private struct Held {
            var since: ContinuousClock.Instant
            var frame: [UInt8]
        }

        private func relay(_ sockets: consuming Sockets) {
            var random = SplitMix64(seed: seed)
            var scheduled: [Pending] = []
            var held: [Held?] = [nil, nil]
            var local = [Counters](repeating: Counters(), count: 2)
            var descriptors = [
                pollfd(fd: sockets.station.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: sockets.bridge.fileDescriptor, events: Int16(POLLIN), revents: 0),
            ]

            func transmit(_ frame: [UInt8], _ direction: Direction, _ sockets: borrowing Sockets) {
                do {
                    try sockets.send(frame, direction)
                    local[direction.rawValue].sent += 1
                } catch {
                    local[direction.rawValue].sendFailures += 1
                }
            }
            /// Sends `frame`, then the frame held back in that direction, which it has overtaken.
            func send(_ frame: [UInt8], _ direction: Direction, _ sockets: borrowing Sockets) {
                transmit(frame, direction, sockets)
                if let overtaken = held[direction.rawValue] {
                    held[direction.rawValue] = nil
                    local[direction.rawValue].reordered += 1
                    transmit(overtaken.frame, direction, sockets)
                }
            }
            func handle(
                _ frame: [UInt8],
                _ direction: Direction,
                faults: Faults,
                now: ContinuousClock.Instant,
                _ sockets: borrowing Sockets
            ) {
                local[direction.rawValue].received += 1
                if Double.random(in: 0..<1, using: &random) < faults.loss {
                    local[direction.rawValue].dropped += 1
                    return
                }
                var copies = 1
                if Double.random(in: 0..<1, using: &random) < faults.duplication {
                    copies = 2
                    local[direction.rawValue].duplicated += 1
                }
                for _ in 0..<copies {
                    let draw = Double.random(in: 0..<1, using: &random)
                    if draw < faults.reordering, held[direction.rawValue] == nil {
                        held[direction.rawValue] = Held(since: now, frame: frame)
                    } else if draw < faults.reordering + faults.delay, faults.maximumDelay > .zero {
                        let nanoseconds =
                            faults.maximumDelay.components.seconds * 1_000_000_000
                            + faults.maximumDelay.components.attoseconds / 1_000_000_000
                        let delay = Duration.nanoseconds(Int64.random(in: 1...max(1, nanoseconds), using: &random))
                        scheduled.append(Pending(due: now + delay, direction: direction, frame: frame))
                        local[direction.rawValue].delayed += 1
                    } else {
                        send(frame, direction, sockets)
                    }
                }
            }

            while true {
                let (faults, stopping) = shared.withLock { state in
                    state.counters = local
                    return (state.faults, state.stopping)
                }
                if stopping {
                    break
                }
                var now = ContinuousClock.now
                var wait = Duration.milliseconds(10)
                for pending in scheduled {
                    wait = min(wait, pending.due - now)
                }
                for case let item? in held {
                    wait = min(wait, item.since + faults.holdLimit - now)
                }
                let milliseconds = max(
                    0,
                    Int32(wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
                )
                _ = poll(&descriptors, 2, milliseconds)
                now = ContinuousClock.now
                for (index, direction) in [(0, Direction.towardBridge), (1, Direction.towardStation)] {
                    guard descriptors[index].revents != 0 else {
                        continue
                    }
                    // Up to 64 frames per side per round, so that one busy side cannot starve the other.
                    for _ in 0..<64 {
                        let frame: [UInt8]?
                        do {
                            frame = try sockets.receive(direction)
                        } catch let error where error.code == .networkDown {
                            continue  // the interface went down (a link flap): reported once, carry on
                        } catch {
                            shared.withLock { $0.failure = "\(error)" }
                            frame = nil
                        }
                        guard let frame else {
                            break
                        }
                        handle(frame, direction, faults: faults, now: now, sockets)
                    }
                }
                now = ContinuousClock.now
                if scheduled.contains(where: { $0.due <= now }) {
                    let due = scheduled.filter { $0.due <= now }.sorted { $0.due < $1.due }
                    scheduled.removeAll { $0.due <= now }
                    for pending in due {
                        send(pending.frame, pending.direction, sockets)
                    }
                }
                for direction in Direction.allCases {
                    if let item = held[direction.rawValue], now - item.since >= faults.holdLimit {
                        held[direction.rawValue] = nil
                        local[direction.rawValue].heldInOrder += 1
                        transmit(item.frame, direction, sockets)
                    }
                }
            }
            shared.withLock { $0.counters = local }
        }
    }
#endif
