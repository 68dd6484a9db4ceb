/// Lowercase hexadecimal text of octets, written straight into the new string's storage, with no intermediate
/// strings: the text of MAC addresses, UUIDs and 16-octet values, which the logs write once per VSI.
///
/// ```swift
/// HexText.string(count: 2, separator: UInt8(ascii: ":"), separatedBefore: 0b10) { [0x0A, 0xFF][$0] }  // "0a:ff"
/// ```
enum HexText {
    /// The most octets one call formats (the bits of a separator mask).
    static let maximumCount = 32

    /// The text of `count` octets (`octet(0)` first; at most ``maximumCount``, fewer are formatted), two
    /// lowercase hex digits each, with `separator` written before each octet whose bit is set in
    /// `separatedBefore` (bit *i* for octet *i*).
    static func string(
        count: Int,
        separator: UInt8 = 0,
        separatedBefore: UInt32 = 0,
        octet: (Int) -> UInt8
    ) -> String {
        let count = min(max(count, 0), maximumCount)
        let inRange = count == maximumCount ? UInt32.max : (UInt32(1) << UInt32(count)) &- 1
        let separators = (separatedBefore & inRange).nonzeroBitCount
        let length = 2 * count + separators
        return String(unsafeUninitializedCapacity: length) { buffer in
            var position = 0
            for index in 0..<count {
                if separatedBefore & (UInt32(1) << UInt32(index)) != 0 {
                    buffer[position] = separator
                    position += 1
                }
                let value = octet(index)
                buffer[position] = digit(value >> 4)
                buffer[position + 1] = digit(value & 0x0F)
                position += 2
            }
            return position
        }
    }

    /// The text of one octet, two lowercase hex digits.
    static func octet(_ value: UInt8) -> String {
        string(count: 1) { _ in value }
    }

    /// The ASCII lowercase hex digit of a value from 0 to 15 (the low four bits are used).
    static func digit(_ value: UInt8) -> UInt8 {
        let nibble = value & 0x0F
        return nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + (nibble - 10)
    }
}
