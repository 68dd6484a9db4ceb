import Testing

@testable import VDPWire

@Suite struct LLDPDUTests {
    @Test func minimalEVBLLDPDUWithPaddingRoundTrips() throws {
        let bytes = LLDPVectors.minimalPadded
        #expect(bytes.count == 46)
        let lldpdu = try LLDPDU(decoding: bytes)
        #expect(lldpdu.chassisID.subtype == 4)
        #expect(lldpdu.chassisID.macAddress == MACAddress(0x02, 0, 0, 0, 0xBB, 0x01))
        #expect(lldpdu.portID.subtype == 3)
        #expect(lldpdu.portID.macAddress == MACAddress(0x02, 0, 0, 0, 0xBB, 0x01))
        #expect(lldpdu.timeToLive == 120)
        #expect(!lldpdu.isShutdown)
        #expect(lldpdu.optionalTLVs.count == 1)
        #expect(lldpdu.end == TLVListEnd(hasEndTLV: true, padding: [UInt8](repeating: 0, count: 11)))
        let evb = try #require(lldpdu.evb)
        #expect(evb.bridgeStatus.rawValue == 0x06)
        #expect(evb.mode == .bridge)
        #expect(lldpdu.draftEVB == nil)
        #expect(lldpdu.encoded() == bytes)
        #expect(lldpdu.encodedLength == 46)
    }

    @Test func shutdownLLDPDURoundTrips() throws {
        for bytes in [LLDPVectors.shutdownUnpadded, LLDPVectors.shutdownPadded] {
            let lldpdu = try LLDPDU(decoding: bytes)
            #expect(lldpdu.timeToLive == 0)
            #expect(lldpdu.isShutdown)
            #expect(lldpdu.optionalTLVs.isEmpty)
            #expect(lldpdu.evb == nil)
            #expect(lldpdu.end.hasEndTLV)
            #expect(lldpdu.encoded() == bytes)
            #expect(lldpdu.encodedLength == bytes.count)
        }
    }

