import Testing

@testable import VDPWire

@Suite struct LLDPErrorTests {
    typealias V = LLDPVectors

    @Test func missingChassisID() {
        expectLLDPDUError([], .missingTLV, .lldpChassisID, offset: 0)
        expectLLDPDUError(lldpHex(V.end), .missingTLV, .lldpChassisID, offset: 0)
        expectLLDPDUError(lldpHex(V.systemName + V.port + V.ttl120 + V.end), .missingTLV, .lldpChassisID, offset: 0)
    }

    @Test func missingPortIDAndTimeToLive() {
        expectLLDPDUError(lldpHex(V.chassis + V.end), .missingTLV, .lldpPortID, offset: 9)
        expectLLDPDUError(lldpHex(V.chassis), .missingTLV, .lldpPortID, offset: 9)
        expectLLDPDUError(lldpHex(V.chassis + V.systemName), .missingTLV, .lldpPortID, offset: 9)
        expectLLDPDUError(lldpHex(V.chassis + V.port + V.end), .missingTLV, .lldpTimeToLive, offset: 18)
        expectLLDPDUError(lldpHex(V.chassis + V.port + V.evbBridge), .missingTLV, .lldpTimeToLive, offset: 18)
    }

    @Test func mandatoryTLVsInTheWrongOrder() {
        expectLLDPDUError(lldpHex(V.port + V.chassis + V.ttl120 + V.end), .unexpectedTLV, .lldpPortID, offset: 0)
        expectLLDPDUError(lldpHex(V.chassis + V.ttl120 + V.port + V.end), .unexpectedTLV, .lldpTimeToLive, offset: 9)
        expectLLDPDUError(lldpHex(V.ttl120 + V.chassis + V.port + V.end), .unexpectedTLV, .lldpTimeToLive, offset: 0)
    }

    @Test func duplicateMandatoryTLVs() {
        expectLLDPDUError(lldpHex(V.mandatory + V.ttl0 + V.end), .duplicateTLV, .lldpTimeToLive, offset: 22)
        expectLLDPDUError(lldpHex(V.chassis + V.chassis + V.port + V.end), .duplicateTLV, .lldpChassisID, offset: 9)
        expectLLDPDUError(
            lldpHex(V.mandatory + V.evbBridge + V.chassis + V.end),
            .duplicateTLV,
            .lldpChassisID,
            offset: 33
        )
        expectLLDPDUError(lldpHex(V.mandatory + V.port + V.end), .duplicateTLV, .lldpPortID, offset: 22)
    }

    @Test func timeToLiveLengthMustBeTwo() {
        expectLLDPDUError(
            lldpHex(V.chassis + V.port + "06 03 00 78 00" + V.end),
            .lengthMismatch,
            .lldpTimeToLive,
            offset: 18
        )
        expectLLDPDUError(
            lldpHex(V.chassis + V.port + "06 01 00" + V.end),
            .lengthMismatch,
            .lldpTimeToLive,
            offset: 18
        )
        expectLLDPDUError(lldpHex(V.chassis + V.port + "06 00" + V.end), .lengthMismatch, .lldpTimeToLive, offset: 18)
    }

    @Test func chassisAndPortIDLengthsMustBeTwoTo256() {
        expectLLDPDUError(lldpHex("02 01 04" + V.port + V.ttl120), .lengthMismatch, .lldpChassisID, offset: 0)
        expectLLDPDUError(lldpHex("02 00" + V.port + V.ttl120), .lengthMismatch, .lldpChassisID, offset: 0)
        let port257 = lldpHex("05 01 07") + [UInt8](repeating: 0x41, count: 256)
        expectLLDPDUError(lldpHex(V.chassis) + port257 + lldpHex(V.ttl120), .lengthMismatch, .lldpPortID, offset: 9)
    }

    @Test func chassisAndPortIDOfMaximumLengthRoundTrip() throws {
        let chassis256 = lldpHex("03 00 07") + [UInt8](repeating: 0x43, count: 255)
        let port256 = lldpHex("05 00 07") + [UInt8](repeating: 0x50, count: 255)
        let bytes = chassis256 + port256 + lldpHex(V.ttl120 + V.end)
        let lldpdu = try LLDPDU(decoding: bytes)
        #expect(lldpdu.chassisID.id.count == 255)
        #expect(lldpdu.portID.id.count == 255)
        #expect(lldpdu.encoded() == bytes)
    }

    @Test func evbTLVLengthMustBeNine() {
        expectLLDPDUError(
            lldpHex(V.mandatory + "fe 08 00 80 c2 0d 06 00 6e 54" + V.end),
            .lengthMismatch,
            .evbTLV,
            offset: 22
        )
        expectLLDPDUError(
            lldpHex(V.mandatory + "fe 0a 00 80 c2 0d 06 00 6e 54 14 00" + V.end),
            .lengthMismatch,
            .evbTLV,
            offset: 22
        )
        expectLLDPDUError(lldpHex(V.mandatory + "fe 04 00 80 c2 0d" + V.end), .lengthMismatch, .evbTLV, offset: 22)
    }

