#if os(Linux)
    import Foundation
    import VDPTestSupport

    /// One line of `vdpctl station|bridge --json`: `{"kind": …, "text": …}`.
    struct AgentLogLine: Decodable, Sendable, CustomStringConvertible {
        var kind: String
        var text: String

        var description: String { "[\(kind)] \(text)" }
    }

    extension ChildProcess {
        /// The JSON event log written to standard output so far (a partly written last line is left out).
        var logLines: [AgentLogLine] {
            let decoder = JSONDecoder()
            return standardOutput.split(separator: "\n").compactMap { line in
                try? decoder.decode(AgentLogLine.self, from: Data(line.utf8))
            }
        }

        /// Waits up to `timeout` for a log line that satisfies `condition`.
        func waitForLogLine(timeout: Duration, where condition: (AgentLogLine) -> Bool) async -> AgentLogLine? {
            var found: AgentLogLine?
            _ = await eventually(timeout: timeout, every: .milliseconds(50)) {
                found = logLines.first(where: condition)
                return found != nil
            }
            return found
        }
    }

    extension Testbed {
        /// Starts `vdpctl ARGUMENTS` in `namespace`; standard output (the `--json` event log) and standard error
        /// go to separate files.
        func startVdpctl(_ label: String, in namespace: String, _ arguments: [String]) throws -> ChildProcess {
            try start(label, inNamespace(namespace, [environment.vdpctl] + arguments), mergingErrors: false)
        }
    }
#endif
