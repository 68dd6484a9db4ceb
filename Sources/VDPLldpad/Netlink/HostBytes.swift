/// Reads and writes integers in host byte order, as netlink carries them, with every offset checked.
enum HostBytes {
    /// The value of type `T` at `offset` in `bytes` (indices of its base), or `nil` when it does not fit.
    static func load<T: FixedWidthInteger>(_: T.Type, from bytes: ArraySlice<UInt8>, at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= bytes.startIndex, offset <= bytes.endIndex - size else {
            return nil
        }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            for index in 0..<size {
                target[index] = bytes[offset + index]
            }
        }
        return value
    }

    /// The octets of `value` in host byte order.
    static func octets<T: FixedWidthInteger>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
