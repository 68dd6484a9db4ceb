/// The wire codec's reads: each names the field it reads and turns a ``ByteReader/Shortfall`` into
/// ``VDPDecodingError`` with code ``VDPDecodingError/Code/truncated``, that field and the offset of the read.
extension ByteReader {
    /// An error of the given kind at the current offset.
    func error(_ code: VDPDecodingError.Code, _ field: VDPDecodingError.Field) -> VDPDecodingError {
        VDPDecodingError(code, field: field, offset: offset)
    }

    /// An error of the given kind at the given offset.
    func error(
        _ code: VDPDecodingError.Code,
        _ field: VDPDecodingError.Field,
        at offset: Int
    ) -> VDPDecodingError {
        VDPDecodingError(code, field: field, offset: offset)
    }

    /// The truncation error for a read of `field` that fell short.
    private static func truncated(_ shortfall: Shortfall, _ field: VDPDecodingError.Field) -> VDPDecodingError {
        VDPDecodingError(.truncated, field: field, offset: shortfall.offset)
    }

    /// Reads one octet.
    @inline(__always)
    mutating func readUInt8(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt8 {
        var cursor = SpanCursor(self)
        let value = try cursor.readUInt8(base.span, field)
        advance(to: cursor)
        return value
    }

    /// Reads a big-endian integer of `width` octets, through a ``SpanCursor`` (no reference counting, unrolled for
    /// a constant width).
    @inline(__always)
    private mutating func readBigEndian(width: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt64
    {
        var cursor = SpanCursor(self)
        let value = try cursor.readBigEndian(base.span, width: width, field)
        advance(to: cursor)
        return value
    }

    /// Reads a big-endian 16-bit integer.
    mutating func readUInt16(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readBigEndian(width: 2, field))
    }

    /// Reads a big-endian 24-bit integer.
    mutating func readUInt24(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(width: 3, field))
    }

    /// Reads a big-endian 32-bit integer.
    mutating func readUInt32(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(width: 4, field))
    }

    /// Reads a big-endian 48-bit integer.
    mutating func readUInt48(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt64 {
        try readBigEndian(width: 6, field)
    }

    /// Reads a big-endian 64-bit integer.
    mutating func readUInt64(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt64 {
        try readBigEndian(width: 8, field)
    }

    /// Returns the next big-endian 16-bit integer without consuming it.
    func peekUInt16(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt16 {
        var copy = self
        return try copy.readUInt16(field)
    }

    /// Reads `count` octets as a slice of the underlying buffer.
    mutating func readSlice(
        count: Int,
        _ field: VDPDecodingError.Field
    ) throws(VDPDecodingError) -> ArraySlice<UInt8> {
        do {
            return try readOctets(count: count)
        } catch {
            throw Self.truncated(error, field)
        }
    }

    /// Reads `count` octets into a new array.
    mutating func readArray(count: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> [UInt8] {
        Array(try readSlice(count: count, field))
    }

    /// Reads every remaining octet into a new array.
    mutating func readRemainingArray() -> [UInt8] {
        guard position < end else {
            return []
        }
        return Array(readRemainingOctets())
    }

    /// Splits off the next `count` octets as a reader of their own, keeping this reader's origin.
    mutating func readReader(count: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> ByteReader {
        do {
            return try readSubreader(count: count)
        } catch {
            throw Self.truncated(error, field)
        }
    }
}
