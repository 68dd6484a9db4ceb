/// A bounds-checked cursor over received octets: the only place in ``VDPWire`` that reads bytes.
///
/// Every read checks the octets remaining and throws ``VDPDecodingError`` with the field being read and its
/// offset, counted from the start of the outermost buffer. Sub-readers made with ``readReader(count:field:)``
/// share that origin, so nested decoders report offsets within the whole frame.
struct ByteReader: Sendable {
    private(set) var bytes: ArraySlice<UInt8>
    private let origin: Int

    /// Creates a reader over an array; offsets count from its first octet.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
        self.origin = bytes.startIndex
    }

    /// Creates a reader over a slice; offsets count from the slice's first octet.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.origin = bytes.startIndex
    }

    private init(bytes: ArraySlice<UInt8>, origin: Int) {
        self.bytes = bytes
        self.origin = origin
    }

    /// The offset of the next unread octet.
    var offset: Int { bytes.startIndex - origin }

    /// The number of unread octets.
    var remaining: Int { bytes.count }

    /// Whether every octet has been read.
    var isEmpty: Bool { bytes.isEmpty }

    /// An error of the given kind at the current offset.
    func error(_ code: VDPDecodingError.Code, _ field: VDPDecodingError.Field) -> VDPDecodingError {
        VDPDecodingError(code, field: field, offset: offset)
    }

    /// An error of the given kind at an offset relative to the current one.
    func error(
        _ code: VDPDecodingError.Code,
        _ field: VDPDecodingError.Field,
        at offset: Int
    ) -> VDPDecodingError {
        VDPDecodingError(code, field: field, offset: offset)
    }

    private func requireAvailable(_ count: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) {
        guard count >= 0, bytes.count >= count else {
            throw error(.truncated, field)
        }
    }

    /// Reads one octet.
    mutating func readUInt8(_ field: VDPDecodingError.Field) throws(VDPDecodingError) -> UInt8 {
        guard let value = bytes.first else {
            throw error(.truncated, field)
        }
        bytes = bytes.dropFirst()
        return value
    }

    /// Reads a big-endian integer of `width` octets (1 to 8) into a `UInt64`.
    private mutating func readBigEndian(
        width: Int,
        _ field: VDPDecodingError.Field
    ) throws(VDPDecodingError) -> UInt64 {
        try requireAvailable(width, field)
        var value: UInt64 = 0
        for byte in bytes.prefix(width) {
            value = (value << 8) | UInt64(byte)
        }
        bytes = bytes.dropFirst(width)
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
        try requireAvailable(count, field)
        let slice = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return slice
    }

    /// Reads `count` octets into a new array.
    mutating func readArray(count: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> [UInt8] {
        Array(try readSlice(count: count, field))
    }

    /// Reads every remaining octet into a new array.
    mutating func readRemainingArray() -> [UInt8] {
        let rest = Array(bytes)
        bytes = bytes.suffix(0)
        return rest
    }

    /// Splits off the next `count` octets as a reader of their own, keeping this reader's origin.
    mutating func readReader(count: Int, _ field: VDPDecodingError.Field) throws(VDPDecodingError) -> ByteReader {
        ByteReader(bytes: try readSlice(count: count, field), origin: origin)
    }
}
