import Testing

@testable import VDPWire

@Suite struct EVBDraftTLVTests {
    @Test func bridgeTLVFromThePrestandardCapture() throws {
        let bytes = lldpHex("fe 0d 00 1b 3f 00 40 07 40 00 00 00 00 00 0f")
        let tlv = try DraftEVBTLV(decoding: bytes)
        #expect(tlv.supportedForwardingModes == .reflectiveRelay)
        #expect(tlv.supportedCapabilities == [.retransmissionTimerExponent, .ecp, .vdp])
        #expect(tlv.configuredForwardingModes == .reflectiveRelay)
        #expect(tlv.configuredCapabilities.isEmpty)
        #expect(tlv.supportedVSICount == 0)
        #expect(tlv.configuredVSICount == 0)
        #expect(tlv.retransmissionExponent == 15)
        #expect(tlv.encoded() == bytes)
        #expect(tlv.encodedLength == 15)
        #expect(
            tlv.description
                == "supported-fwd=0x40 supported-caps=0x07 configured-fwd=0x40 configured-caps=0x00"
                + " supported-VSIs=0 configured-VSIs=0 RTE=15"
        )
    }

    @Test func stationTLVFromThePrestandardCapture() throws {
        let bytes = lldpHex(LLDPVectors.draftEVBStation)
        let tlv = try DraftEVBTLV(decoding: bytes)
        #expect(tlv.configuredCapabilities.contains(.vdp))
        #expect(tlv.configuredCapabilities.contains(.ecp))
        #expect(tlv.supportedVSICount == 3295)
        #expect(tlv.encoded() == bytes)
        #expect(
            tlv.description
                == "supported-fwd=0x40 supported-caps=0x07 configured-fwd=0x40 configured-caps=0x07"
                + " supported-VSIs=3295 configured-VSIs=0 RTE=15"
        )
    }

    @Test func builtTLVEncodesAndKeepsUnnamedBits() throws {
        let tlv = DraftEVBTLV(
            supportedForwardingModes: [.standardBridging, .reflectiveRelay],
            supportedCapabilities: [.ecp, .vdp],
            configuredForwardingModes: DraftEVBForwardingModes(rawValue: 0x81),
            configuredCapabilities: DraftEVBCapabilities(rawValue: 0xF8),
            supportedVSICount: 0xFFFF,
            configuredVSICount: 0x0102,
            retransmissionExponent: 0xFF
        )
        let bytes = tlv.encoded()
        #expect(bytes == lldpHex("fe 0d 00 1b 3f 00 c0 03 81 f8 ff ff 01 02 ff"))
        #expect(try DraftEVBTLV(decoding: bytes) == tlv)
        #expect(DraftEVBForwardingModes.standardBridging.rawValue == 0x80)
        #expect(DraftEVBCapabilities.retransmissionTimerExponent.rawValue == 0x04)
    }

    @Test func lengthMustBeThirteen() {
        #expect(throws: VDPDecodingError(.lengthMismatch, field: .draftEVBTLV, offset: 0)) {
            try DraftEVBTLV(decoding: lldpHex("fe 0c 00 1b 3f 00 40 07 40 00 00 00 00 00"))
        }
        #expect(throws: VDPDecodingError(.lengthMismatch, field: .draftEVBTLV, offset: 0)) {
            try DraftEVBTLV(decoding: lldpHex("fe 04 00 1b 3f 00"))
        }
    }
}
