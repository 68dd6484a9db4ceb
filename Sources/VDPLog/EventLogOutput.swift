import Synchronization
import VDPProtocol

/// Where the lines of every ``EventLog`` of one command (or of the daemon) go: agent events through a ``LogRateLimiter``, every
/// line through a non-blocking ``LogWriter``, as text (`[kind] text`) or JSON lines.
public final class EventLogOutput: Sendable {
    /// JSON lines instead of text.
    public let json: Bool
    /// The limits in force.
    public let limits: EventLogLimits
    private let limiter: Mutex<LogRateLimiter>
    private let writer: LogWriter
    private let clock: @Sendable () -> Instant

    /// An output writing to `write` (which may block; the caller never waits for it). `clock` gives the time for
    /// the rate limits: the process's monotonic clock unless a test injects one.
    public init(
        json: Bool,
        limits: EventLogLimits = EventLogLimits(),
        clock: (@Sendable () -> Instant)? = nil,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.json = json
        self.limits = limits
        self.limiter = Mutex(LogRateLimiter(limits: limits))
        self.clock = clock ?? Self.monotonicClock()
        self.writer = LogWriter(capacity: limits.bufferBytes, sink: write) { dropped in
            Self.format(
                json: json,
                kind: "dropped",
                text: "\(dropped.lines) lines (\(dropped.bytes) bytes) dropped: standard output was too slow",
                port: nil,
                extra: [("lines", .int(Int64(dropped.lines)))]
            )
        }
    }

    /// Lines withheld by the rate limits, and lines dropped because the output was too slow, since the start.
    public var counters: (suppressed: UInt64, dropped: UInt64) {
        (limiter.withLock { $0.totalSuppressed }, writer.totalDropped)
    }

    /// Writes a line that is never rate-limited; with JSON, `fields` are added to its object.
    public func write(kind: String, text: String, port: String?, fields: [(String, JSONValue)] = []) {
        writer.write(Self.format(json: json, kind: kind, text: text, port: port, extra: fields))
    }

    /// Writes a line about an event a peer caused unless its cause has used up its share of the window; the
    /// text and JSON fields are built only when the line is written.
    public func write(_ cause: LogCause, line: () -> (text: String, fields: [(String, JSONValue)])) {
        let now = clock()
        let (admitted, ended) = limiter.withLock { $0.admit(cause, at: now) }
        report(ended)
        if admitted {
            let (text, fields) = line()
            writer.write(Self.format(json: json, kind: cause.kind, text: text, port: cause.port, extra: fields))
        }
    }

    /// Reports the suppressions of a window that has ended (call it now and then, so that a quiet log still
    /// says what it withheld).
    public func tick() {
        let now = clock()
        report(limiter.withLock { $0.endWindow(ifDueAt: now) })
    }

    /// Reports what the current window withheld and writes out everything buffered, waiting for the output;
    /// later lines (the final table) go straight to the output.
    public func finish() {
        report(limiter.withLock { $0.flush() })
        writer.finish()
    }

    private func report(_ suppressions: [LogRateLimiter.Suppression]) {
        for suppression in suppressions {
            let about = suppression.cause.map { "\($0) lines" } ?? "lines of other causes"
            var extra: [(String, JSONValue)] = [("lines", .int(Int64(suppression.count)))]
            if let cause = suppression.cause {
                extra.append(("cause", .string(cause.kind)))
                if let station = cause.station {
                    extra.append(("station", .string(station.description)))
                }
            }
            writer.write(
                Self.format(
                    json: json,
                    kind: "suppressed",
                    text: "suppressed \(suppression.count) \(about) (limits: \(limits.linesPerCause) per cause, "
                        + "\(limits.linesPerInterval) in all, per \(Self.describe(limits.interval)))",
                    port: suppression.cause?.port,
                    extra: extra
                )
            )
        }
    }

    /// One line: `[kind] port: text` or `{"kind": …, "text": …, "port": …, …}`.
    public static func format(
        json: Bool,
        kind: String,
        text: String,
        port: String?,
        extra: [(String, JSONValue)] = []
    ) -> String {
        if json {
            var members: [(String, JSONValue)] = [("kind", .string(kind)), ("text", .string(text))]
            if let port {
                members.append(("port", .string(port)))
            }
            return JSONValue.object(members + extra).serialized() + "\n"
        }
        return "[\(kind)]" + (port.map { " \($0):" } ?? "") + " \(text)\n"
    }

    /// `1 s`, `250 ms`.
    private static func describe(_ interval: Duration) -> String {
        let (seconds, attoseconds) = interval.components
        return attoseconds == 0 ? "\(seconds) s" : "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }

    /// The process's monotonic clock, from now.
    private static func monotonicClock() -> @Sendable () -> Instant {
        let origin = ContinuousClock.now
        return { Instant.zero + (ContinuousClock.now - origin) }
    }
}
