import Testing

@testable import VDPWire

/// One test per decoding rule: each malformed input fails with the expected code, field and offset.
@Suite struct VDPDecodingErrorTests {
    /// The lldpad Associate frame (71 octets) with `edit` applied.
    private func associateFrame(_ edit: (inout [UInt8]) -> Void = { _ in }) -> [UInt8] {
        var bytes = hexBytes(VDPTestValues.associateFrameHex)
        edit(&bytes)
        return bytes
    }

    // Offsets in the Associate frame: ECP header 14, Manager ID TLV 18, VSI TLV header 36, status 38,
    // type ID 39, VSIID format 43, VSIID 44, filter format 60, entry count 61, entries 63.

    @Test func vsiTLVLengthThatDisagreesWithTheEntryCount() {
        let bytes = associateFrame {
            $0[37] = 0x22; $0.append(0)
        }
        expectDecodingError(.lengthMismatch, .filterInfoEntryCount, at: 61) {
            _ = try Frame(decoding: bytes)
        }
        do {
            _ = try Frame(decoding: bytes)
        } catch {
            #expect(error.offset == 61)
            #expect(error.description == "length mismatch at offset 61 (field: filterInfo.entryCount)")
        }
    }

    @Test func entryCountLargerThanTheEntries() {
        expectDecodingError(.lengthMismatch, .filterInfoEntryCount) {
            _ = try Frame(decoding: associateFrame { $0[62] = 2 })
        }
    }

    @Test func zeroEntries() {
        let bytes = associateFrame {
            $0[37] = 25
            $0[62] = 0
            $0.removeLast(8)
        }
        expectDecodingError(.emptyList, .filterInfoEntryCount) {
            _ = try Frame(decoding: bytes)
        }
    }

    @Test func unknownFilterFormat() {
        expectDecodingError(.unsupportedValue, .filterInfoFormat) {
            _ = try Frame(decoding: associateFrame { $0[60] = 5 })
        }
        expectDecodingError(.unsupportedValue, .filterInfoFormat) {
            _ = try Frame(decoding: associateFrame { $0[60] = 0 })
        }
    }

    @Test func tlvLengthPastTheEnd() {
        expectDecodingError(.truncated, .tlvValue) {
            _ = try Frame(decoding: associateFrame { $0[37] = 0x22 })
        }
    }

    @Test func vsiTLVTooShortForItsFixedPart() {
        // A VSI TLV declaring 20 octets: the VSIID runs out inside the value.
        let bytes = Array(associateFrame().prefix(38)) + [0x06, 0x14] + Array(repeating: 0, count: 20)
        let fixed = Array(bytes.prefix(36)) + Array(bytes[38...])
        expectDecodingError(.truncated, .vsiid) {
            _ = try Frame(decoding: fixed)
        }
    }

    @Test func secondManagerID() {
        let bytes = associateFrame { bytes in
            bytes.insert(contentsOf: Array(bytes[18..<36]), at: 36)
        }
        expectDecodingError(.duplicateTLV, .managerID, at: 36) {
            _ = try Frame(decoding: bytes)
        }
    }

    @Test func vsiTLVBeforeAnyManagerID() {
        let bytes = associateFrame { $0.removeSubrange(18..<36) }
        expectDecodingError(.missingTLV, .managerID, at: 18) {
            _ = try Frame(decoding: bytes)
        }
    }

    @Test func managerIDAloneIsNotAULPDU() {
        expectDecodingError(.missingTLV, .vsiTLV) {
            _ = try Frame(decoding: Array(associateFrame().prefix(36)))
        }
        expectDecodingError(.missingTLV, .managerID) {
            _ = try Frame(decoding: Array(associateFrame().prefix(18)))
        }
    }

    @Test func managerIDOfTheWrongLength() {
        let bytes = associateFrame {
            $0[19] = 0x0F
            $0.remove(at: 35)
        }
        expectDecodingError(.lengthMismatch, .managerID, at: 18) {
            _ = try Frame(decoding: bytes)
        }
    }

    @Test func organizationallyDefinedTLVWithoutItsOUI() {
        let bytes = associateFrame { $0 += [0xFE, 0x02, 0x00, 0x00] }
        expectDecodingError(.truncated, .organizationOUI) {
            _ = try Frame(decoding: bytes)
        }
    }

