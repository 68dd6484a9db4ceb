import VDPNetlink
import VDPProtocol
import VDPWire

/// Reads the netlink requests lldpad's VDP service takes: libvirt's `RTM_SETLINK` port-profile requests (in
/// lldpad's format 1 or format 2) and `RTM_GETLINK` status queries.
///
/// A sans-I/O parser: every length is checked before it is read, and what lldpad refuses is refused with the
/// `errno` lldpad answers (``LldpadNetlinkError``): `EINVAL` for a malformed, missing or inconsistent attribute,
/// `ENXIO` for a request without an interface name or index, `ENODEV` for another message type, `E2BIG` for more
/// filter entries than a VSI may have. Like lldpad, it reads the first message of a datagram only, and of
/// duplicated attributes the last.
public enum LldpadNetlinkParser {
    /// The longest interface name: 15 characters (`IFNAMSIZ` less the NUL).
    public static let maximumInterfaceNameLength = 15
    /// lldpad's format 2 `IFLA_PORT_VSI_TYPE22` hint for a VSI arriving (M-bit).
    static let migrateToHint: UInt8 = 0x10
    /// lldpad's format 2 hint for a VSI leaving (S-bit).
    static let migrateFromHint: UInt8 = 0x20

    /// The first message of `datagram`, or `nil` when its header is unreadable (no answer can be addressed then).
    public static func firstMessage(in datagram: [UInt8]) -> NetlinkMessage? {
        var iterator = NetlinkMessageIterator(datagram[...])
        return try? iterator.next()
    }

    /// Reads `message`.
    ///
    /// - Throws: ``LldpadNetlinkError`` with the `errno` lldpad answers.
    public static func parse(_ message: NetlinkMessage) throws(LldpadNetlinkError) -> LldpadNetlinkRequest {
        switch message.header.type {
        case .setLink: .setLink(try portRequest(message))
        case .getLink: .getLink(try statusQuery(message))
        default:
            throw LldpadNetlinkError(errno: LldpadNetlinkError.noDevice, "message type \(message.header.type)")
        }
    }

    private static func statusQuery(_ message: NetlinkMessage) throws(LldpadNetlinkError) -> LibvirtStatusQuery {
        let (info, attributes) = try linkMessage(message)
        let name = try interfaceName(attributes)
        guard name != nil || info.index > 0 else {
            throw LldpadNetlinkError(errno: LldpadNetlinkError.invalidArgument, "no interface name or index")
        }
        return LibvirtStatusQuery(
            interfaceIndex: info.index,
            interfaceName: name,
            requesterPortID: message.header.portID,
            sequence: message.header.sequence
        )
    }

    private static func portRequest(_ message: NetlinkMessage) throws(LldpadNetlinkError) -> LibvirtPortRequest {
        let (info, attributes) = try linkMessage(message)
        let name = try interfaceName(attributes)
        guard name != nil || info.index > 0 else {
            throw LldpadNetlinkError(errno: LldpadNetlinkError.noSuchDeviceOrAddress, "no interface name or index")
        }
        guard let ports = attributes.last(ofType: LinkPortAttributes.virtualFunctionPorts) else {
            throw invalid("no IFLA_VF_PORTS")
        }
        // lldpad reads every IFLA_VF_PORT in turn, later values replacing earlier ones: the last one counts.
        let port = try nested(ports, "IFLA_VF_PORTS").last { $0.type == LinkPortAttributes.virtualFunctionPort }
        let portAttributes = try port.map { port throws(LldpadNetlinkError) in try nested(port, "IFLA_VF_PORT") } ?? []
        let isFormat2 =
            portAttributes.last(ofType: LinkPortAttributes.portVSIFilter) != nil
            || (portAttributes.last(ofType: LinkPortAttributes.portVSIType22)?.payload.count ?? 0)
                >= LinkPortAttributes.portVSI22Size
        let fields =
            isFormat2
            ? try format2(portAttributes)
            : try format1(portAttributes, infoList: attributes.last(ofType: LinkPortAttributes.virtualFunctionInfoList))
        return LibvirtPortRequest(
            interfaceIndex: info.index,
            interfaceName: name,
            kind: fields.kind,
            format: isFormat2 ? .vsiFilter : .vfPorts,
            vsi: fields.vsi,
            hints: fields.hints,
            requesterPortID: message.header.portID,
            sequence: message.header.sequence
        )
    }

    private struct Fields {
        var kind: LibvirtPortRequestKind
        var vsi: VSIDescriptor
        var hints: VSIHints
    }