    @Test func opaqueTLVsAndCDCPAreKept() throws {
        let lldpdu = try LLDPDU(decoding: LLDPVectors.rich)
        #expect(lldpdu.optionalTLVs.count == 4)
        #expect(
            lldpdu.optionalTLVs[0]
                == .other(try LLDPUnknownTLV(type: LLDPUnknownTLV.portDescriptionType, value: Array("eth0".utf8)))
        )
        #expect(
            lldpdu.optionalTLVs[1]
                == .other(try LLDPUnknownTLV(type: LLDPUnknownTLV.systemNameType, value: Array("host".utf8)))
        )
        guard case .organizationallySpecific(let cdcp) = lldpdu.optionalTLVs[2] else {
            Issue.record("CDCP decoded as \(lldpdu.optionalTLVs[2])")
            return
        }
        #expect(cdcp.oui == .ieee8021)
        #expect(cdcp.subtype == LLDPOrganizationallySpecificTLV.cdcpSubtype)
        #expect(cdcp.info == lldpHex("80 00 00 02 00 10 01 00 20 02"))
        #expect(lldpdu.optionalTLVs[3].type == 127)
        #expect(lldpdu.evb != nil)
        #expect(lldpdu.optionalTLVs.map(\.type) == [4, 5, 127, 127])
        #expect(lldpdu.encoded() == LLDPVectors.rich)
        #expect(lldpdu.encodedLength == LLDPVectors.rich.count)
    }

    @Test func lldpduWithoutEndTLVRoundTrips() throws {
        let lldpdu = try LLDPDU(decoding: LLDPVectors.noEnd)
        #expect(lldpdu.end == .endOfData)
        #expect(lldpdu.evb != nil)
        #expect(lldpdu.encoded() == LLDPVectors.noEnd)
    }

    @Test func lldpduWithoutEndTLVKeepsASingleZeroPaddingOctet() throws {
        let bytes = LLDPVectors.noEnd + [0]
        let lldpdu = try LLDPDU(decoding: bytes)
        #expect(lldpdu.end == TLVListEnd(hasEndTLV: false, padding: [0]))
        #expect(lldpdu.encoded() == bytes)
    }

    @Test func paddingAfterEndTLVIsKeptVerbatimEvenWhenNotZero() throws {
        let bytes = LLDPVectors.minimalUnpadded + [0xDE, 0xAD, 0x00]
        let lldpdu = try LLDPDU(decoding: bytes)
        #expect(lldpdu.end.padding == [0xDE, 0xAD, 0x00])
        #expect(lldpdu.encoded() == bytes)
    }

    @Test func draftEVBLLDPDURoundTrips() throws {
        let lldpdu = try LLDPDU(decoding: LLDPVectors.draft)
        let draft = try #require(lldpdu.draftEVB)
        #expect(draft.supportedVSICount == 3295)
        #expect(lldpdu.evb == nil)
        #expect(lldpdu.encoded() == LLDPVectors.draft)
    }

    @Test func evbAccessorReturnsTheFirstOfSeveral() throws {
        let second = "fe 09 00 80 c2 0d 07 0d 6e 74 34"
        let bytes = lldpHex(LLDPVectors.mandatory + LLDPVectors.evbBridge + second + LLDPVectors.end)
        let lldpdu = try LLDPDU(decoding: bytes)
        #expect(lldpdu.optionalTLVs.count == 2)
        #expect(lldpdu.evb?.bridgeStatus.rawValue == 0x06)
        #expect(lldpdu.encoded() == bytes)
    }

    @Test func macAddressViewsNeedTheRightSubtypeAndLength() throws {
        let name = try LLDPPortID(subtype: LLDPPortID.interfaceNameSubtype, id: Array("veth1".utf8))
        #expect(name.macAddress == nil)
        let wrongSubtype = try LLDPChassisID(subtype: 3, id: [2, 0, 0, 0, 0xBB, 1])
        #expect(wrongSubtype.macAddress == nil)
        let shortMAC = try LLDPChassisID(subtype: 4, id: [2, 0, 0, 0, 0xBB])
        #expect(shortMAC.macAddress == nil)
        let mac = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
        #expect(LLDPChassisID(macAddress: mac).macAddress == mac)
        #expect(LLDPPortID(macAddress: mac).macAddress == mac)
        #expect(LLDPPortID(macAddress: mac).subtype == 3)
    }

    @Test func builtLLDPDUEncodesAsLLDPadSendsIt() throws {
        let mac = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
        let evb = try EVBTLV(
            bridgeStatus: EVBBridgeStatus(supportsGroupID: true, reflectiveRelayCapable: true),
            maximumRetries: 3,
            retransmissionExponent: 14,
            mode: .bridge,
            resourceWaitDelayExponent: 20,
            reinitKeepAliveExponent: 20
        )
        var lldpdu = LLDPDU(
            chassisID: LLDPChassisID(macAddress: mac),
            portID: LLDPPortID(macAddress: mac),
            timeToLive: 120,
            optionalTLVs: [.evb(evb)]
        )
        #expect(lldpdu.encoded() == LLDPVectors.minimalUnpadded)
        #expect(lldpdu.encodedLength == 35)
        lldpdu.end = TLVListEnd(hasEndTLV: true, padding: [UInt8](repeating: 0, count: 11))
        #expect(lldpdu.encoded() == LLDPVectors.minimalPadded)
        #expect(try LLDPDU(decoding: lldpdu.encoded()) == lldpdu)
    }

    @Test func decodingFromAReaderConsumesTheRestAndKeepsFrameOffsets() throws {
        var frame = [UInt8](repeating: 0xEE, count: 14) + LLDPVectors.minimalPadded
        var reader = ByteReader(frame)
        _ = try reader.readArray(count: 14, .ethernetPayload)
        let lldpdu = try LLDPDU(from: &reader)
        #expect(reader.isEmpty)
        #expect(lldpdu.encoded() == LLDPVectors.minimalPadded)

        var writer = ByteWriter(appendingTo: [1, 2, 3])
        lldpdu.encode(into: &writer)
        #expect(writer.bytes == [1, 2, 3] + LLDPVectors.minimalPadded)

        // An EVB TLV of length 8 at payload offset 22 is reported at frame offset 36.
        frame = [UInt8](repeating: 0xEE, count: 14) + lldpHex(LLDPVectors.mandatory + "fe 08 00 80 c2 0d 06 00 6e 54")
        reader = ByteReader(frame)
        _ = try reader.readArray(count: 14, .ethernetPayload)
        do {
            _ = try LLDPDU(from: &reader)
            Issue.record("decoded a bad EVB TLV")
        } catch {
            #expect(error == VDPDecodingError(.lengthMismatch, field: .evbTLV, offset: 0))
            #expect(error.offset == 36)
        }
    }

    /// The End TLV is optional (IEEE 802.1AB-2016), so a prefix that stops exactly at a TLV boundary after the
    /// Time To Live TLV is itself a valid LLDPDU, and so is one that stops one octet into the End TLV (the single
    /// zero octet is kept as padding). Every other strict prefix must throw.
    @Test(arguments: LLDPVectors.allUnpadded)
    func everyStrictPrefixThrowsUnlessItEndsAtATLVBoundaryAfterTTL(bytes: [UInt8]) throws {
        // Walk the TLV headers independently of the decoder.
        var boundaries: [Int] = []
        var endTLVStart: Int?
        var offset = 0
        while offset + 1 < bytes.count {
            let word = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            if word >> 9 == 0 {
                endTLVStart = offset
                break
            }
            offset += 2 + Int(word & 0x1FF)
            boundaries.append(offset)
        }
        var accepted = Set(boundaries.dropFirst(2).filter { $0 < bytes.count })
        if let endTLVStart {
            accepted.insert(endTLVStart + 1)
        }
        #expect(!accepted.isEmpty)

        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            do {
                let lldpdu = try LLDPDU(decoding: prefix)
                #expect(accepted.contains(length), "prefix of \(length) octets decoded")
                #expect(lldpdu.encoded() == prefix, "prefix of \(length) octets")
                #expect(!lldpdu.end.hasEndTLV)
            } catch {
                #expect(!accepted.contains(length), "prefix of \(length) octets threw \(error)")
                #expect((0...length).contains(error.offset), "prefix of \(length) octets: \(error)")
            }
        }
    }
}
