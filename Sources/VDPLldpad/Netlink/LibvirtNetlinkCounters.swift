/// What the netlink front door has done since it started, for tests and diagnostics.
struct LibvirtNetlinkCounters: Hashable, Sendable {
    /// Port-profile requests acknowledged with success and handed to the daemon.
    var requestsAccepted = 0
    /// Requests and queries answered with an error (malformed, unknown interface, table full).
    var requestsRefused = 0
    /// Status queries answered.
    var statusAnswers = 0
    /// Datagrams dropped: unreadable header, or the queue to the daemon full.
    var datagramsDropped = 0
    /// Notifications sent to libvirt after the bridge ended a VSI.
    var notificationsSent = 0
    /// Answers and notifications the kernel would not deliver (the receiver gone, or its queue full).
    var sendFailures = 0
}
