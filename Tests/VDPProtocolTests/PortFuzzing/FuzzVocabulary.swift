import VDPProtocol
import VDPWire

/// The small sets of identifiers the port-fuzzing scenarios draw from, so that choices made from fuzz bytes
/// collide often: the same VSIID from two stations, two VSIs in one GroupID, a VID asked for explicitly that
/// the pool also hands out.
enum FuzzVocabulary {
    /// The stations that send to the fuzzed bridge port (the first one is also the peer of the fuzzed station).
    static let stations: [MACAddress] = (1...4).map { MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, UInt8($0)) }

    /// The bridge's own address.
    static let bridge = MACAddress(0x02, 0x00, 0x00, 0x00, 0x0B, 0x01)

    /// Eight VSIIDs, in three formats.
    static let vsiIDs: [VSIID] =
        (1...4).map { VSIID(.mac(MACAddress(0x02, 0x56, 0x00, 0x00, 0x00, UInt8($0)))) }
        + (1...2).map { VSIID(.local(Octets16(high: 0, low: UInt64($0)))) }
        + (1...2).map { VSIID(.uuid(VSIUUID(octets: Octets16(high: 0xAB, low: UInt64($0))))) }

    /// Two VSI Manager IDs.
    static let managerIDs: [VSIManagerID] = [VSIManagerID(singleOctet: 1), VSIManagerID(singleOctet: 2)]

    /// Two VSI Type IDs.
    static let typeIDs: [VSITypeID] = [VSITypeID(truncating: 100), VSITypeID(truncating: 200)]

    /// Three GroupIDs.
    static let groupIDs: [GroupID] = [GroupID(rawValue: 10), GroupID(rawValue: 20), GroupID(rawValue: 30)]

    /// Four guest MAC addresses.
    static let macs: [MACAddress] = (1...4).map { MACAddress(0x02, 0xAA, 0x00, 0x00, 0x00, UInt8($0)) }

    /// The request types a station sends.
    static let requestTypes: [VSITLVType] = [
        .preAssociate, .preAssociateWithResourceReservation, .associate, .deAssociate,
    ]

    /// VIDs a request, a policy or a local change may name: null, the edges of the bridge's pool range and
    /// VIDs outside it (the reserved 4095 included).
    static func vids(around range: ClosedRange<UInt16>) -> [UInt16] {
        [0, 0, range.lowerBound, range.lowerBound &+ 1, range.upperBound, range.upperBound &+ 1, 1, 4094, 4095]
    }

    /// A PS/PCP/VID word: a VID from ``vids(around:)`` and, from the byte's high bits, a PCP and the PS bit.
    static func filterVID(_ input: inout FuzzInput, range: ClosedRange<UInt16>) -> FilterVID {
        let byte = input.byte()
        let choices = vids(around: range)
        let vid = choices[Int(byte & 0x0F) % choices.count] & FilterVID.maximumVID
        let priority = UInt16(byte >> 4) << 12
        return FilterVID(rawValue: priority | vid)
    }

    /// Filter information of any format with one to three entries.
    static func filterInfo(_ input: inout FuzzInput, range: ClosedRange<UInt16>) -> FilterInfo {
        let selector = input.byte()
        let format = FilterInfoFormat.allCases[Int(selector & 0x03)]
        let count = 1 + Int(selector >> 2) % 3
        var entries: [FilterEntry] = []
        for _ in 0..<count {
            let groupID = format.hasGroupID ? input.pick(groupIDs) : nil
            let mac = format.hasMAC ? input.pick(macs) : nil
            entries.append(FilterEntry(groupID: groupID, mac: mac, vid: filterVID(&input, range: range)))
        }
        // Every entry matches the format, so this cannot fail; fall back to a single null VID regardless.
        return (try? FilterInfo(format: format, entries: entries)) ?? FilterInfo.macVID(macs[0], .null)
    }

    /// The same filters with new PS/PCP/VID words (a VID change that keeps the addresses).
    static func revisedVIDs(of filterInfo: FilterInfo, _ input: inout FuzzInput, range: ClosedRange<UInt16>)
        -> FilterInfo
    {
        var entries = filterInfo.entries
        for index in entries.indices {
            entries[index].vid = filterVID(&input, range: range)
        }
        return (try? FilterInfo(format: filterInfo.format, entries: entries)) ?? filterInfo
    }

    /// A status octet for a station's request: mostly a plain request with M/S hints, sometimes a response
    /// bit or reserved bits that a station should not send.
    static func requestStatus(_ input: inout FuzzInput) -> VDPStatus {
        let byte = input.byte()
        switch byte & 0x07 {
        case 0...4: return .request(mBit: byte & 0x10 != 0, sBit: byte & 0x20 != 0)
        case 5: return .response()
        default: return VDPStatus(rawValue: byte)
        }
    }
}
