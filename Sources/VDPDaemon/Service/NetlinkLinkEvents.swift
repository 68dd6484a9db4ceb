#if os(Linux)
    import Synchronization
    import VDPNetlink

    /// The ``LinkEventSource`` of `vdpd`: rtnetlink, through a `LinkMonitor`. An interface counts as up when it
    /// is administratively up and has its carrier; a deleted interface, or one renamed away, is ``LinkEvent/Kind/removed``,
    /// and one that appears under a configured name again is up or down as its state says.
    public final class NetlinkLinkEvents: LinkEventSource {
        private let monitor: LinkMonitor

        /// Follows the links of the current network namespace.
        public init() throws(NetlinkError) {
            monitor = try LinkMonitor()
        }

        /// Stops following (the event stream ends).
        public func stop() {
            monitor.stop()
        }

        /// The monitor's counters (changes dropped because the daemon fell behind, overruns).
        public var statistics: LinkMonitorStatistics { monitor.statistics }

        /// Whether `interface` is up and has its carrier now; `nil` when there is no such interface.
        public func isUp(_ interface: String) async -> Bool? {
            guard let links = try? monitor.links(), let link = links.first(where: { $0.name == interface }) else {
                return nil
            }
            return Self.isUp(link)
        }

        /// Up, down and removed events by interface name, from the monitor's changes.
        public func linkEvents() async -> AsyncStream<LinkEvent> {
            let changes = monitor.changes()
            var tracker = LinkEventTracker(links: (try? monitor.links()) ?? [])
            let (stream, continuation) = AsyncStream<LinkEvent>.makeStream(bufferingPolicy: .bufferingNewest(4_096))
            let task = Task {
                for await change in changes {
                    for event in tracker.apply(change) {
                        continuation.yield(event)
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
            return stream
        }

        static func isUp(_ link: LinkStatus) -> Bool {
            link.isAdministrativelyUp && link.hasCarrier
        }
    }
#endif