    /// libvirt's attributes: `IFLA_VFINFO_LIST` and, in `IFLA_VF_PORT`, the draft's VSI type, the UUID, the request.
    private static func format1(
        _ port: [NetlinkAttribute],
        infoList: NetlinkAttribute?
    ) throws(LldpadNetlinkError) -> Fields {
        guard let infoList else {
            throw invalid("no IFLA_VFINFO_LIST")
        }
        var mac: MACAddress?
        var vid: FilterVID?
        for info in try nested(infoList, "IFLA_VFINFO_LIST") {
            guard info.type == LinkPortAttributes.virtualFunctionInfo else {
                throw invalid("IFLA_VFINFO_LIST holds attribute type \(info.type)")
            }
            let pair = try nested(info, "IFLA_VF_INFO")
            var pairMAC: MACAddress?
            if let attribute = pair.last(ofType: LinkPortAttributes.virtualFunctionMAC) {
                guard attribute.payload.count == LinkPortAttributes.virtualFunctionMACSize else {
                    throw invalid("IFLA_VF_MAC of \(attribute.payload.count) octets")
                }
                let start = attribute.payload.startIndex + 4
                pairMAC = MACAddress(octets: attribute.payload[start..<(start + 6)])
            }
            guard let vlan = pair.last(ofType: LinkPortAttributes.virtualFunctionVLAN) else {
                throw invalid("IFLA_VF_INFO without IFLA_VF_VLAN")
            }
            guard vlan.payload.count == LinkPortAttributes.virtualFunctionVLANSize,
                let vlanID = HostBytes.load(UInt32.self, from: vlan.payload, at: vlan.payload.startIndex + 4),
                let qos = HostBytes.load(UInt32.self, from: vlan.payload, at: vlan.payload.startIndex + 8)
            else {
                throw invalid("IFLA_VF_VLAN of \(vlan.payload.count) octets")
            }
            guard vlanID <= UInt32(FilterVID.maximumVID), qos <= 7,
                let filterVID = try? FilterVID(
                    vid: UInt16(vlanID),
                    pcp: UInt8(qos),
                    prioritySignificant: qos != 0
                )
            else {
                throw invalid("VLAN \(vlanID) QoS \(qos)")
            }
            // lldpad keeps one pair: each IFLA_VF_INFO replaces the one before.
            mac = pairMAC
            vid = filterVID
        }
        guard let vid else {
            throw invalid("IFLA_VFINFO_LIST without a pair")
        }
        let filter: FilterInfo
        if let mac {
            filter = .macVID(mac, vid)
        } else {
            do {
                filter = try .vid([vid])
            } catch {
                throw invalid("VLAN \(vid)")
            }
        }

        try checkPortPolicy(port)
        var manager: UInt8 = 0
        var typeID: UInt32 = 0
        var typeVersion: UInt8 = 0
        if let type = port.last(ofType: LinkPortAttributes.portVSIType) {
            let octets = Array(type.payload.prefix(LinkPortAttributes.portVSISize))
            manager = octets[0]
            typeID = UInt32(octets[3]) << 16 | UInt32(octets[2]) << 8 | UInt32(octets[1])
            typeVersion = octets[4]
        }
        let uuid = try instanceUUID(port)
        let kind = try requestKind(port, offset: 0)
        return Fields(
            kind: kind,
            vsi: VSIDescriptor(
                managerID: VSIManagerID(singleOctet: manager),
                typeID: VSITypeID(truncating: typeID),
                typeVersion: typeVersion,
                vsiID: .uuid(VSIUUID(octets: uuid)),
                filterInfo: filter
            ),
            hints: VSIHints()
        )
    }

    /// lldpad's format 2: the 42-octet VSI attribute and the filter array.
    private static func format2(_ port: [NetlinkAttribute]) throws(LldpadNetlinkError) -> Fields {
        guard let type = port.last(ofType: LinkPortAttributes.portVSIType22),
            type.payload.count >= LinkPortAttributes.portVSI22Size
        else {
            throw invalid("format 2 without its VSI attribute")
        }
        let octets = Array(type.payload.prefix(LinkPortAttributes.portVSI22Size))
        guard let manager = Octets16(octets: octets[0..<16]), let vsiOctets = Octets16(octets: octets[16..<32]) else {
            throw invalid("format 2 VSI attribute")
        }
        let vsiID: VSIID
        do {
            vsiID = try VSIID(format: VSIIDFormat(rawValue: octets[32]), octets: vsiOctets)
        } catch {
            throw invalid("VSI ID of format \(octets[32])")
        }
        guard vsiID.format != .uuid || vsiOctets != .zero else {
            throw invalid("a zero VSI UUID")
        }
        let typeID = UInt32(octets[35]) << 16 | UInt32(octets[34]) << 8 | UInt32(octets[33])
        let hintBits = octets[37]
        guard hintBits & ~(migrateToHint | migrateFromHint) == 0 else {
            throw invalid("hints \(hintBits)")
        }
        guard let filterFormat = FilterInfoFormat(rawValue: octets[38]) else {
            throw invalid("filter format \(octets[38])")
        }
        let count = Int(HostBytes.load(UInt16.self, from: type.payload, at: type.payload.startIndex + 40) ?? 0)
        guard count > 0 else {
            throw invalid("no filter entry")
        }
        guard count <= filterFormat.maximumEntryCount else {
            throw LldpadNetlinkError(errno: LldpadNetlinkError.argumentListTooLong, "\(count) filter entries")
        }
        guard let filterAttribute = port.last(ofType: LinkPortAttributes.portVSIFilter),
            filterAttribute.payload.count >= count * LinkPortAttributes.filterEntrySize
        else {
            throw invalid("IFLA_PORT_VSI_FILTER shorter than \(count) entries")
        }
        var entries: [FilterEntry] = []
        entries.reserveCapacity(count)
        let base = filterAttribute.payload.startIndex
        for index in 0..<count {
            let start = base + index * LinkPortAttributes.filterEntrySize
            guard let group = HostBytes.load(UInt32.self, from: filterAttribute.payload, at: start),
                let vlan = HostBytes.load(UInt16.self, from: filterAttribute.payload, at: start + 4),
                let mac = MACAddress(octets: filterAttribute.payload[(start + 6)..<(start + 12)])
            else {
                throw invalid("filter entry \(index)")
            }
            entries.append(
                FilterEntry(
                    groupID: filterFormat.hasGroupID ? GroupID(rawValue: group) : nil,
                    mac: filterFormat.hasMAC ? mac : nil,
                    vid: FilterVID(rawValue: vlan)
                )
            )
        }
        let filter: FilterInfo
        do {
            filter = try FilterInfo(format: filterFormat, entries: entries)
        } catch {
            throw invalid("filter: \(error)")
        }
        // Format 2 numbers requests as the ratified protocol does: 1 Pre-Associate … 4 De-Associate.
        let kind = try requestKind(port, offset: 1)
        return Fields(
            kind: kind,
            vsi: VSIDescriptor(
                managerID: VSIManagerID(octets: manager),
                typeID: VSITypeID(truncating: typeID),
                typeVersion: octets[36],
                vsiID: vsiID,
                filterInfo: filter
            ),
            hints: VSIHints(migrating: hintBits & migrateToHint != 0, suspended: hintBits & migrateFromHint != 0)
        )
    }

