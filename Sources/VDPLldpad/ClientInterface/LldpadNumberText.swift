/// The number and identifier syntax lldpad's VDP module reads in vdptool's arguments, with C's rules.
enum LldpadNumberText {
    /// The `unsigned int` lldpad gets from `strtol(text, &end, 0)` when `end` reaches the end of `text`, or `nil`
    /// when characters are left over. Like `strtol`: leading white space, a sign, `0x` for hex, a leading `0` for
    /// octal, a value beyond a C `long` clamped, and an empty text read as 0.
    static func unsignedInteger(_ text: some Collection<UInt8>) -> UInt32? {
        var reader = text.drop { isSpace($0) }
        guard !text.isEmpty else {
            return 0
        }
        var negative = false
        if let sign = reader.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            reader = reader.dropFirst()
        }
        var base: UInt64 = 10
        if reader.first == UInt8(ascii: "0") {
            let next = reader.dropFirst()
            if let x = next.first, x | 0x20 == UInt8(ascii: "x"), let digit = next.dropFirst().first,
                LldpadHex.digit(digit) != nil
            {
                base = 16
                reader = next.dropFirst()
            } else {
                base = 8
            }
        }
        var magnitude: UInt64 = 0
        var digits = 0
        var overflow = false
        for octet in reader {
            guard let digit = LldpadHex.digit(octet), UInt64(digit) < base else {
                return nil
            }
            let (product, overflowMultiply) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, overflowAdd) = product.addingReportingOverflow(UInt64(digit))
            overflow = overflow || overflowMultiply || overflowAdd || sum > UInt64(Int64.max)
            magnitude = overflow ? UInt64(Int64.max) : sum
            digits += 1
        }
        guard digits > 0 else {
            return nil
        }
        let value: Int64
        if overflow {
            value = negative ? Int64.min : Int64.max
        } else {
            value = negative ? -Int64(magnitude) : Int64(magnitude)
        }
        return UInt32(truncatingIfNeeded: value)
    }

    /// The unsigned number in `range`, or `nil`.
    static func number(_ text: some Collection<UInt8>, in range: ClosedRange<UInt32>) -> UInt32? {
        unsignedInteger(text).flatMap { range.contains($0) ? $0 : nil }
    }

    /// lldpad's reading of a UUID (also tried first for a manager ID): hex digits and dashes only; each octet is
    /// the next two hex digits, or one before a dash; the rest of 16 octets is zero. `nil` when a character is
    /// neither, or more than 16 octets are given.
    static func identifierOctets(_ text: [UInt8]) -> [UInt8]? {
        guard text.allSatisfy({ LldpadHex.digit($0) != nil || $0 == UInt8(ascii: "-") }) else {
            return nil
        }
        var octets = [UInt8](repeating: 0, count: 16)
        var index = 0
        var count = 0
        while index < text.count, count < 16 {
            guard let high = LldpadHex.digit(text[index]) else {
                index += 1
                continue
            }
            if index + 1 < text.count, let low = LldpadHex.digit(text[index + 1]) {
                octets[count] = high << 4 | low
            } else {
                octets[count] = high
            }
            count += 1
            index += 2
        }
        return index < text.count ? nil : octets
    }

    /// A MAC address as `sscanf("%02hhx:%02hhx:…")` reads it: six groups of one or two hex digits (each after
    /// optional white space) joined by colons; what follows the sixth is ignored.
    static func macOctets(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var reader = text
        var octets: [UInt8] = []
        for group in 0..<6 {
            if group > 0 {
                guard reader.first == UInt8(ascii: ":") else {
                    return nil
                }
                reader = reader.dropFirst()
            }
            reader = reader.drop { isSpace($0) }
            guard let high = reader.first.flatMap(LldpadHex.digit) else {
                return nil
            }
            reader = reader.dropFirst()
            if let low = reader.first.flatMap(LldpadHex.digit) {
                octets.append(high << 4 | low)
                reader = reader.dropFirst()
            } else {
                octets.append(high)
            }
        }
        return octets
    }

    /// C's `isspace` in the C locale.
    static func isSpace(_ octet: UInt8) -> Bool {
        octet == 0x20 || (0x09...0x0D).contains(octet)
    }

    /// ASCII letters and digits (C's `isalnum`).
    static func isAlphanumeric(_ octet: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(octet)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(octet)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(octet)
    }
}
