import Dispatch
import Synchronization
import Testing

@testable import VDPControl

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
        let dropped = writer.totalDropped
        #expect(dropped > 0)
        #expect(dropped < UInt64(lineCount))
        sink.gate.signal()
        writer.finish()
        let received = sink.received.withLock { $0 }
        let lines = received.filter { $0.hasPrefix("line ") }
        #expect(received.last == "dropped \(dropped)\n", "one summary, after the lines that got through")
        #expect(lines.count + Int(dropped) == lineCount)
        #expect(lines.first == "line 0\n")
        // The batch the output took first and what waited behind it each fitted in the buffer.
        #expect(lines.reduce(0) { $0 + $1.utf8.count } <= 2 * capacity)
        // In order: the dropped lines are the newest ones.
        #expect(lines == (0..<lines.count).map { "line \($0)\n" })
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
