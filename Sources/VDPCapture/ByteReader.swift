/// A bounds-checked cursor over a window `position..<end` of a byte array.
///
/// Every read checks the remaining length first and throws ``CaptureError/Code/truncated`` instead of
/// trapping, so file contents can never cause an out-of-bounds access. Offsets stay absolute (relative to
/// the start of the file), so errors can report where they happened.
struct ByteReader {
    /// The whole file.
    let bytes: [UInt8]

    /// The absolute offset of the next byte to read.
    private(set) var position: Int

    /// The absolute offset one past the last readable byte.
    let end: Int

    /// The byte order used by the integer reads.
    var byteOrder: ByteOrder

    /// A reader over all of `bytes`.
    init(_ bytes: [UInt8], byteOrder: ByteOrder = .littleEndian) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
        self.byteOrder = byteOrder
    }

    private init(bytes: [UInt8], position: Int, end: Int, byteOrder: ByteOrder) {
        self.bytes = bytes
        self.position = position
        self.end = end
        self.byteOrder = byteOrder
    }

    /// The number of bytes left in the window.
    var remaining: Int {
        end - position
    }

    /// Whether the window is used up.
    var isAtEnd: Bool {
        position >= end
    }

    /// Throws ``CaptureError/Code/truncated`` unless `count` more bytes are available.
    func require(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(at: position, "\(what()) needs \(count) bytes, \(remaining) left")
        }
    }

    /// Moves past `count` bytes.
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) {
        try require(count, what())
        position += count
    }

    /// Reads `count` bytes into a new array.
    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) -> [UInt8] {
        try require(count, what())
        let result = Array(bytes[position..<(position + count)])
        position += count
        return result
    }

    /// Splits off a reader over the next `count` bytes and moves past them.
    mutating func readWindow(_ count: Int, _ what: @autoclosure () -> String) throws(CaptureError) -> ByteReader {
        try require(count, what())
        let window = ByteReader(bytes: bytes, position: position, end: position + count, byteOrder: byteOrder)
        position += count
        return window
    }

    /// Reads one byte.
    mutating func readUInt8(_ what: @autoclosure () -> String) throws(CaptureError) -> UInt8 {
        try require(1, what())
        let value = bytes[position]
        position += 1
        return value
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
        try require(width, what())
        var value: UInt64 = 0
        switch byteOrder {
        case .littleEndian:
            for index in stride(from: position + width - 1, through: position, by: -1) {
                value = value << 8 | UInt64(bytes[index])
            }
        case .bigEndian:
            for index in position..<(position + width) {
                value = value << 8 | UInt64(bytes[index])
            }
        }
        position += width
        return value
    }
}