    @Test func draftEVBTLVLengthMustBeThirteen() {
        expectLLDPDUError(
            lldpHex(V.mandatory + "fe 0c 00 1b 3f 00 40 07 40 07 0c df 00 00" + V.end),
            .lengthMismatch,
            .draftEVBTLV,
            offset: 22
        )
        expectLLDPDUError(
            lldpHex(V.mandatory + "fe 0e 00 1b 3f 00 40 07 40 07 0c df 00 00 0f 00" + V.end),
            .lengthMismatch,
            .draftEVBTLV,
            offset: 22
        )
    }

    @Test func organizationallySpecificTLVNeedsFourOctets() {
        expectLLDPDUError(
            lldpHex(V.mandatory + "fe 03 00 80 c2" + V.end),
            .lengthMismatch,
            .lldpOrganizationallySpecific,
            offset: 22
        )
        expectLLDPDUError(
            lldpHex(V.mandatory + "fe 00" + V.end),
            .lengthMismatch,
            .lldpOrganizationallySpecific,
            offset: 22
        )
    }

    @Test func otherSubtypesOfTheEVBOUIsStayOpaque() throws {
        // Draft-0.2 CDCP (00-1B-3F subtype 1) and an empty 00-80-C2 subtype 0x0E.
        let bytes = lldpHex(V.mandatory + "fe 05 00 1b 3f 01 aa" + "fe 04 00 80 c2 0e" + V.end)
        let lldpdu = try LLDPDU(decoding: bytes)
        #expect(
            lldpdu.optionalTLVs.allSatisfy {
                if case .organizationallySpecific = $0 { true } else { false }
            }
        )
        #expect(lldpdu.encoded() == bytes)
    }

    @Test func endTLVWithNonZeroLength() {
        expectLLDPDUError(lldpHex(V.mandatory + "00 01 00"), .invalidValue, .endTLV, offset: 22)
    }

    @Test func tlvLengthPastTheEnd() {
        expectLLDPDUError(lldpHex(V.mandatory + "08 10 65 74"), .truncated, .tlvValue, offset: 24)
        expectLLDPDUError(lldpHex(V.chassis + "04 07 03 02"), .truncated, .tlvValue, offset: 11)
        expectLLDPDUError(lldpHex("02 07 04"), .truncated, .tlvValue, offset: 2)
    }

    @Test func singleTrailingNonZeroOctet() {
        expectLLDPDUError(lldpHex(V.mandatory + "08"), .truncated, .tlvHeader, offset: 22)
    }

    @Test func singleTLVDecoderRejectsEndMandatoryAndTrailingOctets() {
        #expect(throws: VDPDecodingError(.unexpectedTLV, field: .endTLV, offset: 0)) {
            try LLDPTLV(decoding: lldpHex(V.end))
        }
        #expect(throws: VDPDecodingError(.unexpectedTLV, field: .lldpChassisID, offset: 0)) {
            try LLDPTLV(decoding: lldpHex(V.chassis))
        }
        #expect(throws: VDPDecodingError(.unexpectedTLV, field: .lldpPortID, offset: 0)) {
            try LLDPTLV(decoding: lldpHex(V.port))
        }
        #expect(throws: VDPDecodingError(.unexpectedTLV, field: .lldpTimeToLive, offset: 0)) {
            try LLDPTLV(decoding: lldpHex(V.ttl120))
        }
        #expect(throws: VDPDecodingError(.tooLong, field: .trailer, offset: 0)) {
            try LLDPTLV(decoding: lldpHex(V.evbBridge + "00"))
        }
        #expect(throws: VDPDecodingError(.truncated, field: .tlvHeader, offset: 0)) {
            try LLDPTLV(decoding: [0xFE])
        }
        #expect(throws: VDPDecodingError(.unexpectedTLV, field: .evbTLV, offset: 0)) {
            try EVBTLV(decoding: lldpHex(V.cdcp))
        }
        #expect(throws: VDPDecodingError(.unexpectedTLV, field: .draftEVBTLV, offset: 0)) {
            try DraftEVBTLV(decoding: lldpHex(V.evbBridge))
        }
    }

    @Test func errorsPrintCodeOffsetAndField() {
        do {
            _ = try LLDPDU(decoding: lldpHex(V.mandatory + "fe 08 00 80 c2 0d 06 00 6e 54"))
            Issue.record("decoded")
        } catch {
            #expect(error.description == "length mismatch at offset 22 (field: lldp.evb)")
        }
    }
}
