#if os(Linux)
    /// Follows the network interfaces of the network namespace it was created in, with rtnetlink: the current
    /// links, and a stream of their changes (appeared, changed — administrative state, carrier, operational
    /// state, rename —, removed).
    ///
    /// The monitor opens a `NETLINK_ROUTE` socket bound to `RTMGRP_LINK`, dumps every link (`RTM_GETLINK`) before
    /// ``init(configuration:)`` returns, and then a dedicated thread blocks in poll(2) on the socket and applies
    /// every `RTM_NEWLINK` and `RTM_DELLINK` notification to its table, telling each stream what changed. When the
    /// socket overruns (the kernel dropped notifications, `ENOBUFS`), the thread dumps every link again and each
    /// stream gets ``LinkChange/resynchronised(_:)`` with the complete set.
    ///
    /// A socket belongs to the network namespace of the thread that creates it: create the monitor on a thread
    /// inside the namespace to watch (its own thread stays there).
    ///
    /// Streams are bounded (``LinkMonitorConfiguration/changeBufferLimit``, 1,024 by default): a reader that
    /// falls behind loses the oldest changes, counted in ``droppedChanges``, and may read ``links()`` again.
    /// ``stop()`` ends every stream and closes the socket; dropping the last reference stops the monitor too.
    public final class LinkMonitor: Sendable {
        private let core: LinkMonitorCore

        /// Opens the socket, dumps the links and starts following them, with the default bounds.
        ///
        /// - Throws: ``NetlinkError`` when the socket cannot be opened or bound, or the first dump fails.
        public convenience init() throws(NetlinkError) {
            try self.init(configuration: LinkMonitorConfiguration())
        }

        /// Opens the socket, dumps the links and starts following them.
        ///
        /// - Throws: ``NetlinkError`` when the socket cannot be opened or bound, or the first dump fails.
        public init(configuration: LinkMonitorConfiguration) throws(NetlinkError) {
            core = try LinkMonitorCore(configuration: configuration)
        }

        /// A monitor whose reader thread starts only with ``startReader()`` (for tests of overruns).
        init(configuration: LinkMonitorConfiguration, startsReader: Bool) throws(NetlinkError) {
            core = try LinkMonitorCore(configuration: configuration, startsReader: startsReader)
        }

        /// Starts the reader thread of a monitor made with `startsReader: false`.
        func startReader() throws(NetlinkError) {
            try core.startReader()
        }

        deinit {
            core.stop()
        }

        /// The links known now, in index order: the first dump, kept current by every notification since.
        ///
        /// - Throws: ``NetlinkError/Code/closed`` after ``stop()``.
        public func links() throws(NetlinkError) -> [LinkStatus] {
            try core.links()
        }

        /// A new stream of every change from now on, until ``stop()``.
        ///
        /// To start from a consistent view, take the stream first and then read ``links()``: a change made in
        /// between shows in both, and a change is a new state, so applying it twice does no harm.
        public func changes() -> AsyncStream<LinkChange> {
            core.subscribe(following: nil)
        }

        /// A new stream of the changes of the interface called `name`, as ``LinkFollower`` reports them: across
        /// renames (a link renamed to `name` appears, one renamed away is removed) and removal and re-creation.
        ///
        /// When such an interface exists now, the stream starts with ``LinkChange/appeared(_:)`` for it. The
        /// stream never holds ``LinkChange/resynchronised(_:)``: an overrun becomes the change that bridges it.
        public func changes(followingInterfaceNamed name: String) -> AsyncStream<LinkChange> {
            core.subscribe(following: name)
        }

        /// Stops the thread, closes the socket and ends every stream. Calling it again does nothing.
        public func stop() {
            core.stop()
        }

        /// Changes dropped because a stream's buffer was full, summed over every stream.
        public var droppedChanges: UInt64 { core.statistics.droppedChanges }

        /// The counters so far.
        public var statistics: LinkMonitorStatistics { core.statistics }
    }
#endif
