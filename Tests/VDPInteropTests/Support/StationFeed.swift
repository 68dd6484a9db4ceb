#if os(Linux)
    import Foundation
    import VDPTestSupport

    /// Drives a `vdpctl station --json --commands FILE` process: appends batches of command lines to its command
    /// file and reads its JSON log as it grows.
    final class StationFeed {
        let process: ChildProcess
        let commandPath: String
        private var log: AgentLogFollower
        private var batches = 0

        struct Stalled: Error, CustomStringConvertible {
            var description: String
        }

        /// `commandPath` must exist (empty) before the process starts.
        init(process: ChildProcess, commandPath: String) {
            self.process = process
            self.commandPath = commandPath
            log = AgentLogFollower(path: process.standardOutputPath)
        }

        /// Issues `lines` as one batch and waits up to `timeout` for its `batch` line; returns every log line
        /// read meanwhile (events that came between batches included).
        func issue(_ lines: [String], timeout: Duration) async throws -> [AgentLogRecord] {
            guard !lines.isEmpty else {
                return readLog()
            }
            batches += 1
            let number = batches
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: commandPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((lines.joined(separator: "\n") + "\n\n").utf8))
            try handle.close()
            var records: [AgentLogRecord] = []
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let new = log.next()
                records += new
                if new.contains(where: { $0.kind == "batch" && $0.batch == number }) {
                    return records
                }
                guard process.isRunning else {
                    throw Stalled(
                        description: "\(process.label) exited during batch \(number): \(process.standardError)"
                    )
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw Stalled(description: "\(process.label): batch \(number) unanswered after \(timeout)")
        }

        /// The log lines written since the previous read.
        func readLog() -> [AgentLogRecord] {
            log.next()
        }
    }
#endif
