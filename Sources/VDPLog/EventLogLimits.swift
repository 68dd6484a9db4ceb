/// How much the event log of `vdpctl bridge`, `vdpctl station` and `vdpd` may write, so that no peer can flood it.
///
/// Agent events are counted per cause (the log kind, the port and the station the event is about) in windows of
/// ``interval``: at most ``linesPerCause`` lines of one cause and ``linesPerInterval`` lines in all per window;
/// the rest are counted and reported as one `suppressed` line per cause when the window ends. Lines the operator
/// asked for (start, requests and results, the final table and counters) are never suppressed.
///
/// The writer holds at most ``bufferBytes`` of lines that standard output has not taken yet; lines beyond that
/// are dropped, counted and reported in one `dropped` line once output moves again, so a slow reader never
/// blocks the agent.
public struct EventLogLimits: Hashable, Sendable {
    /// Lines of one cause per window (default 20).
    public var linesPerCause = 20
    /// Lines of all causes per window (default 200).
    public var linesPerInterval = 200
    /// The window (default 1 s).
    public var interval = Duration.seconds(1)
    /// Causes tracked one by one per window (default 64, about 10 KB); lines of further causes share one count.
    public var maximumCauses = 64
    /// Bytes of lines waiting for standard output (default 1 MiB).
    public var bufferBytes = 1 << 20

    /// Limits; every value left out has its default.
    public init(
        linesPerCause: Int = 20,
        linesPerInterval: Int = 200,
        interval: Duration = .seconds(1),
        maximumCauses: Int = 64,
        bufferBytes: Int = 1 << 20
    ) {
        self.linesPerCause = linesPerCause
        self.linesPerInterval = linesPerInterval
        self.interval = interval
        self.maximumCauses = maximumCauses
        self.bufferBytes = bufferBytes
    }
}