    @Test func ipv4VSIIDWithoutTheMappedPrefix() {
        let bytes = associateFrame {
            $0[43] = VSIIDFormat.ipv4.rawValue
        }
        expectDecodingError(.invalidValue, .vsiid, at: 44) {
            _ = try Frame(decoding: bytes)
        }
        let valid = associateFrame {
            $0[43] = VSIIDFormat.ipv4.rawValue
            $0.replaceSubrange(44..<60, with: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 1])
        }
        #expect(throws: Never.self) { try Frame(decoding: valid) }
    }

    @Test func macVSIIDWithNonZeroPrefix() {
        expectDecodingError(.invalidValue, .vsiid) {
            _ = try Frame(decoding: associateFrame { $0[43] = VSIIDFormat.mac.rawValue })
        }
    }

    @Test func endTLVWithALength() {
        expectDecodingError(.invalidValue, .endTLV, at: 71) {
            _ = try Frame(decoding: associateFrame { $0 += [0x00, 0x01, 0x00] })
        }
    }

    @Test func endTLVAndPaddingAreKept() throws {
        let bytes = associateFrame { $0 += [0x00, 0x00, 0xAB, 0xCD] }
        let frame = try Frame(decoding: bytes)
        #expect(frame.encoded() == bytes)
        #expect(frame.paddingLength == 4)
    }

    @Test func singleTrailingOctet() throws {
        expectDecodingError(.truncated, .tlvHeader, at: 71) {
            _ = try Frame(decoding: associateFrame { $0.append(0x07) })
        }
        let padded = associateFrame { $0.append(0) }
        #expect(try Frame(decoding: padded).encoded() == padded)
    }

    @Test func payloadLongerThanTheMTU() {
        let bytes = associateFrame { $0 += Array(repeating: 0, count: 1500 - 57 + 1) }
        #expect(bytes.count == 1515)
        expectDecodingError(.tooLong, .ethernetPayload, at: 14) {
            _ = try Frame(decoding: bytes)
        }
        let largest = associateFrame { $0 += Array(repeating: 0, count: 1500 - 57) }
        #expect(throws: Never.self) { try Frame(decoding: largest) }
    }

    @Test func vlanTagsAreKeptAndAThirdIsRefused() throws {
        let tag: [UInt8] = [0x81, 0x00, 0x20, 0x64]
        let tagged = associateFrame { $0.insert(contentsOf: tag, at: 12) }
        let frame = try Frame(decoding: tagged)
        #expect(frame.header.vlanTags == [VLANTag(controlInformation: 0x2064)])
        #expect(frame.header.vlanTags.first?.vid == 100)
        #expect(frame.header.vlanTags.first?.priority == 1)
        #expect(frame.encoded() == tagged)
        let triple = associateFrame { $0.insert(contentsOf: tag + tag + tag, at: 12) }
        expectDecodingError(.unsupportedValue, .ethernetVLANTag, at: 20) {
            _ = try Frame(decoding: triple)
        }
    }

    @Test func truncatedEthernetHeader() {
        expectDecodingError(.truncated, .ethernetSource, at: 6) {
            _ = try Frame(decoding: Array(associateFrame().prefix(9)))
        }
        expectDecodingError(.truncated, .ethernetType, at: 12) {
            _ = try Frame(decoding: Array(associateFrame().prefix(13)))
        }
    }

    @Test func ecpOtherVersionsAndSubtypesStayOpaque() throws {
        let version2 = associateFrame { $0[14] = 0x20 }
        guard case .ecp(let ecpdu) = try Frame(decoding: version2).payload else {
            Issue.record("not ECP")
            return
        }
        #expect(ecpdu.version.rawValue == 2)
        #expect(ecpdu.payload == .opaque(Array(version2[18...])))
        let peCSP = associateFrame { $0[15] = 0x02 }
        guard case .ecp(let csp) = try Frame(decoding: peCSP).payload else {
            Issue.record("not ECP")
            return
        }
        #expect(csp.subtype == .portExtenderControlAndStatus)
        #expect(try Frame(decoding: peCSP).encoded() == peCSP)
    }

    @Test func draftECPNeedsItsEndTLVAndKnownFilterFormat() throws {
        let header: [UInt8] = [0x01, 0x80, 0xC2, 0, 0, 0x0E, 2, 0, 0, 0, 0xAA, 1, 0x88, 0xB7]
        let ecpHeader: [UInt8] = [0x00, 0x1B, 0x3F, 0, 0, 0, 0, 0, 1]
        expectDecodingError(.missingTLV, .endTLV) {
            _ = try Frame(decoding: header + ecpHeader)
        }
        expectDecodingError(.truncated, .draftECPHeader, at: 14) {
            _ = try Frame(decoding: header + [0x00, 0x1B])
        }
        let tlvValue: [UInt8] =
            [0x00, 0x1B, 0x3F, 0x02, 2, 0, 12, 0x12, 0x34, 0x56, 1]
            + Array(repeating: 0xAB, count: 16) + [1, 0, 1, 0x52, 0x54, 0, 0, 0, 1, 0, 3]
        let tlv: [UInt8] = [0xFE, UInt8(tlvValue.count)] + tlvValue
        expectDecodingError(.unsupportedValue, .filterInfoFormat) {
            _ = try Frame(decoding: header + ecpHeader + tlv + [0, 0])
        }
        var good = tlv
        good[2 + 27] = 2
        let frame = try Frame(decoding: header + ecpHeader + good + [0, 0])
        #expect(frame.encoded() == header + ecpHeader + good + [0, 0])
        let otherOUI = header + [0x00, 0x00, 0x0C, 0, 0, 1, 2, 3]
        #expect(try Frame(decoding: otherOUI).payload == .other(Array(otherOUI[14...])))
    }
}

