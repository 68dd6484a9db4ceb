import Testing

@testable import VDPWire

/// The hex text of MAC addresses, UUIDs and 16-octet values, written without intermediate strings.
@Suite struct HexTextTests {
    @Test func octetsWithoutSeparators() {
        #expect(HexText.string(count: 3) { [0x00, 0xA5, 0xFF][$0] } == "00a5ff")
        #expect(HexText.string(count: 0) { _ in 0xFF } == "")
    }

    @Test func separatorsGoBeforeTheMarkedOctets() {
        #expect(
            HexText.string(count: 4, separator: UInt8(ascii: "-"), separatedBefore: 0b1010) { UInt8($0) }
                == "00-0102-03"
        )
        #expect(
            HexText.string(count: 2, separator: UInt8(ascii: ":"), separatedBefore: 0b1111_1100) { _ in 0x10 }
                == "1010",
            "bits beyond the count are ignored"
        )
    }

    @Test func countsOutOfRangeAreClamped() {
        #expect(HexText.string(count: -1) { _ in 1 } == "")
        #expect(HexText.string(count: 40) { _ in 0xAB }.utf8.count == 2 * HexText.maximumCount)
        #expect(
            HexText.string(count: 40, separator: UInt8(ascii: "."), separatedBefore: .max) { _ in 0 }.utf8.count
                == 3 * HexText.maximumCount
        )
    }

    @Test(arguments: 0...255)
    func everyOctetMatchesTheStandardLibrary(_ value: Int) {
        let octet = UInt8(value)
        let expected = (octet < 16 ? "0" : "") + String(octet, radix: 16)
        #expect(HexText.octet(octet) == expected)
        #expect(hexOctet(octet) == expected)
    }

    @Test func addressesAndUUIDs() throws {
        #expect(MACAddress(0x52, 0x54, 0x00, 0xAB, 0xCD, 0x0F).description == "52:54:00:ab:cd:0f")
        let octets = Octets16(high: 0xA1B2_C3D4_0001_4000, low: 0x8000_0016_3E00_0001)
        #expect(octets.hexString == "a1b2c3d400014000800000163e000001")
        #expect(VSIUUID(octets: octets).description == "a1b2c3d4-0001-4000-8000-00163e000001")
        #expect(VSIUUID("A1B2C3D4-0001-4000-8000-00163E000001")?.octets == octets)
        #expect(VSIUUID("a1b2c3d4000140008000-00163e000001")?.octets == octets, "dashes anywhere")
        #expect(VSIUUID("a1b2c3d4-0001-4000-8000-00163e00000") == nil, "31 digits")
        #expect(VSIUUID("a1b2c3d4-0001-4000-8000-00163e0000011") == nil, "33 digits")
        #expect(VSIUUID("g1b2c3d4-0001-4000-8000-00163e000001") == nil, "not a hex digit")
        #expect(Octets16(hexDigits: "a1b2c3d4-0001-4000-8000-00163e000001") == nil, "no dashes in plain hex")
        #expect(Octets16(hexDigits: octets.hexString) == octets)
    }
}
