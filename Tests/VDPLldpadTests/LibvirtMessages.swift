/// libvirt's and lldpad's netlink messages for 802.1Qbg, built octet by octet from their sources as facts
/// (libvirt `src/util/virnetdevvportprofile.c`, `virnetdev.c`; lldpad `qbg/vdpnl.c`, `test/vdptest.c`), without
/// the code under test: what a test client sends to the daemon's netlink port and what it expects back.
///
/// Integers are in host byte order, attributes padded to four octets, nests without `NLA_F_NESTED` (libnl's
/// `nla_nest_start`).
enum LibvirtMessages {
    static let rtmNewLink: UInt16 = 16
    static let rtmGetLink: UInt16 = 18
    static let rtmSetLink: UInt16 = 19
    static let nlmsgError: UInt16 = 2
    static let nlmsgDone: UInt16 = 3
    static let requestFlag: UInt16 = 1

    /// `PORT_REQUEST_*`.
    enum Request: UInt8 {
        case preAssociate = 0
        case preAssociateWithReservation = 1
        case associate = 2
        case deAssociate = 3
    }

    /// One VSI as libvirt's `<virtualport type='802.1Qbg'>` gives it.
    struct VirtualPort {
        var managerID: UInt8
        var typeID: UInt32
        var typeIDVersion: UInt8
        var instanceID: [UInt8]  // 16 octets
        var mac: [UInt8]  // 6 octets
        var vlan: UInt32  // the physdev's VLAN, 0 when none
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    static func padded(_ octets: [UInt8]) -> [UInt8] {
        octets + [UInt8](repeating: 0, count: (4 - octets.count % 4) % 4)
    }

    /// An attribute: `nla_len`, `nla_type`, the payload, padding.
    static func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
        padded(le(UInt16(4 + payload.count)) + le(type) + payload)
    }

    /// A message: the header with `nlmsg_len` of the whole, `ifinfomsg` with `index`, then `attributes`.
    static func message(
        type: UInt16,
        flags: UInt16,
        sequence: UInt32,
        portID: UInt32,
        index: Int32,
        attributes: [UInt8]
    ) -> [UInt8] {
        // struct ifinfomsg: family AF_UNSPEC, pad, type, index, flags, change.
        let info: [UInt8] = [0, 0] + le(UInt16(0)) + le(index) + le(UInt32(0)) + le(UInt32(0))
        let body = info + attributes
        return le(UInt32(16 + body.count)) + le(type) + le(flags) + le(sequence) + le(portID) + body
    }

    /// libvirt's `RTM_SETLINK` for an 802.1Qbg port (`virNetDevVPortProfileOpSetLink` with `vf` = `PORT_SELF_VF`,
    /// no profile, no host UUID): `IFLA_IFNAME` of the lower device, `IFLA_VFINFO_LIST` { `IFLA_VF_INFO` {
    /// `IFLA_VF_MAC`, `IFLA_VF_VLAN` } }, `IFLA_VF_PORTS` { `IFLA_VF_PORT` { `IFLA_PORT_VSI_TYPE`,
    /// `IFLA_PORT_INSTANCE_UUID`, `IFLA_PORT_REQUEST` } }.
    static func setLink(
        _ port: VirtualPort,
        request: Request,
        interface: String,
        index: Int32,
        sequence: UInt32,
        portID: UInt32
    ) -> [UInt8] {
        let selfVF = le(UInt32(bitPattern: -1))
        let vfMAC = attribute(1, selfVF + port.mac + [UInt8](repeating: 0, count: 26))
        let vfVLAN = attribute(2, selfVF + le(port.vlan) + le(UInt32(0)))
        let vfInfoList = attribute(22, attribute(1, vfMAC + vfVLAN))
        let vsiType: [UInt8] = [
            port.managerID, UInt8(port.typeID & 0xFF), UInt8((port.typeID >> 8) & 0xFF),
            UInt8((port.typeID >> 16) & 0xFF), port.typeIDVersion, 0, 0, 0,
        ]
        let vfPort = attribute(3, vsiType) + attribute(4, port.instanceID) + attribute(6, [request.rawValue])
        let vfPorts = attribute(24, attribute(1, vfPort))
        let name = attribute(3, Array(interface.utf8) + [0])
        return message(
            type: rtmSetLink,
            flags: requestFlag,
            sequence: sequence,
            portID: portID,
            index: index,
            attributes: name + vfInfoList + vfPorts
        )
    }

    /// libvirt's status query (`virNetDevLinkDump` with no name): `ifinfomsg` with the index and `IFLA_EXT_MASK`
    /// `RTEXT_FILTER_VF`.
    static func getLink(index: Int32, sequence: UInt32, portID: UInt32) -> [UInt8] {
        message(
            type: rtmGetLink,
            flags: requestFlag,
            sequence: sequence,
            portID: portID,
            index: index,
            attributes: attribute(29, le(UInt32(1)))
        )
    }

    /// One format 2 filter entry (lldpad's `struct ifla_port_vsi_filter`): GroupID, VID with QoS, MAC.
    struct Format2Entry {
        var groupID: UInt32
        var vid: UInt16
        var mac: [UInt8]
    }