/// Values that cannot be represented on the wire are refused when built.
@Suite struct VDPEncodingErrorTests {
    @Test func outOfRangeNumbers() {
        #expect(throws: VDPEncodingError(.valueOutOfRange, field: .filterInfoEntries)) {
            try FilterVID(vid: 4096)
        }
        #expect(throws: VDPEncodingError(.valueOutOfRange, field: .filterInfoEntries)) {
            try FilterVID(vid: 1, pcp: 8)
        }
        #expect(throws: VDPEncodingError(.valueOutOfRange, field: .typeID)) {
            try VSITypeID(0x0100_0000)
        }
        #expect(throws: Never.self) { try VSITypeID(VSITypeID.maximum) }
        #expect(throws: VDPEncodingError(.valueOutOfRange, field: .tlvHeader)) {
            try UnknownVDPTLV(type: 5, value: [])
        }
        #expect(throws: VDPEncodingError(.valueOutOfRange, field: .tlvHeader)) {
            try TLVHeader(type: 128, length: 0)
        }
        #expect(throws: VDPEncodingError(.tooManyElements, field: .tlvHeader)) {
            try TLVHeader(type: 1, length: 512)
        }
    }

    @Test func listsThatDoNotFit() {
        #expect(throws: VDPEncodingError(.emptyList, field: .filterInfoEntryCount)) {
            try FilterInfo(format: .vid, entries: [])
        }
        #expect(throws: VDPEncodingError(.inconsistent, field: .filterInfoEntries)) {
            try FilterInfo(format: .macVID, entries: [FilterEntry(vid: .null)])
        }
        #expect(throws: VDPEncodingError(.tooManyElements, field: .tlvValue)) {
            try OrganizationallyDefinedTLV(oui: .ieee8021, data: Array(repeating: 0, count: 509))
        }
        #expect(throws: Never.self) {
            try OrganizationallyDefinedTLV(oui: .ieee8021, data: Array(repeating: 0, count: 508))
        }
        #expect(throws: VDPEncodingError(.tooManyElements, field: .tlvValue)) {
            try UnknownVDPTLV(type: 6, value: Array(repeating: 0, count: 512))
        }
    }

    @Test func vsiidLayoutMustMatchItsFormat() throws {
        #expect(throws: VDPEncodingError(.inconsistent, field: .vsiid)) {
            try VSIID(format: .mac, octets: Octets16(high: 1, low: 0))
        }
        let octets = Octets16(high: 0, low: 0xFFFF_0A00_0001)
        #expect(try VSIID(format: .ipv4, octets: octets).value == .ipv4(IPv4Address(10, 0, 0, 1)))
    }
}
