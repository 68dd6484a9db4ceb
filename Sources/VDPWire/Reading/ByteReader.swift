/// A bounds-checked cursor over received octets: the one place in the package that reads bytes, for the wire codec
/// (``VDPWire``) and for capture files (VDPCapture).
///
/// Every read checks the octets remaining first and throws a ``Shortfall`` instead of trapping; each module turns it
/// into its own typed error (``VDPDecodingError`` here, `CaptureError` in VDPCapture) with the same offset. Offsets
/// count from the start of the outermost buffer; sub-readers made with ``readSubreader(count:)`` share that origin,
/// so nested decoders report offsets within the whole frame or file. Multi-octet integers are read in
/// ``byteOrder``, big-endian unless changed.
package struct ByteReader: Sendable {
    /// A read that needed more octets than remain.
    package struct Shortfall: Error, Hashable, Sendable {
        /// The offset of the read that failed (the reader's ``ByteReader/offset`` when it was attempted).
        package let offset: Int
        /// The octets the read needed.
        package let needed: Int
        /// The octets that remained.
        package let remaining: Int
    }

    /// The unread octets.
    private(set) var bytes: ArraySlice<UInt8>
    private let origin: Int
    /// The order in which multi-octet integers are read.
    package var byteOrder: ByteOrder

    /// Creates a reader over an array; offsets count from its first octet.
    package init(_ bytes: [UInt8], byteOrder: ByteOrder = .bigEndian) {
        self.init(bytes: bytes[...], origin: bytes.startIndex, byteOrder: byteOrder)
    }

    /// Creates a reader over a slice; offsets count from the slice's first octet.
    package init(_ bytes: ArraySlice<UInt8>, byteOrder: ByteOrder = .bigEndian) {
        self.init(bytes: bytes, origin: bytes.startIndex, byteOrder: byteOrder)
    }

    private init(bytes: ArraySlice<UInt8>, origin: Int, byteOrder: ByteOrder) {
        self.bytes = bytes
        self.origin = origin
        self.byteOrder = byteOrder
    }

    /// The offset of the next unread octet.
    package var offset: Int { bytes.startIndex - origin }

    /// The number of unread octets.
    package var remaining: Int { bytes.count }

    /// Whether every octet has been read.
    package var isEmpty: Bool { bytes.isEmpty }

    /// Throws unless `count` more octets are available (a negative `count` never is).
    package func require(_ count: Int) throws(Shortfall) {
        guard count >= 0, bytes.count >= count else {
            throw Shortfall(offset: offset, needed: count, remaining: bytes.count)
        }
    }

    /// Moves past `count` octets.
    package mutating func skip(_ count: Int) throws(Shortfall) {
        try require(count)
        bytes = bytes.dropFirst(count)
    }

    /// Reads one octet.
    package mutating func readOctet() throws(Shortfall) -> UInt8 {
        guard let value = bytes.first else {
            throw Shortfall(offset: offset, needed: 1, remaining: 0)
        }
        bytes = bytes.dropFirst()
        return value
    }

    /// Reads an integer of `width` octets (1 to 8) in ``byteOrder`` into a `UInt64`.
    package mutating func readInteger(width: Int) throws(Shortfall) -> UInt64 {
        try require(width)
        var value: UInt64 = 0
        switch byteOrder {
        case .bigEndian:
            for byte in bytes.prefix(width) {
                value = (value << 8) | UInt64(byte)
            }
        case .littleEndian:
            for byte in bytes.prefix(width).reversed() {
                value = (value << 8) | UInt64(byte)
            }
        }
        bytes = bytes.dropFirst(width)
        return value
    }

    /// Reads `count` octets as a slice of the underlying buffer.
    package mutating func readOctets(count: Int) throws(Shortfall) -> ArraySlice<UInt8> {
        try require(count)
        let slice = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return slice
    }

    /// Reads every remaining octet as a slice of the underlying buffer.
    package mutating func readRemainingOctets() -> ArraySlice<UInt8> {
        let rest = bytes
        bytes = bytes.suffix(0)
        return rest
    }

    /// Splits off the next `count` octets as a reader of their own, with this reader's origin and byte order.
    package mutating func readSubreader(count: Int) throws(Shortfall) -> ByteReader {
        ByteReader(bytes: try readOctets(count: count), origin: origin, byteOrder: byteOrder)
    }
}
