import VDPAgent
import VDPProtocol
import VDPWire

/// How a ``BridgeTableRecord`` is laid out in the state file: the VSI as VDP itself encodes it (a ULPDU with the
/// Manager ID and two VSI TLVs, the request as granted and the grant), and the VID holds in 7 octets each.
///
/// Using the wire codec keeps the file's format the protocol's own, checked by the decoder the bridge trusts for
/// frames from the network.
enum BridgeRecordCodec {
    /// The ULPDU for a record: the requested TLV first, then the granted one.
    static func vdp(_ record: BridgeTableRecord) -> [UInt8] {
        let descriptor = record.descriptor
        let state = record.state
        func tlv(_ filterInfo: FilterInfo) -> VSITLV {
            VSITLV(
                type: state.type,
                status: state.hints.status,
                typeID: descriptor.typeID,
                typeVersion: descriptor.typeVersion,
                vsiID: descriptor.vsiID,
                filterInfo: filterInfo
            )
        }
        return VDPULPDU(managerID: descriptor.managerID, vsis: [tlv(descriptor.filterInfo), tlv(state.filterInfo)])
            .encoded()
    }

    /// The VID holds: kind (0 GroupID, 1 the VSI itself, 2 explicit), the GroupID (or 0), the VID.
    static func holds(_ holds: [BridgeVIDHold]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(holds.count * 7)
        for hold in holds {
            let (kind, group): (UInt8, UInt32) =
                switch hold.owner {
                case .group(let groupID): (0, groupID.rawValue)
                case .vsi: (1, 0)
                case .explicit: (2, 0)
                }
            bytes.append(kind)
            bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: group >> $0) })
            bytes.append(UInt8(truncatingIfNeeded: hold.vid >> 8))
            bytes.append(UInt8(truncatingIfNeeded: hold.vid))
        }
        return bytes
    }

    /// The key column of a VSIID: the format octet and the sixteen VSIID octets.
    static func key(_ vsiID: VSIID) -> [UInt8] {
        var bytes = [vsiID.format.rawValue]
        bytes.reserveCapacity(17)
        for word in [vsiID.octets.high, vsiID.octets.low] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// A record from its columns; `nil` when they do not decode or contradict each other.
    static func record(station: Int64, deadline: Int64, vdp: [UInt8], holds: [UInt8]) -> BridgeTableRecord? {
        guard let address = MACAddress(rawValue: UInt64(bitPattern: station)),
            let ulpdu = try? VDPULPDU(decoding: vdp),
            let managerID = ulpdu.managerID
        else {
            return nil
        }
        let tlvs = ulpdu.vsiTLVs
        guard tlvs.count == 2, tlvs[0].vsiID == tlvs[1].vsiID, tlvs[0].type == tlvs[1].type,
            tlvs[0].typeID == tlvs[1].typeID, tlvs[0].typeVersion == tlvs[1].typeVersion,
            holds.count % 7 == 0
        else {
            return nil
        }
        let requested = tlvs[0]
        let key = BridgeVSIKey(station: address, vsiID: requested.vsiID)
        var vidHolds: [BridgeVIDHold] = []
        var offset = 0
        while offset + 7 <= holds.count {
            let group = holds[offset + 1...offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let vid = UInt16(holds[offset + 5]) << 8 | UInt16(holds[offset + 6])
            let owner: VIDPool.Owner
            switch holds[offset] {
            case 0: owner = .group(GroupID(rawValue: group))
            case 1: owner = .vsi(key)
            case 2: owner = .explicit(vid)
            default: return nil
            }
            vidHolds.append(BridgeVIDHold(owner: owner, vid: vid))
            offset += 7
        }
        return BridgeTableRecord(
            key: key,
            descriptor: VSIDescriptor(requested, managerID: managerID),
            state: BridgeVSIState(type: tlvs[1].type, hints: VSIHints(tlvs[1].status), filterInfo: tlvs[1].filterInfo),
            vidHolds: vidHolds,
            keepAliveDeadline: .nanoseconds(deadline)
        )
    }
}
