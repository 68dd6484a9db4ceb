import Testing

@testable import VDPWire

/// The package's one byte reader: reads in either byte order, shortfalls at the offset of the read, sub-readers that
/// keep the outer origin; and the wire codec's mapping of a shortfall to `VDPDecodingError`.
@Suite struct ByteReaderTests {
    static let octets: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]

    struct IntegerRow: Sendable, CustomTestStringConvertible {
        var width: Int
        var byteOrder: ByteOrder
        var value: UInt64
        var testDescription: String { "\(width) octets, \(byteOrder)" }
    }

    static let integerRows: [IntegerRow] = [
        IntegerRow(width: 1, byteOrder: .bigEndian, value: 0x01),
        IntegerRow(width: 2, byteOrder: .bigEndian, value: 0x0102),
        IntegerRow(width: 3, byteOrder: .bigEndian, value: 0x01_0203),
        IntegerRow(width: 4, byteOrder: .bigEndian, value: 0x0102_0304),
        IntegerRow(width: 8, byteOrder: .bigEndian, value: 0x0102_0304_0506_0708),
        IntegerRow(width: 1, byteOrder: .littleEndian, value: 0x01),
        IntegerRow(width: 2, byteOrder: .littleEndian, value: 0x0201),
        IntegerRow(width: 4, byteOrder: .littleEndian, value: 0x0403_0201),
        IntegerRow(width: 8, byteOrder: .littleEndian, value: 0x0807_0605_0403_0201),
    ]

    @Test(arguments: integerRows)
    func integers(_ row: IntegerRow) throws {
        var reader = ByteReader(Self.octets, byteOrder: row.byteOrder)
        #expect(try reader.readInteger(width: row.width) == row.value)
        #expect(reader.offset == row.width)
        #expect(reader.remaining == Self.octets.count - row.width)
    }

    struct ShortfallRow: Sendable, CustomTestStringConvertible {
        var name: String
        var skipped: Int
        var read: @Sendable (inout ByteReader) throws(ByteReader.Shortfall) -> Void
        var shortfall: ByteReader.Shortfall
        var testDescription: String { name }
    }

    static let shortfallRows: [ShortfallRow] = [
        ShortfallRow(
            name: "8-octet integer with 5 left",
            skipped: 4,
            read: { reader throws(ByteReader.Shortfall) in _ = try reader.readInteger(width: 8) },
            shortfall: ByteReader.Shortfall(offset: 4, needed: 8, remaining: 5)
        ),
        ShortfallRow(
            name: "one octet with none left",
            skipped: 9,
            read: { reader throws(ByteReader.Shortfall) in _ = try reader.readOctet() },
            shortfall: ByteReader.Shortfall(offset: 9, needed: 1, remaining: 0)
        ),
        ShortfallRow(
            name: "a negative count never fits",
            skipped: 0,
            read: { reader throws(ByteReader.Shortfall) in try reader.skip(-1) },
            shortfall: ByteReader.Shortfall(offset: 0, needed: -1, remaining: 9)
        ),
        ShortfallRow(
            name: "sub-reader longer than what is left",
            skipped: 2,
            read: { reader throws(ByteReader.Shortfall) in _ = try reader.readSubreader(count: 8) },
            shortfall: ByteReader.Shortfall(offset: 2, needed: 8, remaining: 7)
        ),
    ]

    @Test(arguments: shortfallRows)
    func shortfalls(_ row: ShortfallRow) throws {
        var reader = ByteReader(Self.octets)
        try reader.skip(row.skipped)
        let before = reader.offset
        #expect(throws: row.shortfall) {
            try row.read(&reader)
        }
        #expect(reader.offset == before)
    }

    @Test func subreadersKeepTheOuterOriginAndByteOrder() throws {
        var outer = ByteReader(Self.octets[2...], byteOrder: .littleEndian)
        #expect(outer.offset == 0)
        _ = try outer.readOctet()
        var inner = try outer.readSubreader(count: 4)
        #expect(outer.offset == 5)
        #expect(inner.offset == 1)
        #expect(try inner.readInteger(width: 2) == 0x0504)
        #expect(throws: ByteReader.Shortfall(offset: 3, needed: 4, remaining: 2)) {
            try inner.require(4)
        }
        #expect(inner.readRemainingOctets() == [0x06, 0x07])
        #expect(inner.isEmpty)
    }

    @Test func wireReadsReportTheFieldAndOffset() throws {
        var reader = ByteReader(Self.octets)
        _ = try reader.readUInt64(.ethernetPayload)
        do {
            _ = try reader.readUInt16(.lldpPortID)
            Issue.record("read 2 octets from 1")
        } catch {
            #expect(error.code == .truncated)
            #expect(error.field == .lldpPortID)
            #expect(error.offset == 8)
        }
        var whole = ByteReader(Self.octets)
        _ = try whole.readUInt8(.tlvValue)
        var sub = try whole.readReader(count: 3, .tlvValue)
        #expect(try sub.readUInt24(.tlvValue) == 0x02_0304)
        #expect(whole.offset == 4)
    }
}
