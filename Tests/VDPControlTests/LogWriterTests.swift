import Dispatch
import Synchronization
import Testing

@testable import VDPControl
@testable import VDPLog

/// The event log's writer: bounded, never waiting for a slow output, and saying what it dropped.
@Suite struct LogWriterTests {
    @Test func theBufferHoldsAtMostItsCapacityAndCountsTheRest() {
        var buffer = LogBuffer(capacity: 26)
        let accepted = ["0123456789\n", "0123456789\n", "0123456789\n", "abc\n", "x\n"].map { buffer.append($0) }
        // The third line (33 bytes in all) does not fit; a shorter one still does; then the buffer is full.
        #expect(accepted == [true, true, false, true, false])
        #expect(buffer.byteCount == 26)
        let taken = buffer.takeAll()
        #expect(taken.lines == ["0123456789\n", "0123456789\n", "abc\n"])
        #expect(taken.dropped == LogBuffer.Dropped(lines: 2, bytes: 13))
        #expect(buffer.isEmpty)
        let again = buffer.takeAll()
        #expect(again.dropped == nil, "drops are reported once")
        #expect(buffer.totalDropped == 2)
    }

    /// Collects what the sink received; the first call waits until the gate opens (a stalled standard output).
    final class StalledSink: Sendable {
        let gate = DispatchSemaphore(value: 0)
        let received = Mutex<[String]>([])
        private let stalled = Mutex(true)

        func write(_ line: String) {
            if stalled.withLock({ state in
                defer { state = false }
                return state
            }) {
                gate.wait()
            }
            received.withLock { $0.append(line) }
        }
    }

    @Test func aStalledOutputCostsTheWriterNothingButDroppedLines() {
        let sink = StalledSink()
        let lineCount = 10_000
        let capacity = 4096
        let writer = LogWriter(capacity: capacity, sink: { sink.write($0) }) { "dropped \($0.lines)\n" }
        // The output takes nothing while these are written; each call returns without waiting for it.
        for number in 0..<lineCount {
            writer.write("line \(number)\n")
        }
        // All 10,000 calls returned while the output took nothing: the buffer filled, the rest was dropped.
        let droppedWhileStalled = writer.totalDropped
        #expect(droppedWhileStalled > 0)
        sink.gate.signal()
        writer.finish()
        let received = sink.received.withLock { $0 }
        let lines = received.filter { $0.hasPrefix("line ") }
        let reportedDrops = received.filter { $0.hasPrefix("dropped ") }.compactMap { Int($0.dropFirst(8).dropLast()) }
        #expect(!reportedDrops.isEmpty, "the drops are reported")
        #expect(reportedDrops.reduce(0, +) == Int(writer.totalDropped), "every drop is reported once")
        #expect(lines.count + reportedDrops.reduce(0, +) == lineCount, "each line written or counted")
        #expect(received.last?.hasPrefix("dropped ") == true, "the last drops are reported after the last lines")
        // The lines that got through are in order, starting with the first.
        let numbers = lines.compactMap { Int($0.dropFirst(5).dropLast()) }
        #expect(numbers.first == 0)
        #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count)
        // Each batch the output took was at most the buffer's capacity.
        #expect(lines.reduce(0) { $0 + $1.utf8.count } <= (reportedDrops.count + 1) * capacity)
    }

    @Test func afterFinishLinesGoStraightToTheOutput() {
        let received = Mutex<[String]>([])
        let writer = LogWriter(capacity: 8, sink: { line in received.withLock { $0.append(line) } }) { _ in "" }
        writer.finish()
        let table = (0..<100).map { "row \($0) of a table longer than the buffer\n" }
        for row in table {
            writer.write(row)
        }
        #expect(received.withLock { $0 } == table)
        #expect(writer.totalDropped == 0)
    }
}
