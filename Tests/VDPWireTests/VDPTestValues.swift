@testable import VDPWire

/// Values used across the VDP codec tests.
enum VDPTestValues {
    static let managerID = VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1)
    static let station = MACAddress(0x02, 0, 0, 0, 0xaa, 0x01)
    static let uuid = VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001") ?? VSIUUID(octets: .zero)

    /// The first frame of `vdp22-assoc-mac-vid.pcap`: an lldpad station's Associate, MAC/VID format.
    static let associateFrameHex = """
        0180c2000000 020000 00aa01 8940 1001 0001
        0a10 6d677231000000000000000000000000
        0621 00 01e240 01 05 a1b2c3d4000140008000 00163e000001 02 0001 525400000001 0064
        """

    static func associate(
        _ filterInfo: FilterInfo,
        type: VSITLVType = .associate,
        status: VDPStatus = .request(),
        vsiID: VSIID = .uuid(uuid)
    ) -> VSITLV {
        VSITLV(
            type: type,
            status: status,
            typeID: VSITypeID(uncheckedRawValue: 123_456),
            typeVersion: 1,
            vsiID: vsiID,
            filterInfo: filterInfo
        )
    }

    /// A random valid VSI TLV.
    static func randomVSITLV(using generator: inout SeededGenerator) -> VSITLV {
        let format = FilterInfoFormat.allCases.randomElement(using: &generator) ?? .vid
        let limit = Bool.random(using: &generator) ? 4 : format.maximumEntryCount
        let count = Int.random(in: 1...limit, using: &generator)
        let entries = (0..<count).map { _ in
            FilterEntry(
                groupID: format.hasGroupID
                    ? GroupID(rawValue: UInt32.random(in: 0...UInt32.max, using: &generator)) : nil,
                mac: format.hasMAC
                    ? MACAddress(uncheckedRawValue: UInt64.random(in: 0...UInt64.max, using: &generator)) : nil,
                vid: FilterVID(rawValue: UInt16.random(in: 0...UInt16.max, using: &generator))
            )
        }
        let octets = Octets16(
            high: UInt64.random(in: 0...UInt64.max, using: &generator),
            low: UInt64.random(in: 0...UInt64.max, using: &generator)
        )
        let vsiIDs: [VSIID] = [
            VSIID(.ipv4(IPv4Address(rawValue: UInt32(truncatingIfNeeded: octets.low)))),
            VSIID(.ipv6(IPv6Address(octets: octets))),
            VSIID(.mac(MACAddress(uncheckedRawValue: octets.low))),
            VSIID(.local(octets)),
            VSIID(.uuid(VSIUUID(octets: octets))),
            VSIID(
                .reserved(format: VSIIDFormat(rawValue: UInt8.random(in: 6...255, using: &generator)), octets: octets)
            ),
        ]
        return VSITLV(
            type: VSITLVType.allCases.randomElement(using: &generator) ?? .associate,
            status: VDPStatus(rawValue: UInt8.random(in: 0...255, using: &generator)),
            typeID: VSITypeID(uncheckedRawValue: UInt32.random(in: 0...VSITypeID.maximum, using: &generator)),
            typeVersion: UInt8.random(in: 0...255, using: &generator),
            vsiID: vsiIDs.randomElement(using: &generator) ?? .uuid(uuid),
            filterInfo: (try? FilterInfo(format: format, entries: entries)) ?? .macVID(station, .null)
        )
    }
}
