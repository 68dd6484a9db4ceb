import Testing

@testable import VDPWire

/// Round trips and boundaries of the VDP TLVs, the status octet, VSIIDs and filter information.
@Suite struct VDPCodecTests {
    @Test func associateFrameDecodesToTheLldpadValuesAndReencodes() throws {
        let bytes = hexBytes(VDPTestValues.associateFrameHex)
        let vsi = VDPTestValues.associate(.macVID(MACAddress(0x52, 0x54, 0, 0, 0, 1), try FilterVID(vid: 100)))
        let built = Frame.ecp(
            .vdpRequest(sequenceNumber: 1, VDPULPDU(managerID: VDPTestValues.managerID, vsis: [vsi])),
            from: VDPTestValues.station
        )
        #expect(built.encoded() == bytes)
        #expect(try Frame(decoding: bytes) == built)
        #expect(built.encodedLength == 71)
    }

    @Test(arguments: FilterInfoFormat.allCases)
    func everyFilterFormatRoundTripsWithTheExpectedLength(format: FilterInfoFormat) throws {
        let entry = FilterEntry(
            groupID: format.hasGroupID ? try GroupID(vnID: 0x12_3456) : nil,
            mac: format.hasMAC ? MACAddress(0x52, 0x54, 0, 0x11, 0x22, 0x33) : nil,
            vid: try FilterVID(vid: 4094, pcp: 5, prioritySignificant: true)
        )
        let info = try FilterInfo(format: format, entries: [entry, entry])
        let ulpdu = VDPULPDU(managerID: VDPTestValues.managerID, vsis: [VDPTestValues.associate(info)])
        let bytes = ulpdu.encoded()
        #expect(bytes.count == 18 + 2 + 25 + 2 * format.entryLength)
        let header = TLVHeader(word: UInt16(bytes[18]) << 8 | UInt16(bytes[19]))
        #expect(header.type == 3)
        #expect(Int(header.length) == 25 + 2 * format.entryLength)
        #expect(try VDPULPDU(decoding: bytes) == ulpdu)
    }

    @Test func lldpadHeaderWordsForKnownLengths() throws {
        // WIRE.md §3.4: one MAC/VID entry gives 06 21, two VID entries on a Pre-Associate give 02 1d,
        // one GroupID/MAC/VID entry gives 06 25.
        let mac = MACAddress(0x52, 0, 0, 0x11, 0x22, 0x33)
        let cases: [(VSITLV, [UInt8])] = [
            (VDPTestValues.associate(.macVID(mac, .null)), [0x06, 0x21]),
            (
                VDPTestValues.associate(
                    try .vid([FilterVID(rawValue: 0xD064), FilterVID(rawValue: 0x3065)]),
                    type: .preAssociate,
                    status: .request(mBit: true)
                ), [0x02, 0x1D]
            ),
            (VDPTestValues.associate(.groupMACVID(GroupID(rawValue: 200), mac, .null)), [0x06, 0x25]),
        ]
        for (tlv, header) in cases {
            let bytes = VDPULPDU(managerID: VDPTestValues.managerID, vsis: [tlv]).encoded()
            #expect(Array(bytes[18...19]) == header)
        }
    }

    @Test func psPCPAndVIDUseTheTopNibbleMasks() throws {
        let word = FilterVID(rawValue: 0xD064)
        #expect(word.prioritySignificant)
        #expect(word.pcp == 5)
        #expect(word.vid == 100)
        let other = FilterVID(rawValue: 0x3065)
        #expect(!other.prioritySignificant && other.pcp == 3 && other.vid == 101)
        #expect(try FilterVID(vid: 100, pcp: 5, prioritySignificant: true) == word)
        #expect(FilterVID.null.isNullVID)
    }

    @Test func requestAndResponseStatusViews() {
        let request = VDPStatus.request(mBit: true, sBit: false)
        #expect(request.rawValue == 0x10)
        #expect(request.request?.mBit == true)
        #expect(request.request?.sBit == false)
        #expect(request.response == nil)
        #expect(VDPStatus.request(sBit: true).rawValue == 0x20)

        let keep = VDPStatus.response(.unableToContactVSIManager, keep: true)
        #expect(keep.rawValue == 0x63)
        #expect(keep.request == nil)
        #expect(keep.response?.keep == true)
        #expect(keep.response?.hardError == false)
        #expect(keep.response?.error == .unableToContactVSIManager)
        #expect(keep.response?.isSuccess == false)

        let hard = VDPStatus(rawValue: 0x52)
        #expect(hard.response?.hardError == true)
        #expect(hard.response?.error == .insufficientResources)

        let reserved = VDPStatus(rawValue: 0xCF)
        #expect(reserved.response?.error.rawValue == 15)
        #expect(reserved.response?.error.isDefined == false)
        #expect(reserved.response?.reservedBit == true)
        #expect(VDPStatus(rawValue: 0x8F).request?.reservedBits == 0x8F)
    }

    @Test func errorCodesHaveTheirStandardNumbers() {
        let codes: [VDPErrorCode] = [
            .success, .invalidFormat, .insufficientResources, .unableToContactVSIManager, .otherFailure,
            .invalidVIDGroupIDOrMAC,
        ]
        #expect(codes.map(\.rawValue) == [0, 1, 2, 3, 4, 5])
        #expect(codes.allSatisfy { $0.isDefined })
        #expect(VDPErrorCode(rawValue: 16) == nil)
    }

