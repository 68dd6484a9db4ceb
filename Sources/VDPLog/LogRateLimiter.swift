import VDPProtocol

/// Decides which event-log lines are written: at most ``EventLogLimits/linesPerCause`` per cause and
/// ``EventLogLimits/linesPerInterval`` in all per window of ``EventLogLimits/interval``; counts the rest.
///
/// A value type with no clock: every call passes the current instant. Its memory is bounded by
/// ``EventLogLimits/maximumCauses``; lines of causes beyond that share one count (``Suppression/cause`` `nil`).
struct LogRateLimiter: Sendable {
    /// Lines withheld in one window.
    struct Suppression: Hashable, Sendable {
        /// The cause, or `nil` for the causes beyond ``EventLogLimits/maximumCauses``.
        var cause: LogCause?
        /// How many lines.
        var count: Int
    }

    /// The limits.
    let limits: EventLogLimits
    private var windowStart: Instant?
    private var written: [LogCause: Int] = [:]
    private var withheld: [LogCause: Int] = [:]
    private var untrackedWritten = 0
    private var untrackedWithheld = 0
    private var writtenInWindow = 0
    /// Lines withheld since the start.
    private(set) var totalSuppressed: UInt64 = 0

    init(limits: EventLogLimits) {
        self.limits = limits
    }

    /// Whether a line of `cause` may be written at `now`. When `now` starts a new window, the previous window's
    /// suppressions are returned as well (report them first).
    mutating func admit(_ cause: LogCause, at now: Instant) -> (admitted: Bool, ended: [Suppression]) {
        let ended = endWindow(ifDueAt: now)
        if windowStart == nil {
            windowStart = now
        }
        let tracked = written[cause] != nil || written.count < max(limits.maximumCauses, 0)
        let count = tracked ? written[cause, default: 0] : untrackedWritten
        guard count < limits.linesPerCause, writtenInWindow < limits.linesPerInterval else {
            totalSuppressed &+= 1
            if tracked {
                // A cause is tracked once it has written a line, so `withheld` never has more keys than `written`.
                if written[cause] == nil {
                    written[cause] = 0
                }
                withheld[cause, default: 0] += 1
            } else {
                untrackedWithheld += 1
            }
            return (false, ended)
        }
        if tracked {
            written[cause] = count + 1
        } else {
            untrackedWritten += 1
        }
        writtenInWindow += 1
        return (true, ended)
    }

    /// The suppressions of the current window if it has ended by `now` (a new window then starts with the next
    /// line); none otherwise.
    mutating func endWindow(ifDueAt now: Instant) -> [Suppression] {
        guard let windowStart, now - windowStart >= limits.interval else {
            return []
        }
        return flush()
    }

    /// Ends the current window now and returns its suppressions, largest first.
    mutating func flush() -> [Suppression] {
        var result = withheld.map { Suppression(cause: $0.key, count: $0.value) }
            .sorted { ($0.count, $0.cause?.description ?? "") > ($1.count, $1.cause?.description ?? "") }
        if untrackedWithheld > 0 {
            result.append(Suppression(cause: nil, count: untrackedWithheld))
        }
        windowStart = nil
        written.removeAll(keepingCapacity: true)
        withheld.removeAll(keepingCapacity: true)
        untrackedWritten = 0
        untrackedWithheld = 0
        writtenInWindow = 0
        return result
    }
}
