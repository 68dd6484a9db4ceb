import Dispatch
import Synchronization

/// Writes log lines to a possibly slow output without ever blocking the caller: ``write(_:)`` only appends to a
/// ``LogBuffer``, and a serial dispatch queue hands the lines to `sink` (which may block). Lines that do not fit
/// are dropped and reported through `droppedLine` once the output takes lines again.
final class LogWriter: Sendable {
    private struct State {
        var buffer: LogBuffer
        /// A drain is scheduled or running.
        var draining = false
        /// After ``LogWriter/finish()``: lines go straight to the sink.
        var direct = false
    }

    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "vdpctl.log-writer")
    private let sink: @Sendable (String) -> Void
    private let droppedLine: @Sendable (LogBuffer.Dropped) -> String

    /// A writer holding at most `capacity` bytes for `sink`; `droppedLine` formats the report of dropped lines.
    init(
        capacity: Int,
        sink: @escaping @Sendable (String) -> Void,
        droppedLine: @escaping @Sendable (LogBuffer.Dropped) -> String
    ) {
        self.state = Mutex(State(buffer: LogBuffer(capacity: capacity)))
        self.sink = sink
        self.droppedLine = droppedLine
    }

    /// Lines dropped since the start.
    var totalDropped: UInt64 {
        state.withLock { $0.buffer.totalDropped }
    }

    /// Queues `line` (or drops it when the buffer is full); never waits for the output, until ``finish()``.
    func write(_ line: String) {
        let (direct, schedule) = state.withLock { state -> (Bool, Bool) in
            if state.direct {
                return (true, false)
            }
            _ = state.buffer.append(line)
            guard !state.draining else {
                return (false, false)
            }
            state.draining = true
            return (false, true)
        }
        if direct {
            sink(line)
        } else if schedule {
            queue.async { self.drain() }
        }
    }

    /// Writes everything queued (waiting for the output as long as it takes); from then on every line goes
    /// straight to the sink, so that the final output of a command is complete.
    func finish() {
        while true {
            queue.sync {}
            let done = state.withLock { state -> Bool in
                guard !state.draining else {
                    return false
                }
                state.direct = true
                return true
            }
            if done {
                return
            }
        }
    }

    /// Runs on the queue: writes batches until the buffer is empty.
    private func drain() {
        while true {
            let batch = state.withLock { state -> (lines: [String], dropped: LogBuffer.Dropped?)? in
                let taken = state.buffer.takeAll()
                if taken.lines.isEmpty && taken.dropped == nil {
                    state.draining = false
                    return nil
                }
                return taken
            }
            guard let batch else {
                return
            }
            for line in batch.lines {
                sink(line)
            }
            if let dropped = batch.dropped {
                sink(droppedLine(dropped))
            }
        }
    }
}
