#if os(Linux)
    import Foundation

    /// One line of `vdpctl station|bridge --json` with the members scripts use (see OPERATING.md): the VSI a line
    /// is about, its VIDs, whether it reports the VSI's end, and a `batch` line's number and failure count.
    struct AgentLogRecord: Decodable, Sendable {
        var kind: String
        var text: String
        var vsi: String?
        var vids: [Int]?
        var ended: Bool?
        var state: String?
        var station: String?
        var mode: String?
        var batch: Int?
        var failures: Int?
    }

    /// Reads a growing JSON-lines log from where it left off, so that a long log is read once, not once per poll.
    struct AgentLogFollower {
        let path: String
        private var offset: UInt64 = 0
        private var partial = Data()
        private let decoder = JSONDecoder()

        init(path: String) {
            self.path = path
        }

        /// The whole lines written since the previous call (lines that are not JSON records are left out).
        mutating func next() -> [AgentLogRecord] {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                return []
            }
            defer { try? handle.close() }
            guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty
            else {
                return []
            }
            offset += UInt64(data.count)
            partial.append(data)
            guard let lastNewline = partial.lastIndex(of: UInt8(ascii: "\n")) else {
                return []
            }
            let complete = partial[partial.startIndex...lastNewline]
            partial = Data(partial[partial.index(after: lastNewline)...])
            return complete.split(separator: UInt8(ascii: "\n")).compactMap { line in
                try? decoder.decode(AgentLogRecord.self, from: Data(line))
            }
        }
    }
#endif
