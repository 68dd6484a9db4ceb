/// A bounds-checked cursor over received octets: the one place in the package that reads bytes, for the wire codec
/// (``VDPWire``) and for capture files (VDPCapture).
///
/// Every read checks the octets remaining first and throws a ``Shortfall`` instead of trapping; each module turns it
/// into its own typed error (``VDPDecodingError`` here, `CaptureError` in VDPCapture) with the same offset. Offsets
/// count from the start of the outermost buffer; sub-readers made with ``readSubreader(count:)`` share that origin,
/// so nested decoders report offsets within the whole frame or file. Multi-octet integers are read in
/// ``byteOrder``, big-endian unless changed; the wire codec's own reads always ask for big-endian.
///
/// The reads are `@inlinable`, so that VDPCapture's calls across the module boundary are optimised as VDPWire's own.
package struct ByteReader: Sendable {
    /// A read that needed more octets than remain.
    package struct Shortfall: Error, Hashable, Sendable {
        /// The offset of the read that failed (the reader's ``ByteReader/offset`` when it was attempted).
        package let offset: Int
        /// The octets the read needed.
        package let needed: Int
        /// The octets that remained.
        package let remaining: Int

        /// Creates a shortfall.
        @inlinable
        package init(offset: Int, needed: Int, remaining: Int) {
            self.offset = offset
            self.needed = needed
            self.remaining = remaining
        }
    }

    /// The buffer the reader and its sub-readers share; only `position..<end` is read.
    @usableFromInline
    let base: ArraySlice<UInt8>
    /// The index in ``base`` of the next unread octet.
    @usableFromInline
    var position: Int
    /// The index in ``base`` one past the last octet this reader may read.
    @usableFromInline
    let end: Int
    /// The index in ``base`` that offsets count from.
    @usableFromInline
    let origin: Int
    /// The order in which multi-octet integers are read.
    package var byteOrder: ByteOrder

    /// Creates a reader over an array; offsets count from its first octet.
    @inlinable
    package init(_ bytes: [UInt8], byteOrder: ByteOrder = .bigEndian) {
        self.init(bytes[...], byteOrder: byteOrder)
    }

    /// Creates a reader over a slice; offsets count from the slice's first octet.
    @inlinable
    package init(_ bytes: ArraySlice<UInt8>, byteOrder: ByteOrder = .bigEndian) {
        self.init(
            base: bytes,
            position: bytes.startIndex,
            end: bytes.endIndex,
            origin: bytes.startIndex,
            byteOrder: byteOrder
        )
    }

    /// Creates a reader over `base[position..<end]` whose offsets count from `origin`.
    @inlinable
    init(base: ArraySlice<UInt8>, position: Int, end: Int, origin: Int, byteOrder: ByteOrder) {
        self.base = base
        self.position = position
        self.end = end
        self.origin = origin
        self.byteOrder = byteOrder
    }

    /// The unread octets, as a slice of the underlying buffer.
    @inlinable
    package var bytes: ArraySlice<UInt8> { base[position..<end] }

    /// The offset of the next unread octet.
    @inlinable
    package var offset: Int { position - origin }

    /// The number of unread octets.
    @inlinable
    package var remaining: Int { end - position }

    /// Whether every octet has been read.
    @inlinable
    package var isEmpty: Bool { position >= end }

    /// Throws unless `count` more octets are available (a negative `count` never is).
    @inlinable
    package func require(_ count: Int) throws(Shortfall) {
        guard count >= 0, end - position >= count else {
            throw Shortfall(offset: offset, needed: count, remaining: remaining)
        }
    }

    /// Moves past `count` octets.
    @inlinable
    package mutating func skip(_ count: Int) throws(Shortfall) {
        try require(count)
        position += count
    }

    /// Reads one octet.
    @inlinable
    package mutating func readOctet() throws(Shortfall) -> UInt8 {
        guard position < end else {
            throw Shortfall(offset: offset, needed: 1, remaining: 0)
        }
        let value = base[position]
        position += 1
        return value
    }

    /// Reads an integer of `width` octets (1 to 8) in ``byteOrder`` into a `UInt64`.
    @inlinable
    package mutating func readInteger(width: Int) throws(Shortfall) -> UInt64 {
        try readInteger(width: width, byteOrder)
    }

    /// Reads an integer of `width` octets (1 to 8) in the given order into a `UInt64`.
    @inlinable
    package mutating func readInteger(width: Int, _ order: ByteOrder) throws(Shortfall) -> UInt64 {
        try require(width)
        var value: UInt64 = 0
        switch order {
        case .bigEndian:
            for index in position..<(position + width) {
                value = (value << 8) | UInt64(base[index])
            }
        case .littleEndian:
            for index in (position..<(position + width)).reversed() {
                value = (value << 8) | UInt64(base[index])
            }
        }
        position += width
        return value
    }

    /// Reads `count` octets as a slice of the underlying buffer.
    @inlinable
    package mutating func readOctets(count: Int) throws(Shortfall) -> ArraySlice<UInt8> {
        try require(count)
        let slice = base[position..<(position + count)]
        position += count
        return slice
    }

    /// Reads every remaining octet as a slice of the underlying buffer.
    @inlinable
    package mutating func readRemainingOctets() -> ArraySlice<UInt8> {
        let rest = bytes
        position = end
        return rest
    }

    /// Splits off the next `count` octets as a reader of their own, with this reader's origin and byte order.
    @inlinable
    package mutating func readSubreader(count: Int) throws(Shortfall) -> ByteReader {
        try require(count)
        let subreader = ByteReader(
            base: base,
            position: position,
            end: position + count,
            origin: origin,
            byteOrder: byteOrder
        )
        position += count
        return subreader
    }
}