    /// lldpad's policy for the attributes of `IFLA_VF_PORT` (format 1): minimum sizes, and exactly 16 octets for
    /// the UUIDs.
    private static func checkPortPolicy(_ port: [NetlinkAttribute]) throws(LldpadNetlinkError) {
        for attribute in port {
            let size = attribute.payload.count
            let ok: Bool =
                switch attribute.type {
                case LinkPortAttributes.portVF: size >= 4
                case LinkPortAttributes.portVSIType: size >= LinkPortAttributes.portVSISize
                case LinkPortAttributes.portInstanceUUID, LinkPortAttributes.portHostUUID:
                    size == LinkPortAttributes.uuidSize
                case LinkPortAttributes.portRequest: size >= 1
                case LinkPortAttributes.portResponse: size >= 2
                default: true
                }
            guard ok else {
                throw invalid("IFLA_VF_PORT attribute \(attribute.type) of \(size) octets")
            }
        }
    }

    private static func instanceUUID(_ port: [NetlinkAttribute]) throws(LldpadNetlinkError) -> Octets16 {
        guard let attribute = port.last(ofType: LinkPortAttributes.portInstanceUUID),
            let uuid = Octets16(octets: attribute.payload), uuid != .zero
        else {
            throw invalid("no instance UUID")
        }
        return uuid
    }

    /// The request: `PORT_REQUEST_*` (`offset` 0) or the ratified mode (`offset` 1); Pre-Associate when the
    /// attribute is missing, as lldpad reads it.
    private static func requestKind(
        _ port: [NetlinkAttribute],
        offset: UInt8
    ) throws(LldpadNetlinkError) -> LibvirtPortRequestKind {
        guard let attribute = port.last(ofType: LinkPortAttributes.portRequest) else {
            return .preAssociate
        }
        guard let value = attribute.payload.first, value >= offset,
            let kind = LibvirtPortRequestKind(rawValue: value - offset)
        else {
            throw invalid("request \(attribute.payload.first ?? 0)")
        }
        return kind
    }

    private static func linkMessage(
        _ message: NetlinkMessage
    ) throws(LldpadNetlinkError) -> (InterfaceInfoMessage, [NetlinkAttribute]) {
        do throws(NetlinkDecodingError) {
            let info = try InterfaceInfoMessage(decoding: message.payload)
            let attributes = try message.attributes(afterHeaderOfSize: LinkPortAttributes.interfaceInfoSize)
            return (info, attributes)
        } catch {
            throw invalid("\(error)")
        }
    }

    private static func interfaceName(_ attributes: [NetlinkAttribute]) throws(LldpadNetlinkError) -> String? {
        guard let attribute = attributes.last(ofType: LinkPortAttributes.interfaceName) else {
            return nil
        }
        guard let name = try? attribute.string(field: "IFLA_IFNAME"), !name.isEmpty,
            name.utf8.count <= maximumInterfaceNameLength
        else {
            throw invalid("IFLA_IFNAME")
        }
        return name
    }

    private static func nested(
        _ attribute: NetlinkAttribute,
        _ name: String
    ) throws(LldpadNetlinkError) -> [NetlinkAttribute] {
        do throws(NetlinkDecodingError) {
            return try attribute.nestedAttributes()
        } catch {
            throw invalid("\(name): \(error)")
        }
    }

    private static func invalid(_ reason: String) -> LldpadNetlinkError {
        LldpadNetlinkError(errno: LldpadNetlinkError.invalidArgument, reason)
    }
}
