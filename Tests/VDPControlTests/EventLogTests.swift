import Foundation
import Synchronization
import Testing
import VDPAgent
import VDPProtocol
import VDPWire

@testable import VDPControl
@testable import VDPLog

/// The event log of `vdpctl bridge`: agent events rate-limited per cause, with an injected clock.
@Suite struct EventLogTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let current = Mutex(Instant.zero)

        var now: Instant { current.withLock { $0 } }

        func advance(by duration: Duration) {
            current.withLock { $0 = $0 + duration }
        }
    }

    /// Everything written, in order.
    final class Collected: Sendable {
        private let lines = Mutex<[String]>([])

        func append(_ text: String) {
            lines.withLock { $0.append(text) }
        }

        var all: [String] { lines.withLock { $0 } }

        /// The JSON lines as dictionaries.
        var objects: [[String: Any]] {
            all.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    static let attacker = MACAddress(2, 0, 0, 0, 0, 0xAA)
    static let victim = MACAddress(2, 0, 0, 0, 0, 0x01)

    static func refused(_ station: MACAddress, _ number: UInt64) -> BridgeAgentEvent {
        let vsiID = VSIID(.uuid(VSIUUID(octets: Octets16(high: 0xA1B2_C3D4_0000_4000, low: number))))
        return .vsi(.requestRefused(BridgeVSIKey(station: station, vsiID: vsiID), .insufficientResources))
    }

    func makeLog(limits: EventLogLimits = EventLogLimits()) -> (EventLog, EventLogOutput, ManualClock, Collected) {
        let clock = ManualClock()
        let collected = Collected()
        let output = EventLogOutput(json: true, limits: limits, clock: { clock.now }) { collected.append($0) }
        return (EventLog(output: output), output, clock, collected)
    }

    @Test func aFloodingStationGetsItsShareAndOneSummaryPerWindow() throws {
        let (log, output, clock, collected) = makeLog()
        // Three windows of 1,000 refusals each for the attacker, and one line for the victim in each.
        for _ in 0..<3 {
            for number in 0..<1000 {
                log.bridge(Self.refused(Self.attacker, UInt64(number)))
            }
            log.bridge(Self.refused(Self.victim, 7))
            clock.advance(by: .milliseconds(1000))
        }
        output.finish()
        let objects = collected.objects
        let attackerLines = objects.filter {
            $0["kind"] as? String == "vsi" && ($0["text"] as? String)?.hasPrefix("\(Self.attacker)") == true
        }
        let victimLines = objects.filter {
            $0["kind"] as? String == "vsi" && ($0["text"] as? String)?.hasPrefix("\(Self.victim)") == true
        }
        let summaries = objects.filter { $0["kind"] as? String == "suppressed" }
        #expect(attackerLines.count == 3 * 20)
        #expect(victimLines.count == 3, "the victim's lines are not crowded out")
        #expect(summaries.count == 3)
        for summary in summaries {
            #expect(summary["lines"] as? Int == 980)
            #expect(summary["station"] as? String == "\(Self.attacker)")
            #expect(summary["cause"] as? String == "vsi")
            #expect((summary["text"] as? String)?.hasPrefix("suppressed 980 \"vsi\" about \(Self.attacker)") == true)
        }
        #expect(output.counters.suppressed == 3 * 980)
        #expect(output.counters.dropped == 0)
        #expect(objects.count == collected.all.count, "every line is one JSON object")
    }

    @Test func aQuietLogStillReportsWhatItWithheld() {
        let (log, output, clock, collected) = makeLog(limits: EventLogLimits(linesPerCause: 2))
        for number in 0..<5 {
            log.event("malformed", station: Self.attacker, "frame \(number)")
        }
        output.tick()
        #expect(!collected.all.contains { $0.contains("suppressed") }, "the window is still open")
        clock.advance(by: .seconds(1))
        output.tick()
        output.finish()
        let summaries = collected.objects.filter { $0["kind"] as? String == "suppressed" }
        #expect(summaries.map { $0["lines"] as? Int } == [3])
    }

    @Test func operatorLinesAreNeverSuppressed() {
        let (log, output, _, collected) = makeLog(limits: EventLogLimits(linesPerCause: 1, linesPerInterval: 1))
        for number in 0..<50 {
            log.line("result \(number)", kind: "result")
        }
        output.finish()
        #expect(collected.objects.filter { $0["kind"] as? String == "result" }.count == 50)
        #expect(output.counters.suppressed == 0)
    }

    @Test func textLinesNameKindPortAndCause() {
        let collected = Collected()
        let clock = ManualClock()
        let output = EventLogOutput(json: false, limits: EventLogLimits(linesPerCause: 1), clock: { clock.now }) {
            collected.append($0)
        }
        let log = EventLog(output: output).prefixed("eth1")
        log.event("malformed", station: Self.attacker, "one")
        log.event("malformed", station: Self.attacker, "two")
        output.finish()
        #expect(
            collected.all == [
                "[malformed] eth1: one\n",
                "[suppressed] eth1: suppressed 1 \"malformed\" about \(Self.attacker) on eth1 lines "
                    + "(limits: 1 per cause, 200 in all, per 1 s)\n",
            ]
        )
    }
}
