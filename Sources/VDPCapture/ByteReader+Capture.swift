internal import VDPWire

/// Capture-file reads over the package's one byte reader (VDPWire's `ByteReader`): each describes what it reads and
/// turns a `ByteReader.Shortfall` into ``CaptureError/Code/truncated`` at the offset of the read, counted from the
/// start of the file, with the detail "<what> needs N bytes, M left".
extension ByteReader {
    /// The offset from the start of the file of the next byte to read.
    var position: Int { offset }

    /// Whether the window is used up.
    var isAtEnd: Bool { isEmpty }

    /// The truncation error for a read of `what` that fell short.
    private static func truncated(_ shortfall: Shortfall, _ what: String) -> CaptureError {
        .truncated(at: shortfall.offset, "\(what) needs \(shortfall.needed) bytes, \(shortfall.remaining) left")
    }

    /// Throws ``CaptureError/Code/truncated`` unless `count` more bytes are available.
    func require(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) {
        do {
            try require(count)
        } catch {
            throw Self.truncated(error, what())
        }
    }

    /// Moves past `count` bytes.
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) {
        do {
            try skip(count)
        } catch {
            throw Self.truncated(error, what())
        }
    }

    /// Reads `count` bytes into a new array.
    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) -> [UInt8] {
        do {
            return Array(try readOctets(count: count))
        } catch {
            throw Self.truncated(error, what())
        }
    }

    /// Splits off a reader over the next `count` bytes, in the same byte order, and moves past them.
    mutating func readWindow(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) -> ByteReader {
        do {
            return try readSubreader(count: count)
        } catch {
            throw Self.truncated(error, what())
        }
    }

    /// Reads one byte.
    mutating func readUInt8(_ what: @autoclosure () -> String) throws(CaptureError) -> UInt8 {
        do {
            return try readOctet()
        } catch {
            throw Self.truncated(error, what())
        }
    }

    /// Reads a 16-bit unsigned integer in ``byteOrder``.
    mutating func readUInt16(_ what: @autoclosure () -> String) throws(CaptureError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readInteger(width: 2, what()))
    }

    /// Reads a 32-bit unsigned integer in ``byteOrder``.
    mutating func readUInt32(_ what: @autoclosure () -> String) throws(CaptureError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readInteger(width: 4, what()))
    }

    /// Reads a 64-bit unsigned integer in ``byteOrder``.
    mutating func readUInt64(_ what: @autoclosure () -> String) throws(CaptureError) -> UInt64 {
        try readInteger(width: 8, what())
    }

    /// Reads the 32-bit unsigned integer at `offset` bytes past the current position without moving.
    func peekUInt32(at offset: Int, _ what: @autoclosure () -> String) throws(CaptureError) -> UInt32 {
        var copy = self
        try copy.skip(offset, what())
        return try copy.readUInt32(what())
    }

    private mutating func readInteger(width: Int, _ what: @autoclosure () -> String) throws(CaptureError) -> UInt64 {
        do {
            return try readInteger(width: width)
        } catch {
            throw Self.truncated(error, what())
        }
    }
}
