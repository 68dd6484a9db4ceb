/// The lines waiting for a slow output, bounded in bytes: a line that does not fit is dropped and counted
/// (the newest is dropped, so what is written stays in order and the summary says where the gap is).
struct LogBuffer: Sendable {
    /// Lines dropped because the buffer was full, since they were last reported.
    struct Dropped: Hashable, Sendable {
        /// Lines.
        var lines: Int
        /// Their bytes.
        var bytes: Int
    }

    /// The most bytes held.
    let capacity: Int
    private var lines: [String] = []
    /// The bytes held.
    private(set) var byteCount = 0
    private var dropped = Dropped(lines: 0, bytes: 0)
    /// Lines dropped since the start.
    private(set) var totalDropped: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
    }

    /// Whether nothing is waiting.
    var isEmpty: Bool { lines.isEmpty }

    /// Adds `line`; returns `false` (and counts it) when it does not fit.
    mutating func append(_ line: String) -> Bool {
        let size = line.utf8.count
        guard size <= capacity - byteCount else {
            dropped.lines += 1
            dropped.bytes &+= size
            totalDropped &+= 1
            return false
        }
        lines.append(line)
        byteCount += size
        return true
    }

    /// Takes every waiting line, and the drops not yet reported (they happened after the lines taken).
    mutating func takeAll() -> (lines: [String], dropped: Dropped?) {
        let taken = lines
        let report = dropped.lines > 0 ? dropped : nil
        lines.removeAll(keepingCapacity: false)
        byteCount = 0
        dropped = Dropped(lines: 0, bytes: 0)
        return (taken, report)
    }
}
