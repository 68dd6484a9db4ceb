#if os(Linux)
    import VDPAgent
    import VDPWire

    /// A `FrameLink` (from VDPAgent) over a ``PacketSocket`` on one Linux interface, for a `StationAgent` or a
    /// `BridgeAgent`.
    ///
    /// A dedicated POSIX thread blocks in poll(2) on the socket (no CPU is used while there is no traffic), reads
    /// each frame with the kernel's receive time (`SO_TIMESTAMPNS`, as a `ContinuousClock` instant: an agent judges
    /// an ECP acknowledgement by when it arrived, not by when the agent got to it), decodes it with
    /// `Frame(decoding:options: .receiving)` and queues it for ``frames``; frames that do not decode are counted
    /// and dropped. ``takeArrived()`` takes the queue and what is still on the socket at once, so an agent sees
    /// every frame that has arrived even when neither the thread nor the task reading ``frames`` has run yet.
    /// ``send(_:)`` encodes a frame padded to 60 octets and writes it.
    ///
    /// With a capture path, every frame sent and received (undecodable ones too) is appended to a classic pcap
    /// file (Ethernet, microsecond timestamps from `clock_gettime(CLOCK_REALTIME)`) as it goes, one write(2) per
    /// record, so the file is readable at any time; ``close()`` closes it.
    ///
    /// Call ``close()`` when done; dropping the last reference to the link closes it too.
    public final class PacketLink: FrameLink {
        /// How many received frames ``frames`` holds for a slow reader before it drops new ones.
        public static let frameBufferLimit = 1_024

        /// The interface, as looked up when the link opened.
        public var interface: Interface { core.interface }
        /// The pcap file written, if any.
        public let capturePath: String?
        /// The frames received and decoded, in order; the stream ends when the link closes.
        public let frames: AsyncStream<ReceivedFrame>
        private let core: PacketLinkCore

        private init(core: PacketLinkCore, capturePath: String?, frames: AsyncStream<ReceivedFrame>) {
            self.core = core
            self.capturePath = capturePath
            self.frames = frames
        }

        /// Opens a ``PacketSocket`` on `interface` and starts reading.
        ///
        /// - Parameters:
        ///   - interface: the interface name, such as `eth0`.
        ///   - capturePath: where to write a pcap file of the traffic; created or truncated.
        ///   - readerPriority: a real-time priority for the reader thread; when the kernel refuses it, the thread
        ///     keeps its inherited scheduling and ``readerScheduling`` says why.
        /// - Throws: what ``PacketSocket/init(interface:)`` throws; the `errno` of open(2) or write(2) for the
        ///   capture file; `pthread_create`'s error.
        public static func open(
            interface: String,
            capturePath: String? = nil,
            readerPriority: RealTimePriority? = nil
        ) throws(TransportError) -> PacketLink {
            let socket = try PacketSocket(interface: interface)
            let capture = try capturePath.map { (path) throws(TransportError) in try PacketCapture(path: path) }
            let core = try PacketLinkCore(
                socket: socket,
                capture: capture,
                queueLimit: frameBufferLimit,
                readerPriority: readerPriority
            )
            let frames = AsyncStream<ReceivedFrame>(
                unfolding: { await core.nextFrame() },
                onCancel: { core.wakeWaiters() }
            )
            return PacketLink(core: core, capturePath: capturePath, frames: frames)
        }

        deinit {
            core.close()
        }

        /// Sends `frame`, zero-padded to the 60-octet Ethernet minimum.
        ///
        /// - Throws: what ``PacketSocket/send(_:retryOnInterrupt:)`` throws, or ``TransportError/Code/closed``
        ///   after ``close()``.
        public nonisolated(nonsending) func send(_ frame: Frame) async throws(TransportError) {
            try core.send(frame.encoded(padToMinimumLength: true))
        }

        /// From now on the reader thread hands every frame to `receive` as it reads it (the frames it has queued
        /// first) instead of queueing it for ``frames``, and calls `finished` when the link closes; ``takeArrived()``
        /// then forwards what it reads too. An agent uses it so that a frame reaches it without a task in between.
        /// A later call replaces the receiver (an agent that stopped, followed by another on the same link). Always
        /// returns `true`.
        public func forwardFrames(
            to receive: @escaping @Sendable (ReceivedFrame) -> Void,
            finished: @escaping @Sendable () -> Void
        ) -> Bool {
            core.forwardFrames(to: receive, finished: finished)
        }

        /// Takes the frames the reader thread has read but ``frames`` has not yet handed out, then reads those
        /// still on the socket, on the caller's thread (at most ``frameBufferLimit`` in all). An agent calls it
        /// before it runs due timers.
        public func takeArrived() -> [ReceivedFrame] {
            core.takeArrived(limit: Self.frameBufferLimit)
        }

        /// Stops reading, closes the socket and the capture file, and ends ``frames``. Calling it again does
        /// nothing.
        public func close() {
            core.close()
        }

        /// The counters so far.
        public var statistics: PacketLinkStatistics { core.statistics }

        /// How the reader thread's request for a real-time priority went (``RealTimeOutcome/notRequested`` until
        /// the thread has started).
        public var readerScheduling: RealTimeOutcome { core.readerScheduling }

        /// The largest Ethernet payload this link can send: the interface's MTU when the link opened. An agent
        /// batches up to `min(configured limit, maximumPayloadLength)` (``Batching/enabled(maximumPayloadLength:)``
        /// of VDPProtocol); received frames decode up to the same length.
        public var maximumPayloadLength: Int { core.interface.mtu }
    }
#endif
