#if os(Linux)
    /// What a ``PacketLink`` has counted since it opened.
    public struct PacketLinkStatistics: Hashable, Sendable, CustomStringConvertible {
        /// Frames sent.
        public var sent = 0
        /// Frames received and decoded.
        public var received = 0
        /// Frames received that did not decode (dropped).
        public var undecodable = 0
        /// Decoded frames dropped because ``PacketLink/frames`` already held
        /// ``PacketLink/frameBufferLimit`` frames nobody had read.
        public var dropped = 0
        /// Failed sends, receives and capture writes.
        public var errors = 0
        /// The longest time from a frame's kernel receive stamp to its read from the socket: how long the kernel
        /// took to queue it there, plus how long the socket was not read (the reader thread waiting for a CPU).
        public var longestReadDelay = Duration.zero

        /// All zero.
        public init() {}

        /// `sent N, received N, undecodable N, dropped N, errors N, longest read delay D`.
        public var description: String {
            "sent \(sent), received \(received), undecodable \(undecodable), dropped \(dropped), errors \(errors), "
                + "longest read delay \(longestReadDelay)"
        }
    }
#endif
