import Testing
import VDPProtocol
import VDPWire

@testable import VDPControl
@testable import VDPLog

/// The event log's rate limits per cause, in virtual time.
@Suite struct LogRateLimiterTests {
    static let attacker = MACAddress(2, 0, 0, 0, 0, 0xAA)
    static let victim = MACAddress(2, 0, 0, 0, 0, 0x01)

    static func cause(_ kind: String, _ station: MACAddress?) -> LogCause {
        LogCause(kind: kind, port: nil, station: station)
    }

    /// Offers `count` lines of `cause` at `now`; returns how many were admitted.
    static func offer(
        _ limiter: inout LogRateLimiter,
        _ cause: LogCause,
        count: Int,
        at now: Instant
    ) -> Int {
        (0..<count).reduce(0) { admitted, _ in admitted + (limiter.admit(cause, at: now).admitted ? 1 : 0) }
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var limits: EventLogLimits
        /// Lines offered in one window: (kind, station number, count).
        var offered: [(String, UInt8, Int)]
        var admitted: Int
        /// Suppressed lines per cause reported at the end of the window; station `nil`: the shared count.
        var suppressed: [String: Int]

        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "one crafted frame: 739 malformed lines from one station",
            limits: EventLogLimits(),
            offered: [("malformed", 0xAA, 739)],
            admitted: 20,
            suppressed: ["malformed/02:00:00:00:00:aa": 719]
        ),
        Case(
            name: "causes are counted apart: a flooding station leaves another station's lines alone",
            limits: EventLogLimits(),
            offered: [("malformed", 0xAA, 500), ("vsi", 0x01, 3), ("vsi", 0xAA, 30)],
            admitted: 20 + 3 + 20,
            suppressed: ["malformed/02:00:00:00:00:aa": 480, "vsi/02:00:00:00:00:aa": 10]
        ),
        Case(
            name: "the total per window holds across causes",
            limits: EventLogLimits(linesPerCause: 5, linesPerInterval: 12),
            offered: [("vsi", 1, 5), ("vsi", 2, 5), ("vsi", 3, 5)],
            admitted: 12,
            suppressed: ["vsi/02:00:00:00:00:03": 3]
        ),
        Case(
            name: "causes beyond the tracked number share one count",
            limits: EventLogLimits(linesPerCause: 2, linesPerInterval: 100, maximumCauses: 2),
            offered: [("vsi", 1, 3), ("vsi", 2, 3), ("vsi", 3, 3), ("vsi", 4, 3)],
            admitted: 2 + 2 + 2,
            suppressed: ["vsi/02:00:00:00:00:01": 1, "vsi/02:00:00:00:00:02": 1, "other": 4]
        ),
    ]

    @Test(arguments: cases)
    func limitsAndSuppressions(_ example: Case) {
        var limiter = LogRateLimiter(limits: example.limits)
        var admitted = 0
        for (kind, station, count) in example.offered {
            admitted += Self.offer(
                &limiter,
                Self.cause(kind, MACAddress(2, 0, 0, 0, 0, station)),
                count: count,
                at: .zero + .milliseconds(10)
            )
        }
        #expect(admitted == example.admitted)
        let early = limiter.endWindow(ifDueAt: .zero + .milliseconds(500))
        #expect(early.isEmpty, "the window has not ended")
        let reported = limiter.endWindow(ifDueAt: .zero + .milliseconds(1010))
        var byCause: [String: Int] = [:]
        for suppression in reported {
            let key = suppression.cause.map { "\($0.kind)/\($0.station.map { "\($0)" } ?? "-")" } ?? "other"
            byCause[key, default: 0] += suppression.count
        }
        #expect(byCause == example.suppressed)
        let offered = example.offered.reduce(0) { $0 + $1.2 }
        #expect(limiter.totalSuppressed == UInt64(offered - admitted))
        #expect(reported.count <= example.limits.maximumCauses + 1)
    }

    @Test func aNewWindowStartsAfterTheIntervalAndReportsTheOldOne() {
        var limiter = LogRateLimiter(limits: EventLogLimits())
        let flood = Self.cause("malformed", Self.attacker)
        #expect(Self.offer(&limiter, flood, count: 100, at: .zero) == 20)
        // Still the first window: nothing more, nothing reported.
        let later = limiter.admit(flood, at: .zero + .milliseconds(999))
        #expect(!later.admitted)
        #expect(later.ended.isEmpty)
        // The next line after the interval opens a new window and carries the old window's report.
        let next = limiter.admit(flood, at: .zero + .seconds(1))
        #expect(next.admitted)
        #expect(next.ended == [LogRateLimiter.Suppression(cause: flood, count: 81)])
        #expect(Self.offer(&limiter, flood, count: 100, at: .zero + .milliseconds(1500)) == 19)
        let flushed = limiter.flush()
        #expect(flushed == [LogRateLimiter.Suppression(cause: flood, count: 81)])
        #expect(limiter.totalSuppressed == 162)
    }

    @Test func aQuietWindowReportsNothing() {
        var limiter = LogRateLimiter(limits: EventLogLimits())
        #expect(Self.offer(&limiter, Self.cause("vsi", Self.victim), count: 20, at: .zero) == 20)
        let reported = limiter.endWindow(ifDueAt: .zero + .seconds(2))
        #expect(reported.isEmpty)
        #expect(limiter.totalSuppressed == 0)
    }
}
