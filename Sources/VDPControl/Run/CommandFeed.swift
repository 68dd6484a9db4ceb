#if os(Linux)
    import Glibc
    import VDPAgent
    import VDPLog
    import VDPProtocol
    import VDPTransport
    import VDPWire

    /// `vdpctl station --commands FILE`: VSI commands read from a file as it grows (as `tail -f` reads it), so
    /// that a supervising program can drive a running station.
    ///
    /// Each line is one command in the form the command line takes after `--` (`mode=assoc mgrid=… vsiid=…`).
    /// An empty line issues the commands read since the previous empty line together, batched into as few ECPDUs
    /// as fit (as `--concurrent` does); their outcomes are logged as `result` / `failure` lines, followed by one
    /// `batch` line. A line that does not parse is logged as `failure` and skipped. Commands of one batch should
    /// name different VSIs (a VSI with a request outstanding refuses another).
    enum CommandFeed {
        /// The longest line read; a longer one is logged as a failure and skipped.
        static let maximumLineLength = 4_096
        /// How often the end of the file is checked for new lines.
        static let pollInterval = Duration.milliseconds(20)

        /// Follows `path` until the task is cancelled. The feed is read and parsed here, on the cooperative pool;
        /// each batch is handed to `agent` on `thread`, the agent's own thread (see `issue`).
        static func follow(_ path: String, agent: StationAgent, on thread: AgentThread, log: EventLog) async {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                log.line("--commands \(path): cannot open (errno \(errno))", kind: "failure")
                return
            }
            defer { close(descriptor) }
            var reader = LineReader(maximumLength: maximumLineLength)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var batch: [VSICommand] = []
            var batchNumber = 0
            while !Task.isCancelled {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else {
                    try? await Task.sleep(for: pollInterval)
                    continue
                }
                var parsed = 0
                for line in reader.append(buffer[..<count]) {
                    switch line {
                    case .tooLong:
                        log.line("--commands: line longer than \(maximumLineLength) octets skipped", kind: "failure")
                    case .text(let text):
                        let words = Self.words(text)
                        guard !words.isEmpty else {
                            guard !batch.isEmpty else {
                                continue
                            }
                            batchNumber += 1
                            await issue(batch, number: batchNumber, on: agent, thread: thread, log: log)
                            batch.removeAll()
                            continue
                        }
                        do {
                            batch.append(try VSICommand.parse(words))
                        } catch {
                            log.line("--commands: \(error): \(text)", kind: "failure")
                        }
                        parsed += 1
                        if parsed.isMultiple(of: yieldInterval) {
                            await Task.yield()
                        }
                    }
                }
            }
        }

        /// How many lines are parsed between two turns given to other work (the agent, the log).
        static let yieldInterval = 1_024

        /// The words of a line, split at ASCII spaces, tabs and carriage returns by octets (a command is ASCII, so
        /// there is no need to split by characters); empty for a blank line.
        static func words(_ line: String) -> [String] {
            var words: [String] = []
            let octets = line.utf8
            var start = octets.startIndex
            var index = start
            while index != octets.endIndex {
                switch octets[index] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                    if start != index {
                        words.append(String(Substring(octets[start..<index])))
                    }
                    octets.formIndex(after: &index)
                    start = index
                default:
                    octets.formIndex(after: &index)
                }
            }
            if start != index {
                words.append(String(Substring(octets[start..<index])))
            }
            return words
        }

        /// Issues one batch and logs every outcome, then the `batch` line.
        ///
        /// The batch runs on `thread`, the thread of the agent's loop: called from the cooperative pool, the agent's
        /// work for the batch would run on a pool thread at ordinary priority, and while the scheduler holds such a
        /// thread back the agent is busy for everyone, so the loop (on its real-time thread, with
        /// `--realtime-priority`) could not acknowledge what had arrived.
        private static func issue(
            _ commands: [VSICommand],
            number: Int,
            on agent: StationAgent,
            thread: AgentThread,
            log: EventLog
        ) async {
            for command in commands {
                log.line(
                    "\(command.type) \(command.descriptor.vsiID) \(command.descriptor.filterInfo)",
                    kind: "request",
                    fields: EventLog.vsiFields(command.descriptor.vsiID, nil)
                )
            }
            let results = await withTaskExecutorPreference(thread) {
                await agent.request(commands.map { ($0.type, $0.descriptor, $0.hints) })
            }
            var failures = 0
            for (command, result) in zip(commands, results) {
                let vsiID = command.descriptor.vsiID
                let fields: [(String, JSONValue)] = [("mode", .string(command.type.description))]
                switch result {
                case .success(let state?):
                    log.line(
                        "\(vsiID): \(state) \(state.filterInfo)",
                        kind: "result",
                        fields: fields + EventLog.vsiFields(vsiID, state.filterInfo)
                    )
                case .success(nil):
                    log.line("\(vsiID): de-associated", kind: "result", fields: fields + EventLog.vsiFields(vsiID, nil))
                case .failure(let error):
                    failures += 1
                    log.line(
                        "\(vsiID): \(error)",
                        kind: "failure",
                        fields: fields + EventLog.vsiFields(vsiID, nil, ended: true)
                    )
                }
            }
            log.line(
                "batch \(number): \(commands.count - failures) of \(commands.count) succeeded",
                kind: "batch",
                fields: [
                    ("batch", .integer(number)), ("requests", .integer(commands.count)),
                    ("failures", .integer(failures)),
                ]
            )
        }
    }
#endif
