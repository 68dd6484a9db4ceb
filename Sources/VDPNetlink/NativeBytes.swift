/// Host-endian integer loads and stores on byte buffers: netlink carries its integers in the host's byte order.
enum NativeBytes {
    /// The `T` stored at `offset` in `bytes` (an absolute index into the slice's base), or `nil` when the slice
    /// does not hold `MemoryLayout<T>.size` octets there.
    static func load<T: FixedWidthInteger>(_: T.Type, from bytes: ArraySlice<UInt8>, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= bytes.startIndex, offset <= bytes.endIndex, bytes.endIndex - offset >= size else {
            return nil
        }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { destination in
            for index in 0..<size {
                destination[index] = bytes[offset + index]
            }
        }
        return value
    }

    /// The octets of `value` in host byte order.
    static func octets<T: FixedWidthInteger>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    /// Overwrites the octets at `offset` with `value` in host byte order; `bytes` must hold them.
    static func store<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
        let octets = octets(of: value)
        guard offset >= 0, offset <= bytes.count - octets.count else {
            return
        }
        bytes.replaceSubrange(offset..<(offset + octets.count), with: octets)
    }

    /// `length` rounded up to a multiple of four (`NLMSG_ALIGN`, `NLA_ALIGN`), or `nil` when that overflows.
    static func aligned(_ length: Int) -> Int? {
        let (sum, overflow) = length.addingReportingOverflow(3)
        return overflow ? nil : sum & ~3
    }
}
