import Testing

@testable import VDPWire

@Suite struct LLDPTLVTests {
    @Test func chassisAndPortIDValidation() throws {
        #expect(throws: VDPEncodingError(.emptyList, field: .lldpChassisID)) {
            try LLDPChassisID(subtype: 7, id: [])
        }
        #expect(throws: VDPEncodingError(.tooManyElements, field: .lldpChassisID)) {
            try LLDPChassisID(subtype: 7, id: [UInt8](repeating: 1, count: 256))
        }
        #expect(throws: VDPEncodingError(.emptyList, field: .lldpPortID)) {
            try LLDPPortID(subtype: 7, id: [])
        }
        #expect(throws: VDPEncodingError(.tooManyElements, field: .lldpPortID)) {
            try LLDPPortID(subtype: 7, id: [UInt8](repeating: 1, count: 256))
        }
        let chassis = try LLDPChassisID(subtype: 7, id: [UInt8](repeating: 1, count: 255))
        #expect(chassis.encodedLength == 258)
        let port = try LLDPPortID(subtype: 7, id: [9])
        #expect(port.encodedLength == 4)
    }

    @Test func unknownTLVValidation() throws {
        for type: UInt8 in [0, 1, 2, 3, 127, 128, 255] {
            #expect(throws: VDPEncodingError(.valueOutOfRange, field: .lldpTLV)) {
                try LLDPUnknownTLV(type: type, value: [])
            }
        }
        #expect(throws: VDPEncodingError(.tooManyElements, field: .lldpTLV)) {
            try LLDPUnknownTLV(type: 4, value: [UInt8](repeating: 0, count: 512))
        }
        let largest = LLDPTLV.other(try LLDPUnknownTLV(type: 126, value: [UInt8](repeating: 0x55, count: 511)))
        let bytes = largest.encoded()
        #expect(bytes.count == 513)
        #expect(bytes.prefix(2) == [0xFD, 0xFF])
        #expect(try LLDPTLV(decoding: bytes) == largest)
        #expect(largest.type == 126)
    }

    @Test func organizationallySpecificTLVValidation() throws {
        #expect(throws: VDPEncodingError(.tooManyElements, field: .lldpOrganizationallySpecific)) {
            try LLDPOrganizationallySpecificTLV(oui: .ieee8021, subtype: 0x0E, info: [UInt8](repeating: 0, count: 508))
        }
        #expect(throws: VDPEncodingError(.inconsistent, field: .lldpOrganizationallySpecific)) {
            try LLDPOrganizationallySpecificTLV(oui: .ieee8021, subtype: 0x0D, info: [0, 0, 0, 0, 0])
        }
        #expect(throws: VDPEncodingError(.inconsistent, field: .lldpOrganizationallySpecific)) {
            try LLDPOrganizationallySpecificTLV(oui: .draftQbg, subtype: 0x00, info: [])
        }
        let largest = LLDPTLV.organizationallySpecific(
            try LLDPOrganizationallySpecificTLV(
                oui: OUI(0x00, 0x12, 0x0F),
                subtype: 9,
                info: [UInt8](repeating: 7, count: 507)
            )
        )
        let bytes = largest.encoded()
        #expect(bytes.count == 513)
        #expect(bytes.prefix(6) == [0xFF, 0xFF, 0x00, 0x12, 0x0F, 0x09])
        #expect(try LLDPTLV(decoding: bytes) == largest)
        #expect(largest.encodedLength == 513)

        let empty = try LLDPOrganizationallySpecificTLV(oui: .ieee8021, subtype: 0x0E, info: [])
        #expect(LLDPTLV.organizationallySpecific(empty).encoded() == lldpHex("fe 04 00 80 c2 0e"))
    }

    @Test func tlvTypesAndLengths() throws {
        let evb = try LLDPTLV(decoding: lldpHex(LLDPVectors.evbBridge))
        #expect(evb.type == 127)
        #expect(evb.encodedLength == 11)
        let draft = try LLDPTLV(decoding: lldpHex(LLDPVectors.draftEVBStation))
        #expect(draft.type == 127)
        #expect(draft.encodedLength == 15)
        let name = try LLDPTLV(decoding: lldpHex(LLDPVectors.systemName))
        #expect(name.type == 5)
        #expect(name.encodedLength == 6)
        #expect(name.encoded() == lldpHex(LLDPVectors.systemName))
    }
}
