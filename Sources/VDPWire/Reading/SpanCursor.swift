/// A bounds-checked position in octets read through a `Span`: the wire codec's reads on the receiving path.
///
/// The cursor holds indices only, no reference to the octets: each read is handed the span, so copying a cursor
/// (one per TLV) costs no reference counting, unlike a ``ByteReader``'s slice. Every read checks the octets
/// remaining first and throws a ``VDPDecodingError`` of code ``VDPDecodingError/Code/truncated`` naming the field
/// and the offset of the read, exactly as the ``ByteReader`` reads of the same widths do, so both decoders report
/// the same errors. Offsets count from the same origin as the reader the cursor was made from.
struct SpanCursor {
    /// The index in the span of the next unread octet.
    private(set) var position: Int
    /// The index in the span one past the last octet this cursor may read.
    let end: Int
    /// What turns an index in the span into an offset.
    private let bias: Int

    /// A cursor over `reader`'s unread octets, for the span of `reader.base`.
    init(_ reader: ByteReader) {
        let start = reader.base.startIndex
        self.position = reader.position - start
        self.end = reader.end - start
        self.bias = start - reader.origin
    }

    private init(position: Int, end: Int, bias: Int) {
        self.position = position
        self.end = end
        self.bias = bias
    }

    /// A cursor with nothing to read.
    static let empty = SpanCursor(position: 0, end: 0, bias: 0)

    /// The octets from the next unread one up to the index `end` in the span, as a cursor of their own.
    func prefix(upTo end: Int) -> SpanCursor {
        SpanCursor(position: position, end: min(max(end, position), self.end), bias: bias)
    }

    /// The offset of the next unread octet.
    var offset: Int { position + bias }

    /// The number of unread octets.
    var remaining: Int { end - position }

    /// An error of the given kind at the given offset.
    func error(_ code: VDPDecodingError.Code, _ field: VDPDecodingError.Field, at offset: Int) -> VDPDecodingError {
        VDPDecodingError(code, field: field, offset: offset)
    }

    /// An error of the given kind at the current offset.
    func error(_ code: VDPDecodingError.Code, _ field: VDPDecodingError.Field) -> VDPDecodingError {
        VDPDecodingError(code, field: field, offset: offset)
    }

    /// Reads a big-endian integer of `width` octets (1 to 8), after checking they remain; unrolled for each
    /// constant width by inlining.
    @inline(__always)
    mutating func readBigEndian(
        _ span: Span<UInt8>,
        width: Int,
        _ field: VDPDecodingError.Field
    ) throws(VDPDecodingError) -> UInt64 {
        guard end - position >= width else {
            throw error(.truncated, field)
        }
        var value: UInt64 = 0
        var index = position
        for _ in 0..<width {
            value = value << 8 | UInt64(span[index])
            index += 1
        }
        position = index
        return value
    }

    /// Reads one octet.
    @inline(__always)
    mutating func readUInt8(_ span: Span<UInt8>, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt8 {
        guard position < end else {
            throw error(.truncated, field)
        }
        let value = span[position]
        position += 1
        return value
    }

    /// Reads a big-endian 16-bit integer.
    @inline(__always)
    mutating func readUInt16(_ span: Span<UInt8>, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readBigEndian(span, width: 2, field))
    }

    /// Reads a big-endian 24-bit integer.
    @inline(__always)
    mutating func readUInt24(_ span: Span<UInt8>, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(span, width: 3, field))
    }

    /// Reads a big-endian 32-bit integer.
    @inline(__always)
    mutating func readUInt32(_ span: Span<UInt8>, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(span, width: 4, field))
    }

    /// Reads a big-endian 48-bit integer.
    @inline(__always)
    mutating func readUInt48(_ span: Span<UInt8>, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt64 {
        try readBigEndian(span, width: 6, field)
    }

    /// Reads sixteen octets, as ``ByteReader/readOctets16(_:)`` does (two 64-bit reads).
    @inline(__always)
    mutating func readOctets16(
        _ span: Span<UInt8>,
        _ field: VDPDecodingError.Field
    ) throws(VDPDecodingError) -> Octets16 {
        let high = try readBigEndian(span, width: 8, field)
        let low = try readBigEndian(span, width: 8, field)
        return Octets16(high: high, low: low)
    }

    /// Splits off the next `count` octets as a cursor of its own, with this cursor's origin.
    mutating func readCursor(count: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> SpanCursor {
        guard count >= 0, end - position >= count else {
            throw error(.truncated, field)
        }
        let cursor = SpanCursor(position: position, end: position + count, bias: bias)
        position += count
        return cursor
    }

    /// Reads the next TLV of a list already validated by ``VDPULPDUView``: its header, the offset of the header,
    /// and a cursor over exactly its value; `nil` at the end of the list.
    mutating func nextValidatedTLV(_ span: Span<UInt8>) -> (header: TLVHeader, offset: Int, value: SpanCursor)? {
        guard holds(2, in: span) else {
            return nil
        }
        let header = TLVHeader(word: peek(span, at: 0, as: UInt16.self))
        let length = 2 + Int(header.length)
        guard header.type != 0, holds(length, in: span) else {
            return nil
        }
        let offset = self.offset
        let value = SpanCursor(position: position + 2, end: position + length, bias: bias)
        position += length
        return (header, offset, value)
    }

    /// Whether `count` octets remain, both in the cursor and in `span`: after this check, ``peek(_:at:as:)`` may
    /// read any field that lies within them without checking again.
    @inline(__always)
    func holds(_ count: Int, in span: Span<UInt8>) -> Bool {
        count >= 0 && position >= 0 && end - position >= count && end <= span.count
    }

    /// The big-endian integer `distance` octets past the next unread one, without moving: for a decoder that has
    /// checked once, with ``holds(_:in:)``, that the octets of several fields remain, then reads them in place.
    ///
    /// `distance + MemoryLayout<T>.size` must not exceed the count that ``holds(_:in:)`` accepted for this cursor
    /// and this span; every caller reads at constant distances within the count it checked just before.
    @inline(__always)
    func peek<T: FixedWidthInteger & BitwiseCopyable>(_ span: Span<UInt8>, at distance: Int, as type: T.Type) -> T {
        T(bigEndian: span.bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: position &+ distance, as: T.self))
    }

    /// Moves past `count` octets, or to the end if fewer remain.
    @inline(__always)
    mutating func skip(_ count: Int) {
        position += min(max(count, 0), end - position)
    }

    /// Reads every remaining octet into a new array.
    mutating func readRemainingArray(_ span: Span<UInt8>) -> [UInt8] {
        var octets: [UInt8] = []
        octets.reserveCapacity(remaining)
        for index in position..<end {
            octets.append(span[index])
        }
        position = end
        return octets
    }

    /// Moves to the end.
    mutating func skipRemaining() {
        position = end
    }
}

extension ByteReader {
    /// Moves to where `cursor`, made from this reader with ``SpanCursor/init(_:)``, stands.
    mutating func advance(to cursor: SpanCursor) {
        position = base.startIndex + cursor.position
    }
}
