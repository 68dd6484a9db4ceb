import Foundation
import Testing
import VDPWire

/// The `Codable` forms of the wire values that VSI records and events are built from: the JSON shapes are stable,
/// every value round-trips, and corrupted input is refused with `DecodingError.dataCorrupted`.
@Suite struct CodableTests {
    static let uuid = VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001") ?? VSIUUID(octets: .zero)
    static let mac = MACAddress(0x52, 0x54, 0x00, 0x00, 0x00, 0x01)

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// Encodes `value`, checks the JSON text, and decodes it back to `value`.
    static func expectShape<T: Codable & Equatable>(
        _ value: T,
        _ expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = try json(value)
        #expect(text == expected, sourceLocation: sourceLocation)
        #expect(try decode(T.self, text) == value, sourceLocation: sourceLocation)
    }

    /// Decoding `json` as `T` fails with `DecodingError.dataCorrupted`.
    static func expectCorrupted<T: Decodable>(
        _ type: T.Type,
        _ json: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try decode(type, json)
            Issue.record("decoded \(value) from \(json)", sourceLocation: sourceLocation)
        } catch DecodingError.dataCorrupted {
            return
        } catch {
            Issue.record("\(json): expected dataCorrupted, got \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Shapes and round trips

    @Test func addressesAndIdentifiersEncodeAsText() throws {
        try Self.expectShape([Self.mac], #"["52:54:00:00:00:01"]"#)
        try Self.expectShape([IPv4Address(192, 0, 2, 1)], #"["192.0.2.1"]"#)
        try Self.expectShape([try #require(IPv6Address("2001:db8::1"))], #"["2001:db8::1"]"#)
        try Self.expectShape([Self.uuid], #"["a1b2c3d4-0001-4000-8000-00163e000001"]"#)
        try Self.expectShape(
            [Octets16(high: 0x0102_0304_0506_0708, low: 0x090a_0b0c_0d0e_0fff)],
            #"["0102030405060708090a0b0c0d0e0fff"]"#
        )
    }

    @Test func managerIDsEncodeAsTextOrHexDigits() throws {
        try Self.expectShape([try #require(VSIManagerID(text: "mgr1"))], #"["mgr1"]"#)
        try Self.expectShape([try #require(VSIManagerID(text: "sixteen-chars-ok"))], #"["sixteen-chars-ok"]"#)
        try Self.expectShape([VSIManagerID(singleOctet: 1)], #"["01000000000000000000000000000000"]"#)
        try Self.expectShape([VSIManagerID(octets: .zero)], #"["00000000000000000000000000000000"]"#)
        try Self.expectShape(
            [VSIManagerID(octets: Self.uuid.octets)],
            #"["a1b2c3d400014000800000163e000001"]"#
        )
        // Text with a space is not the manager ID's text; its octets are written as hex digits.
        try Self.expectShape([try #require(VSIManagerID(text: "a b"))], #"["61206200000000000000000000000000"]"#)
    }

    @Test func everyVSIIDFormatEncodesItsText() throws {
        let local = try #require(Octets16(leftAligned: Array(1...16)))
        try Self.expectShape(
            VSIID.uuid(Self.uuid),
            #"{"format":5,"value":"a1b2c3d4-0001-4000-8000-00163e000001"}"#
        )
        try Self.expectShape(VSIID(.mac(Self.mac)), #"{"format":3,"value":"52:54:00:00:00:01"}"#)
        try Self.expectShape(VSIID(.ipv4(IPv4Address(10, 0, 0, 7))), #"{"format":1,"value":"10.0.0.7"}"#)
        try Self.expectShape(VSIID(.ipv6(try #require(IPv6Address("fe80::1")))), #"{"format":2,"value":"fe80::1"}"#)
        try Self.expectShape(VSIID(.local(local)), #"{"format":4,"value":"0102030405060708090a0b0c0d0e0f10"}"#)
        try Self.expectShape(
            VSIID(.reserved(format: VSIIDFormat(rawValue: 200), octets: local)),
            #"{"format":200,"value":"0102030405060708090a0b0c0d0e0f10"}"#
        )
        try Self.expectShape(
            VSIID(.reserved(format: VSIIDFormat(rawValue: 0), octets: .zero)),
            #"{"format":0,"value":"00000000000000000000000000000000"}"#
        )
    }

    @Test func filterInformationEncodesEveryFormat() throws {
        let word = try FilterVID(vid: 100, pcp: 5, prioritySignificant: true)
        try Self.expectShape(word, #"{"pcp":5,"prioritySignificant":true,"vid":100}"#)
        try Self.expectShape(
            try FilterInfo.vid([.null, word]),
            #"{"entries":[{"pcp":0,"prioritySignificant":false,"vid":0},{"pcp":5,"prioritySignificant":true,"vid":100}],"format":1}"#
        )
        try Self.expectShape(
            FilterInfo.macVID(Self.mac, word),
            #"{"entries":[{"mac":"52:54:00:00:00:01","pcp":5,"prioritySignificant":true,"vid":100}],"format":2}"#
        )
        try Self.expectShape(
            FilterInfo.groupVID(GroupID(rawValue: 4097), .null),
            #"{"entries":[{"groupID":4097,"pcp":0,"prioritySignificant":false,"vid":0}],"format":3}"#
        )
        try Self.expectShape(
            FilterInfo.groupMACVID(GroupID(rawValue: .max), Self.mac, try FilterVID(vid: 4095, pcp: 7)),
            #"{"entries":[{"groupID":4294967295,"mac":"52:54:00:00:00:01","pcp":7,"prioritySignificant":false,"vid":4095}],"format":4}"#
        )
    }

    @Test func numbersEncodeAsNumbers() throws {
        try Self.expectShape([VSITLVType.preAssociateWithResourceReservation, .deAssociate], "[2,4]")
        try Self.expectShape([FilterInfoFormat.groupMACVID], "[4]")
        try Self.expectShape([VSIIDFormat.uuid], "[5]")
        try Self.expectShape([VSITypeID(truncating: VSITypeID.maximum)], "[16777215]")
        try Self.expectShape([GroupID(rawValue: 0)], "[0]")
        try Self.expectShape([VDPStatus.response(.insufficientResources, keep: true)], "[98]")
        try Self.expectShape([VDPErrorCode.invalidVIDGroupIDOrMAC, try #require(VDPErrorCode(rawValue: 15))], "[5,15]")
    }

    @Test func decodingErrorsEncodeCodeFieldAndOffset() throws {
        try Self.expectShape(
            VDPDecodingError(.lengthMismatch, field: .filterInfoEntryCount, offset: 23),
            #"{"code":"lengthMismatch","field":"filterInfo.entryCount","offset":23}"#
        )
        let codes: [VDPDecodingError.Code] = [
            .truncated, .invalidValue, .unsupportedValue, .lengthMismatch, .unexpectedTLV, .duplicateTLV,
            .missingTLV, .tooLong, .emptyList,
        ]
        for code in codes {
            let text = try Self.json([code])
            #expect(try Self.decode([VDPDecodingError.Code].self, text) == [code])
        }
        #expect(Set(try codes.map { try Self.json([$0]) }).count == codes.count)
        // The offset is left out of equality, so compare it on its own.
        let error = VDPDecodingError(.truncated, field: .vsiid, offset: 40)
        #expect(try Self.decode(VDPDecodingError.self, Self.json(error)).offset == 40)
    }

    @Test func malformedVSITLVsEncodeWithAndWithoutTheirVSIID() throws {
        let error = VDPDecodingError(.invalidValue, field: .vsiid, offset: 31)
        try Self.expectShape(
            MalformedVSITLV(type: .associate, vsiID: nil, error: error, offset: 20),
            #"{"error":{"code":"invalidValue","field":"vsi.vsiid","offset":31},"offset":20,"type":3}"#
        )
        try Self.expectShape(
            MalformedVSITLV(type: .deAssociate, vsiID: .uuid(Self.uuid), error: error, offset: 20),
            #"{"error":{"code":"invalidValue","field":"vsi.vsiid","offset":31},"offset":20,"type":4,"#
                + #""vsiID":{"format":5,"value":"a1b2c3d4-0001-4000-8000-00163e000001"}}"#
        )
    }

    /// Random valid values of every composite type survive a round trip.
    @Test func randomValuesRoundTrip() throws {
        var generator = SeededGenerator(seed: 0xC0DA_B1E)
        for _ in 0..<300 {
            let tlv = VDPTestValues.randomVSITLV(using: &generator)
            #expect(try Self.decode(FilterInfo.self, Self.json(tlv.filterInfo)) == tlv.filterInfo)
            #expect(try Self.decode(VSIID.self, Self.json(tlv.vsiID)) == tlv.vsiID)
            #expect(try Self.decode(VDPStatus.self, Self.json(tlv.status)) == tlv.status)
            #expect(try Self.decode(VSITypeID.self, Self.json(tlv.typeID)) == tlv.typeID)
            let octets = Octets16(
                high: .random(in: 0...UInt64.max, using: &generator),
                low: .random(in: 0...UInt64.max, using: &generator)
            )
            let vsiIDs = [
                VSIID(.local(octets)), VSIID(.uuid(VSIUUID(octets: octets))), VSIID(.ipv6(IPv6Address(octets: octets))),
                VSIID(.ipv4(IPv4Address(rawValue: UInt32(truncatingIfNeeded: octets.low)))),
                VSIID(.mac(MACAddress(octets: octets.octets.suffix(6)) ?? Self.mac)),
                VSIID(
                    .reserved(format: VSIIDFormat(rawValue: .random(in: 6...255, using: &generator)), octets: octets)
                ),
            ]
            #expect(try Self.decode([VSIID].self, Self.json(vsiIDs)) == vsiIDs)
            let managerID = VSIManagerID(octets: octets)
            #expect(try Self.decode(VSIManagerID.self, Self.json(managerID)) == managerID)
        }
    }

    // MARK: Refusals

    @Test(arguments: [
        #""52:54:00:00:00""#, #""52:54:00:00:00:01:02""#, #""52:54:00:00:00:zz""#, #""""#, #""525400000001""#,
        #""152:54:00:00:00:01""#,
    ])
    func corruptedMACAddressesAreRefused(json: String) {
        Self.expectCorrupted(MACAddress.self, json)
    }

    @Test func corruptedAddressesAndOctetsAreRefused() {
        Self.expectCorrupted(IPv4Address.self, #""192.0.2""#)
        Self.expectCorrupted(IPv4Address.self, #""192.0.2.256""#)
        Self.expectCorrupted(IPv6Address.self, #""2001:db8:::1""#)
        Self.expectCorrupted(IPv6Address.self, #""1:2:3:4:5:6:7:8:9""#)
        Self.expectCorrupted(VSIUUID.self, #""a1b2c3d4-0001-4000-8000-00163e00000""#)
        Self.expectCorrupted(VSIUUID.self, #""a1b2c3d4-0001-4000-8000-00163e00000g""#)
        Self.expectCorrupted(Octets16.self, #""0102030405060708090a0b0c0d0e0f""#)
        Self.expectCorrupted(Octets16.self, #""0102030405060708090a0b0c0d0e0f1011""#)
        Self.expectCorrupted(Octets16.self, #""0102030405060708090a0b0c0d0e0f1x""#)
    }

    @Test func corruptedManagerIDsAreRefused() {
        Self.expectCorrupted(VSIManagerID.self, #""""#)
        Self.expectCorrupted(VSIManagerID.self, #""seventeen-chars-x""#)
        Self.expectCorrupted(VSIManagerID.self, #""with space""#)
        Self.expectCorrupted(VSIManagerID.self, #""caf\u00e9""#)
        Self.expectCorrupted(VSIManagerID.self, #""0102030405060708090a0b0c0d0e0f1g""#)
    }

    @Test func vsiIDsWhoseTextDoesNotFitTheirFormatAreRefused() {
        Self.expectCorrupted(VSIID.self, #"{"format":5,"value":"52:54:00:00:00:01"}"#)
        Self.expectCorrupted(VSIID.self, #"{"format":3,"value":"a1b2c3d4-0001-4000-8000-00163e000001"}"#)
        Self.expectCorrupted(VSIID.self, #"{"format":1,"value":"fe80::1"}"#)
        Self.expectCorrupted(VSIID.self, #"{"format":2,"value":"10.0.0.1.1"}"#)
        Self.expectCorrupted(VSIID.self, #"{"format":4,"value":"10.0.0.1"}"#)
        Self.expectCorrupted(VSIID.self, #"{"format":9,"value":"a1b2c3d4-0001-4000-8000-00163e000001"}"#)
        Self.expectCorrupted(VSIID.self, #"{"format":256,"value":"00000000000000000000000000000000"}"#)
    }

    @Test func filterInformationTheCodecWouldRefuseIsRefused() {
        let entry = #"{"pcp":0,"prioritySignificant":false,"vid":1}"#
        let macEntry = #"{"mac":"52:54:00:00:00:01","pcp":0,"prioritySignificant":false,"vid":1}"#
        Self.expectCorrupted(FilterVID.self, #"{"pcp":0,"prioritySignificant":false,"vid":4096}"#)
        Self.expectCorrupted(FilterVID.self, #"{"pcp":8,"prioritySignificant":false,"vid":1}"#)
        Self.expectCorrupted(FilterVID.self, #"{"pcp":0,"prioritySignificant":false,"vid":65536}"#)
        Self.expectCorrupted(FilterEntry.self, #"{"mac":"nope","pcp":0,"prioritySignificant":false,"vid":1}"#)
        Self.expectCorrupted(FilterEntry.self, #"{"groupID":-1,"pcp":0,"prioritySignificant":false,"vid":1}"#)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[],"format":1}"#)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[\#(entry)],"format":5}"#)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[\#(entry)],"format":0}"#)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[\#(macEntry)],"format":1}"#)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[\#(entry)],"format":2}"#)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[\#(entry),\#(macEntry)],"format":2}"#)
        let tooMany = Array(repeating: macEntry, count: FilterInfoFormat.macVID.maximumEntryCount + 1)
        Self.expectCorrupted(FilterInfo.self, #"{"entries":[\#(tooMany.joined(separator: ","))],"format":2}"#)
    }

    @Test func numbersOutOfRangeAreRefused() {
        Self.expectCorrupted(VSITLVType.self, "0")
        Self.expectCorrupted(VSITLVType.self, "5")
        Self.expectCorrupted(VSITypeID.self, "16777216")
        Self.expectCorrupted(VDPErrorCode.self, "16")
        Self.expectCorrupted(VDPStatus.self, "256")
        Self.expectCorrupted(VDPStatus.self, "-1")
        Self.expectCorrupted(GroupID.self, "4294967296")
    }

    @Test func corruptedDecodingErrorsAreRefused() {
        Self.expectCorrupted(VDPDecodingError.self, #"{"code":"noSuchCode","field":"vsi.vsiid","offset":1}"#)
        Self.expectCorrupted(VDPDecodingError.self, #"{"code":"truncated value","field":"vsi.vsiid","offset":1}"#)
        Self.expectCorrupted(VDPDecodingError.self, #"{"code":"truncated","field":"vsi.vsiid","offset":-1}"#)
        Self.expectCorrupted(
            MalformedVSITLV.self,
            #"{"error":{"code":"truncated","field":"vsi.vsiid","offset":1},"offset":-5,"type":3}"#
        )
        Self.expectCorrupted(
            MalformedVSITLV.self,
            #"{"error":{"code":"truncated","field":"vsi.vsiid","offset":1},"offset":5,"type":7}"#
        )
    }
}