    @Test func everyVSIIDFormatRoundTripsWithItsLayout() throws {
        let ipv4 = VSIID(.ipv4(IPv4Address(192, 0, 2, 7)))
        #expect(ipv4.octets.octets == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 7])
        #expect(ipv4.description == "192.0.2.7")
        let mac = VSIID(.mac(MACAddress(0x52, 0x54, 0, 1, 2, 3)))
        #expect(mac.octets.octets == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x52, 0x54, 0, 1, 2, 3])
        let ipv6Octets = try #require(
            Octets16(octets: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])
        )
        let ipv6 = VSIID(.ipv6(IPv6Address(octets: ipv6Octets)))
        #expect(ipv6.description == "2001:db8::1")
        let local = VSIID(.local(try #require(Octets16(leftAligned: [1, 2, 3]))))
        let uuid = VSIID.uuid(VDPTestValues.uuid)
        #expect(uuid.description == "a1b2c3d4-0001-4000-8000-00163e000001")
        let reserved = VSIID(.reserved(format: VSIIDFormat(rawValue: 9), octets: ipv6Octets))
        for vsiID in [ipv4, mac, ipv6, local, uuid, reserved] {
            let tlv = VDPTestValues.associate(.macVID(VDPTestValues.station, .null), vsiID: vsiID)
            let ulpdu = VDPULPDU(managerID: VDPTestValues.managerID, vsis: [tlv])
            let decoded = try VDPULPDU(decoding: ulpdu.encoded())
            #expect(decoded == ulpdu)
            #expect(decoded.vsiTLVs.first?.vsiID.value == vsiID.value)
        }
    }

    @Test func largestFilterListsFitAndOneMoreIsRefused() throws {
        for format in FilterInfoFormat.allCases {
            let entry = FilterEntry(
                groupID: format.hasGroupID ? GroupID(rawValue: 1) : nil,
                mac: format.hasMAC ? VDPTestValues.station : nil,
                vid: .null
            )
            let largest = try FilterInfo(
                format: format,
                entries: Array(repeating: entry, count: format.maximumEntryCount)
            )
            let tlv = VDPTestValues.associate(largest)
            #expect(tlv.valueLength <= 511)
            #expect(tlv.valueLength + format.entryLength > 511)
            let ulpdu = VDPULPDU(managerID: VDPTestValues.managerID, vsis: [tlv])
            #expect(try VDPULPDU(decoding: ulpdu.encoded()) == ulpdu)
            #expect(throws: VDPEncodingError(.tooManyElements, field: .filterInfoEntryCount)) {
                try FilterInfo(format: format, entries: Array(repeating: entry, count: format.maximumEntryCount + 1))
            }
        }
        #expect(FilterInfoFormat.allCases.map(\.maximumEntryCount) == [243, 60, 81, 40])
    }

    @Test func severalVSITLVsShareOneULPDU() throws {
        var generator = SeededGenerator(seed: 7)
        let vsis = (0..<12).map { _ in VDPTestValues.randomVSITLV(using: &generator) }
        let ulpdu = VDPULPDU(managerID: VDPTestValues.managerID, vsis: vsis)
        let decoded = try VDPULPDU(decoding: ulpdu.encoded())
        #expect(decoded.vsiTLVs == vsis)
        #expect(decoded.managerID == VDPTestValues.managerID)
    }

    @Test func organizationallyDefinedAndUnknownTLVsArePreserved() throws {
        let org = try OrganizationallyDefinedTLV(oui: OUI(0x00, 0x00, 0x0C), data: [0x01, 0x02])
        let unknown = try UnknownVDPTLV(type: 42, value: [9, 9, 9])
        let vsi = VDPTestValues.associate(.macVID(VDPTestValues.station, .null))
        let ulpdu = VDPULPDU(
            tlvs: [.managerID(VDPTestValues.managerID), .vsi(vsi), .organizationallyDefined(org), .unknown(unknown)],
            end: TLVListEnd(hasEndTLV: true, padding: [0, 0, 0])
        )
        let bytes = ulpdu.encoded()
        let decoded = try VDPULPDU(decoding: bytes)
        #expect(decoded == ulpdu)
        #expect(decoded.encoded() == bytes)
        #expect(
            Array(bytes.suffix(17)) == [0xFE, 0x05, 0x00, 0x00, 0x0C, 0x01, 0x02, 0x54, 0x03, 9, 9, 9, 0, 0, 0, 0, 0]
        )
    }

    @Test func managerIDTextAndSingleOctetForms() throws {
        #expect(VDPTestValues.managerID.text == "mgr1")
        #expect(VDPTestValues.managerID.description == "mgr1")
        #expect(VSIManagerID(singleOctet: 12).octets.octets.first == 12)
        #expect(VSIManagerID(singleOctet: 12).text == nil)
        #expect(VSIManagerID(text: String(repeating: "x", count: 17)) == nil)
        #expect(VSIManagerID(text: "é") == nil)
    }

    @Test func groupIDCarriesA24BitVNID() throws {
        #expect(try GroupID(vnID: 0xFF_FFFF).vnID == 0xFF_FFFF)
        #expect(GroupID(rawValue: 0x0100_0000).vnID == nil)
        #expect(throws: VDPEncodingError(.valueOutOfRange, field: .filterInfoEntries)) {
            try GroupID(vnID: 0x0100_0000)
        }
    }

    @Test func randomValidULPDUsRoundTrip() throws {
        let seed = testSeed()
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let vsis = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                VDPTestValues.randomVSITLV(using: &generator)
            }
            let ulpdu = VDPULPDU(managerID: VDPTestValues.managerID, vsis: vsis)
            let frame = Frame.ecp(
                .vdpRequest(sequenceNumber: UInt16.random(in: 0...UInt16.max, using: &generator), ulpdu),
                from: VDPTestValues.station
            )
            let bytes = frame.encoded()
            guard bytes.count - 14 <= Frame.maximumPayloadLength else {
                continue
            }
            #expect(try Frame(decoding: bytes) == frame, "seed \(seed)")
        }
    }
}
