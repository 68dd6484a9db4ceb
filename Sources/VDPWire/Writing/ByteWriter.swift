/// Appends big-endian integers and octet runs to a caller-owned array: the only place in ``VDPWire`` that
/// writes bytes.
struct ByteWriter {
    /// The octets written so far.
    private(set) var bytes: [UInt8]

    /// Creates a writer that appends to `bytes`.
    init(appendingTo bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// Reserves room for `count` more octets.
    mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }

    /// Writes one octet.
    mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Writes a big-endian 16-bit integer.
    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Writes the low 24 bits of `value`, big-endian.
    mutating func writeUInt24(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Writes a big-endian 32-bit integer.
    mutating func writeUInt32(_ value: UInt32) {
        writeUInt16(UInt16(truncatingIfNeeded: value >> 16))
        writeUInt16(UInt16(truncatingIfNeeded: value))
    }

    /// Writes the low 48 bits of `value`, big-endian.
    mutating func writeUInt48(_ value: UInt64) {
        writeUInt16(UInt16(truncatingIfNeeded: value >> 32))
        writeUInt32(UInt32(truncatingIfNeeded: value))
    }

    /// Writes a big-endian 64-bit integer.
    mutating func writeUInt64(_ value: UInt64) {
        writeUInt32(UInt32(truncatingIfNeeded: value >> 32))
        writeUInt32(UInt32(truncatingIfNeeded: value))
    }

    /// Writes a run of octets.
    mutating func writeBytes(_ octets: some Sequence<UInt8>) {
        bytes.append(contentsOf: octets)
    }
}
