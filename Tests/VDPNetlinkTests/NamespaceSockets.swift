#if os(Linux)
    import VDPTestSupport
    @testable import VDPNetlink

    extension TestNamespace {
        /// Opens a monitor inside the namespace.
        func monitor(
            configuration: LinkMonitorConfiguration = LinkMonitorConfiguration(),
            startsReader: Bool = true
        ) async throws -> LinkMonitor {
            try await NetworkNamespace.onOwnThread(in: name) {
                try LinkMonitor(configuration: configuration, startsReader: startsReader)
            }
        }

        /// Opens a plain netlink socket inside the namespace.
        func socket(groups: UInt32 = 0) async throws -> NetlinkSocket {
            try await NetworkNamespace.onOwnThread(in: name) {
                try NetlinkSocket(groups: groups)
            }
        }
    }
#endif
