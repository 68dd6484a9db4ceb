import Testing

@testable import VDPWire

/// An untagged ECP frame is decoded in one pass (the headers read in place, the frame built from them); a tagged one
/// through the general path. Both must agree: on every value, and on every error, whose offset the tag moves by 4.
@Suite struct FrameOnePassTests {
    /// `bytes` with a C-tag inserted after the addresses.
    private func tagged(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.prefix(12)) + [0x81, 0x00, 0x00, 0x64] + Array(bytes.dropFirst(12))
    }

    /// The result of decoding, as the value without its header or the error.
    private func outcome(_ bytes: [UInt8], shift: Int) -> Result<FramePayload, VDPDecodingError> {
        do {
            return .success(try Frame(decoding: bytes, options: .receiving).payload)
        } catch {
            return .failure(VDPDecodingError(error.code, field: error.field, offset: error.offset - shift))
        }
    }

    private func expectSameOutcome(_ bytes: [UInt8], _ note: Comment) {
        let untagged = outcome(bytes, shift: 0)
        let general = outcome(tagged(bytes), shift: 4)
        switch (untagged, general) {
        case (.success(let one), .success(let other)):
            #expect(one == other, note)
        case (.failure(let one), .failure(let other)):
            #expect(one == other, note)
        default:
            Issue.record("\(note): one path decoded and the other did not")
        }
    }

    @Test func typicalAssociateAndEveryPrefixAndEveryOctetChanged() {
        let frame = hexBytes(VDPTestValues.associateFrameHex)
        for length in EthernetHeader.untaggedLength...frame.count {
            expectSameOutcome(Array(frame.prefix(length)), "the first \(length) octets")
        }
        for index in 12..<frame.count {
            for value: UInt8 in [0x00, 0x01, 0x19, 0x7F, 0xFF] {
                var edited = frame
                edited[index] = value
                expectSameOutcome(edited, "octet \(index) set to \(value)")
            }
        }
    }

    @Test func acknowledgementsAndOtherECPDUs() throws {
        let station = VDPTestValues.station
        let acknowledgement = Frame.ecp(.acknowledgement(of: 0xBEEF), from: station).encoded()
        expectSameOutcome(acknowledgement, "an acknowledgement")
        expectSameOutcome(acknowledgement + [0, 0, 0], "an acknowledgement with padding")
        var opaque = acknowledgement
        opaque[14] = 0x20  // version 2
        expectSameOutcome(opaque + [1, 2, 3], "another version")
        let decoded = try Frame(decoding: acknowledgement + [0, 0])
        #expect(
            decoded.payload
                == .ecp(
                    ECPDU(
                        operation: .acknowledgement,
                        sequenceNumber: 0xBEEF,
                        payload: .acknowledgement(padding: [0, 0])
                    )
                )
        )
        #expect(decoded.header == EthernetHeader(destination: .nearestCustomerBridge, source: station, etherType: .ecp))
    }
}
