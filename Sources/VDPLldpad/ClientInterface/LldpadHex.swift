/// The fixed-width lower-case hex numbers and hex fields of lldpad's client messages.
enum LldpadHex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `value` as `width` lower-case hex digits (the low digits when it needs more).
    static func field(_ value: UInt64, width: Int) -> String {
        var octets = [UInt8](repeating: 0, count: max(width, 0))
        var rest = value
        for index in octets.indices.reversed() {
            octets[index] = digits[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: octets, as: UTF8.self)
    }

    /// Two hex digits.
    static func byte(_ value: UInt8) -> String {
        field(UInt64(value), width: 2)
    }

    /// `value` as `width` hex digits, in octets.
    static func octets(_ value: UInt64, width: Int) -> [UInt8] {
        Array(field(value, width: width).utf8)
    }

    /// The value of the `count` hex digits at the start of `text`, or `nil` when `text` is shorter or holds a
    /// character other than a hex digit there.
    static func read(_ text: some Collection<UInt8>, count: Int) -> UInt64? {
        var value: UInt64 = 0
        var read = 0
        for octet in text.prefix(count) {
            guard let digit = digit(octet) else {
                return nil
            }
            value = value << 4 | UInt64(digit)
            read += 1
        }
        return read == count ? value : nil
    }

    /// The value of one hex digit (either case), or `nil`.
    static func digit(_ octet: UInt8) -> UInt8? {
        switch octet {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): octet - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): octet - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): octet - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