    /// lldpad's format 2 `RTM_SETLINK` (`vdptest`'s `nlf2`): `IFLA_IFNAME`, then `IFLA_VF_PORTS` { `IFLA_VF_PORT` {
    /// `IFLA_PORT_VF`, `IFLA_PORT_REQUEST` (the ratified mode, 1–4), `IFLA_PORT_INSTANCE_UUID`, the 42-octet VSI
    /// attribute (type 7), the filter array (type 8) } }.
    static func setLinkFormat2(
        managerID: [UInt8],  // 16 octets
        typeID: UInt32,
        typeIDVersion: UInt8,
        vsiIDFormat: UInt8,
        vsiID: [UInt8],  // 16 octets
        hints: UInt8,
        filterFormat: UInt8,
        entries: [Format2Entry],
        mode: UInt8,
        interface: String,
        index: Int32,
        sequence: UInt32,
        portID: UInt32
    ) -> [UInt8] {
        var vsi22 = managerID + vsiID + [vsiIDFormat]
        vsi22 += [UInt8(typeID & 0xFF), UInt8((typeID >> 8) & 0xFF), UInt8((typeID >> 16) & 0xFF)]
        vsi22 += [typeIDVersion, hints, filterFormat, 0] + le(UInt16(entries.count))
        var filter: [UInt8] = []
        for entry in entries {
            filter += le(entry.groupID) + le(entry.vid) + entry.mac
        }
        let vfPort =
            attribute(1, le(UInt32(bitPattern: -1))) + attribute(6, [mode]) + attribute(4, vsiID)
            + attribute(7, vsi22) + attribute(8, filter)
        return message(
            type: rtmSetLink,
            flags: requestFlag,
            sequence: sequence,
            portID: portID,
            index: index,
            attributes: attribute(3, Array(interface.utf8) + [0]) + attribute(24, attribute(1, vfPort))
        )
    }

    // MARK: Reading answers as libvirt does

    /// The attributes of `bytes[range]`: (type without flags, payload).
    static func attributes(_ bytes: [UInt8], _ range: Range<Int>) -> [(type: UInt16, payload: [UInt8])]? {
        var result: [(UInt16, [UInt8])] = []
        var position = range.lowerBound
        while position + 4 <= range.upperBound {
            let length = Int(UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8)
            let type = (UInt16(bytes[position + 2]) | UInt16(bytes[position + 3]) << 8) & 0x3FFF
            guard length >= 4, position + length <= range.upperBound else {
                return nil
            }
            result.append((type, Array(bytes[(position + 4)..<(position + length)])))
            position += (length + 3) & ~3
        }
        return result
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }

    /// What one answer is.
    enum Answer: Equatable {
        /// `NLMSG_ERROR` with this (negative or zero) error.
        case error(Int32)
        /// A status answer: each VF port's UUID and response (`nil`: none, in progress).
        case status([[UInt8]: UInt16?])
        /// An `RTM_SETLINK` from lldpad: the sender pid in `nlmsg_pid`, the MAC, the request octet.
        case notification(pid: UInt32, mac: [UInt8], request: UInt8, uuid: [UInt8])
        case other(UInt16)
    }

    /// Reads one datagram as libvirt does (`virNetDevVPortProfileGetStatus` and the macvlan callback).
    static func read(_ bytes: [UInt8]) -> Answer? {
        guard bytes.count >= 16 else {
            return nil
        }
        let length = min(Int(u32(bytes, 0)), bytes.count)
        let type = u16(bytes, 4)
        switch type {
        case nlmsgError:
            guard length >= 20 else {
                return nil
            }
            return .error(Int32(bitPattern: u32(bytes, 16)))
        case nlmsgDone, rtmNewLink:
            guard length >= 32, let top = attributes(bytes, 32..<length) else {
                return nil
            }
            var found: [[UInt8]: UInt16?] = [:]
            for ports in top where ports.type == 24 {
                for port in attributes(ports.payload, 0..<ports.payload.count) ?? [] where port.type == 1 {
                    let fields = attributes(port.payload, 0..<port.payload.count) ?? []
                    guard let uuid = fields.last(where: { $0.type == 4 })?.payload,
                        let vf = fields.last(where: { $0.type == 1 })?.payload, vf.count == 4,
                        u32(vf, 0) == UInt32(bitPattern: -1)
                    else {
                        continue
                    }
                    let response = fields.last(where: { $0.type == 7 })?.payload
                    found.updateValue(response.map { u16($0, 0) }, forKey: uuid)
                }
            }
            return .status(found)
        case rtmSetLink:
            guard length >= 32, let top = attributes(bytes, 32..<length) else {
                return nil
            }
            var mac: [UInt8] = []
            for list in top where list.type == 22 {
                for info in attributes(list.payload, 0..<list.payload.count) ?? [] where info.type == 1 {
                    for field in attributes(info.payload, 0..<info.payload.count) ?? []
                    where field.type == 1 && field.payload.count == 36 {
                        mac = Array(field.payload[4..<10])
                    }
                }
            }
            var request: UInt8 = 0xFF
            var uuid: [UInt8] = []
            for ports in top where ports.type == 24 {
                for port in attributes(ports.payload, 0..<ports.payload.count) ?? [] where port.type == 1 {
                    for field in attributes(port.payload, 0..<port.payload.count) ?? [] {
                        if field.type == 6, let first = field.payload.first {
                            request = first
                        }
                        if field.type == 4 {
                            uuid = field.payload
                        }
                    }
                }
            }
            return .notification(pid: u32(bytes, 12), mac: mac, request: request, uuid: uuid)
        default:
            return .other(type)
        }
    }
}
