/// The counters of a ``LinkMonitor``.
public struct LinkMonitorStatistics: Hashable, Sendable {
    /// Changes dropped because a stream's buffer was full (summed over every stream).
    public var droppedChanges: UInt64 = 0
    /// Times the socket overran (`ENOBUFS`) or a datagram was cut, each followed by a fresh dump.
    public var overruns: UInt64 = 0
    /// Fresh dumps completed after an overrun (each reported as ``LinkChange/resynchronised(_:)``).
    public var resynchronisations: UInt64 = 0
    /// Link messages that did not decode (dropped; the next dump corrects the table).
    public var undecodableMessages: UInt64 = 0
    /// Other receive and dump failures.
    public var errors: UInt64 = 0

    /// Creates counters at zero.
    public init() {}
}
