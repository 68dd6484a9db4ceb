import VDPNetlink
import VDPWire

/// The messages lldpad's netlink service sends: the acknowledgement of a request, the answer to a status query,
/// and the notification that the bridge ended a VSI.
enum LldpadNetlinkReplies {
    /// The largest status answer: 16 KiB, about 400 VSIs of one interface; lldpad stops at its 4 KiB buffer.
    static let maximumStatusSize = 16_384
    /// The octets one VSI takes in a status answer: `IFLA_VF_PORT` with the UUID, the VF and the response.
    static let statusEntrySize = 4 + 20 + 8 + 8

    /// `NLMSG_ERROR` with `-errno` (0 acknowledges) and the request's header, addressed like the request.
    static func acknowledgement(of request: NetlinkMessageHeader, errno: Int32) -> [UInt8] {
        let length = UInt32(NetlinkMessageHeader.size + 4 + NetlinkMessageHeader.size)
        let header = NetlinkMessageHeader(
            length: length,
            type: .error,
            flags: [],
            sequence: request.sequence,
            portID: request.portID
        )
        return header.encoded + HostBytes.octets(of: -errno) + request.encoded
    }

    /// The answer to a status query: `NLMSG_DONE` with an `ifinfomsg` and `IFLA_VF_PORTS`, one `IFLA_VF_PORT` per
    /// VSI holding `IFLA_PORT_INSTANCE_UUID`, `IFLA_PORT_VF` (`PORT_SELF_VF`) and, once there is one,
    /// `IFLA_PORT_RESPONSE`, as lldpad builds it.
    static func status(
        _ query: LibvirtStatusQuery,
        entries: [(vsiID: VSIID, response: LldpadPortResponse?)]
    ) -> [UInt8] {
        var writer = NetlinkMessageWriter(
            type: .done,
            flags: [],
            sequence: query.sequence,
            portID: query.requesterPortID
        )
        do {
            try writer.append(InterfaceInfoMessage(index: query.interfaceIndex).encoded)
            try writer.appendNestedAttribute(type: LinkPortAttributes.virtualFunctionPorts, markNested: false) {
                writer in
                for entry in entries {
                    try writer.appendNestedAttribute(type: LinkPortAttributes.virtualFunctionPort, markNested: false) {
                        port in
                        try port.appendAttribute(
                            type: LinkPortAttributes.portInstanceUUID,
                            payload: entry.vsiID.octets.octets
                        )
                        try port.appendAttribute(type: LinkPortAttributes.portVF, uint32: LinkPortAttributes.selfVF)
                        if let response = entry.response {
                            try port.appendAttribute(type: LinkPortAttributes.portResponse, uint16: response.rawValue)
                        }
                    }
                }
            }
        } catch {
            // The entries are bounded so that the answer fits; an answer that did not fit ends where it stopped.
        }
        return writer.bytes
    }

    /// The `RTM_SETLINK` lldpad sends to the requester when the bridge de-associates a VSI: the interface, the
    /// MAC/VLAN pairs (`IFLA_VFINFO_LIST`), and in `IFLA_VF_PORTS` the VSI type, the UUID, `PORT_SELF_VF` and the
    /// request `PORT_REQUEST_DISASSOCIATE` (in 16 bits, as lldpad writes it); `nlmsg_pid` is the daemon's pid,
    /// which libvirt compares with lldpad's pid file before it associates the VSI again.
    static func notification(_ request: LibvirtPortRequest, interface: String, daemonPID: UInt32) -> [UInt8] {
        var writer = NetlinkMessageWriter(type: .setLink, flags: [], sequence: request.sequence, portID: daemonPID)
        let vsi = request.vsi
        do {
            try writer.append(InterfaceInfoMessage(index: request.interfaceIndex).encoded)
            try writer.appendAttribute(type: LinkPortAttributes.interfaceName, string: interface)
            try writer.appendNestedAttribute(type: LinkPortAttributes.virtualFunctionInfoList, markNested: false) {
                list in
                for entry in vsi.filterInfo.entries {
                    try list.appendNestedAttribute(type: LinkPortAttributes.virtualFunctionInfo, markNested: false) {
                        info in
                        let mac = entry.mac?.octets ?? [0, 0, 0, 0, 0, 0]
                        try info.appendAttribute(
                            type: LinkPortAttributes.virtualFunctionMAC,
                            payload: HostBytes.octets(of: LinkPortAttributes.selfVF) + mac
                                + [UInt8](repeating: 0, count: 26)
                        )
                        try info.appendAttribute(
                            type: LinkPortAttributes.virtualFunctionVLAN,
                            payload: HostBytes.octets(of: LinkPortAttributes.selfVF)
                                + HostBytes.octets(of: UInt32(entry.vid.vid))
                                + HostBytes.octets(of: UInt32(entry.vid.pcp))
                        )
                    }
                }
            }
            let type = vsi.typeID.rawValue
            let managerOctet = vsi.managerID.octets.octets.first ?? 0
            try writer.appendNestedAttribute(type: LinkPortAttributes.virtualFunctionPorts, markNested: false) {
                ports in
                try ports.appendNestedAttribute(type: LinkPortAttributes.virtualFunctionPort, markNested: false) {
                    port in
                    try port.appendAttribute(
                        type: LinkPortAttributes.portVSIType,
                        payload: [
                            managerOctet, UInt8(truncatingIfNeeded: type), UInt8(truncatingIfNeeded: type >> 8),
                            UInt8(truncatingIfNeeded: type >> 16), vsi.typeVersion, 0, 0, 0,
                        ]
                    )
                    try port.appendAttribute(
                        type: LinkPortAttributes.portInstanceUUID,
                        payload: vsi.vsiID.octets.octets
                    )
                    try port.appendAttribute(type: LinkPortAttributes.portVF, uint32: LinkPortAttributes.selfVF)
                    try port.appendAttribute(
                        type: LinkPortAttributes.portRequest,
                        uint16: UInt16(LibvirtPortRequestKind.deAssociate.rawValue)
                    )
                }
            }
        } catch {
            // A filter of at most a few hundred entries always fits.
        }
        return writer.bytes
    }
}
