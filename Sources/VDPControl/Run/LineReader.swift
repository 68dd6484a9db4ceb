/// Splits bytes into lines as they arrive, keeping an unfinished last line for the next call.
struct LineReader {
    /// One line read.
    enum Line: Equatable {
        /// A whole line, without its newline.
        case text(String)
        /// A line longer than the limit (its octets are dropped).
        case tooLong
    }

    let maximumLength: Int
    private var partial: [UInt8] = []
    private var discarding = false

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    /// Adds `bytes`; returns the lines they complete.
    mutating func append(_ bytes: ArraySlice<UInt8>) -> [Line] {
        var lines: [Line] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(discarding ? .tooLong : .text(String(decoding: partial, as: UTF8.self)))
                partial.removeAll(keepingCapacity: true)
                discarding = false
            } else if discarding {
                continue
            } else if partial.count == maximumLength {
                partial.removeAll(keepingCapacity: true)
                discarding = true
            } else {
                partial.append(byte)
            }
        }
        return lines
    }
}
