import Testing
import VDPDaemon
import VDPNetlink
import VDPProtocol
import VDPWire

@testable import VDPLldpad

@Suite("libvirt's netlink requests: the parser")
struct LldpadNetlinkParserTests {
    static let uuid: [UInt8] = [
        0x0d, 0x1a, 0x5e, 0x00, 0x00, 0x01, 0x40, 0x00, 0x80, 0x00, 0x00, 0x16, 0x3e, 0x00, 0x00, 0x01,
    ]
    static let mac: [UInt8] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]
    static let port = LibvirtMessages.VirtualPort(
        managerID: 12,
        typeID: 0x01_0203,
        typeIDVersion: 4,
        instanceID: uuid,
        mac: mac,
        vlan: 100
    )

    static func parse(_ bytes: [UInt8]) throws(LldpadNetlinkError) -> LldpadNetlinkRequest {
        guard let message = LldpadNetlinkParser.firstMessage(in: bytes) else {
            throw LldpadNetlinkError(errno: 0, "no message")
        }
        return try LldpadNetlinkParser.parse(message)
    }

    static func errno(_ bytes: [UInt8]) -> Int32? {
        do {
            _ = try parse(bytes)
            return nil
        } catch {
            return error.errno
        }
    }

    @Test("reads libvirt's format 1 request as libvirt builds it, for each request")
    func format1() throws {
        for request in [LibvirtMessages.Request.preAssociate, .preAssociateWithReservation, .associate, .deAssociate] {
            let bytes = LibvirtMessages.setLink(
                Self.port,
                request: request,
                interface: "eth0",
                index: 7,
                sequence: 99,
                portID: 4242
            )
            guard case .setLink(let parsed) = try Self.parse(bytes) else {
                Issue.record("not a set-link request")
                return
            }
            #expect(parsed.kind.rawValue == request.rawValue)
            #expect(parsed.format == .vfPorts)
            #expect(parsed.interfaceName == "eth0")
            #expect(parsed.interfaceIndex == 7)
            #expect(parsed.requesterPortID == 4242)
            #expect(parsed.sequence == 99)
            #expect(parsed.vsi.managerID == VSIManagerID(singleOctet: 12))
            #expect(parsed.vsi.typeID.rawValue == 0x01_0203)
            #expect(parsed.vsi.typeVersion == 4)
            #expect(parsed.vsi.vsiID.format == .uuid)
            #expect(parsed.vsi.vsiID.octets.octets == Self.uuid)
            #expect(
                parsed.vsi.filterInfo
                    == .macVID(MACAddress(0x52, 0x54, 0x00, 0x12, 0x34, 0x56), try FilterVID(vid: 100))
            )
            #expect(parsed.hints == VSIHints())
        }
    }

    @Test("reads lldpad's format 2 with every filter format, GroupIDs, a 16-octet manager ID and the hints")
    func format2() throws {
        let manager = Array("manager-two".utf8) + [UInt8](repeating: 0, count: 5)
        for format: UInt8 in 1...4 {
            let entries = [
                LibvirtMessages.Format2Entry(groupID: 5001, vid: 201, mac: Self.mac),
                LibvirtMessages.Format2Entry(groupID: 5002, vid: 202, mac: [0x52, 0x54, 0, 0, 0, 2]),
            ]
            let bytes = LibvirtMessages.setLinkFormat2(
                managerID: manager,
                typeID: 77,
                typeIDVersion: 2,
                vsiIDFormat: 5,
                vsiID: Self.uuid,
                hints: 0x10,
                filterFormat: format,
                entries: entries,
                mode: 3,
                interface: "eth1",
                index: 3,
                sequence: 5,
                portID: 17
            )
            guard case .setLink(let parsed) = try Self.parse(bytes) else {
                Issue.record("not a set-link request")
                return
            }
            #expect(parsed.format == .vsiFilter)
            #expect(parsed.kind == .associate, "mode 3 is the ratified Associate")
            #expect(parsed.hints.migrating && !parsed.hints.suspended)
            #expect(parsed.vsi.managerID.text == "manager-two")
            #expect(parsed.vsi.typeID.rawValue == 77)
            let filter = parsed.vsi.filterInfo
            #expect(filter.format.rawValue == format)
            #expect(filter.entries.map(\.vid.vid) == [201, 202])
            #expect(
                filter.entries.map(\.groupID)
                    == (filter.format.hasGroupID ? [GroupID(rawValue: 5001), GroupID(rawValue: 5002)] : [nil, nil])
            )
            #expect(filter.entries.first?.mac == (filter.format.hasMAC ? MACAddress(octets: Self.mac) : nil))
            #expect(LibvirtNetlinkFrontDoor.action(for: parsed) == .immigrate(associate: true))
        }
    }

    @Test("reads libvirt's status query")
    func statusQuery() throws {
        let bytes = LibvirtMessages.getLink(index: 9, sequence: 3, portID: 88)
        #expect(
            try Self.parse(bytes)
                == .getLink(LibvirtStatusQuery(interfaceIndex: 9, interfaceName: nil, requesterPortID: 88, sequence: 3))
        )
    }

    @Test("refuses malformed requests with lldpad's errno")
    func refusals() {
        let good = LibvirtMessages.setLink(
            Self.port,
            request: .associate,
            interface: "eth0",
            index: 7,
            sequence: 1,
            portID: 2
        )
        // No IFLA_VFINFO_LIST: lldpad's EINVAL.
        let attribute = LibvirtMessages.attribute
        let name = attribute(3, Array("eth0".utf8) + [0])
        let vsiType = attribute(3, [1, 2, 0, 0, 1, 0, 0, 0])
        func message(_ attributes: [UInt8], type: UInt16 = 19, index: Int32 = 7) -> [UInt8] {
            LibvirtMessages.message(type: type, flags: 1, sequence: 1, portID: 2, index: index, attributes: attributes)
        }
        let ports = attribute(24, attribute(1, vsiType + attribute(4, Self.uuid) + attribute(6, [2])))
        let vlanPair = attribute(
            22,
            attribute(
                1,
                attribute(
                    2,
                    LibvirtMessages.le(UInt32.max) + LibvirtMessages.le(UInt32(5)) + LibvirtMessages.le(UInt32(0))
                )
            )
        )
        #expect(Self.errno(message(name + vlanPair + ports)) == nil, "a VLAN-only pair is a VID filter")
        #expect(Self.errno(message(name + ports)) == 22)
        // A pair without a VLAN.
        let macOnly = attribute(
            22,
            attribute(1, attribute(1, LibvirtMessages.le(UInt32.max) + Self.mac + [UInt8](repeating: 0, count: 26)))
        )
        #expect(Self.errno(message(name + macOnly + ports)) == 22)
        // IFLA_VF_MAC of the wrong size.
        let shortMAC = attribute(
            22,
            attribute(1, attribute(1, Self.mac) + attribute(2, [UInt8](repeating: 0, count: 12)))
        )
        #expect(Self.errno(message(name + shortMAC + ports)) == 22)
        // VLAN out of range.
        let bigVLAN = attribute(
            22,
            attribute(
                1,
                attribute(
                    2,
                    LibvirtMessages.le(UInt32.max) + LibvirtMessages.le(UInt32(4096)) + LibvirtMessages.le(UInt32(0))
                )
            )
        )
        #expect(Self.errno(message(name + bigVLAN + ports)) == 22)
        // No IFLA_VF_PORTS, a zero UUID, a UUID of 15 octets, a request of 4.
        #expect(Self.errno(message(name + vlanPair)) == 22)
        let zeroUUID = attribute(
            24,
            attribute(1, vsiType + attribute(4, [UInt8](repeating: 0, count: 16)) + attribute(6, [2]))
        )
        #expect(Self.errno(message(name + vlanPair + zeroUUID)) == 22)
        let shortUUID = attribute(
            24,
            attribute(1, vsiType + attribute(4, Array(Self.uuid.prefix(15))) + attribute(6, [2]))
        )
        #expect(Self.errno(message(name + vlanPair + shortUUID)) == 22)
        let badRequest = attribute(24, attribute(1, vsiType + attribute(4, Self.uuid) + attribute(6, [4])))
        #expect(Self.errno(message(name + vlanPair + badRequest)) == 22)
        // No name and no index: ENXIO; a name too long: EINVAL; another message type: ENODEV.
        #expect(Self.errno(message(vlanPair + ports, index: 0)) == 6)
        #expect(Self.errno(message(attribute(3, Array("a-very-long-interface".utf8) + [0]) + vlanPair + ports)) == 22)
        #expect(Self.errno(message(name, type: 16)) == 19)
        // An attribute running past its parent.
        var broken = good
        broken[32] = 0xFF
        #expect(Self.errno(broken) == 22)
        // Format 2: more entries than a VSI may have (E2BIG), a filter array shorter than its count (EINVAL), a bad
        // filter format (EINVAL).
        func format2(count: Int, entries: Int, filterFormat: UInt8 = 2) -> [UInt8] {
            var bytes = LibvirtMessages.setLinkFormat2(
                managerID: [UInt8](repeating: 1, count: 16),
                typeID: 1,
                typeIDVersion: 1,
                vsiIDFormat: 5,
                vsiID: Self.uuid,
                hints: 0,
                filterFormat: filterFormat,
                entries: Array(
                    repeating: LibvirtMessages.Format2Entry(groupID: 0, vid: 1, mac: Self.mac),
                    count: entries
                ),
                mode: 3,
                interface: "eth0",
                index: 1,
                sequence: 1,
                portID: 1
            )
            // Patch vsi_filter_num (offset 40 in the 42-octet attribute) to `count`.
            if let start = Self.find(bytes, pattern: [UInt8](repeating: 1, count: 16) + Self.uuid) {
                bytes[start + 40] = UInt8(count & 0xFF)
                bytes[start + 41] = UInt8(count >> 8)
            }
            return bytes
        }
        #expect(Self.errno(format2(count: 1, entries: 1)) == nil)
        #expect(Self.errno(format2(count: 3, entries: 2)) == 22)
        #expect(Self.errno(format2(count: 60_000, entries: 1)) == 7)
        #expect(Self.errno(format2(count: 1, entries: 1, filterFormat: 9)) == 22)
    }

    static func find(_ bytes: [UInt8], pattern: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else {
            return nil
        }
        return (0...(bytes.count - pattern.count)).first { Array(bytes[$0..<($0 + pattern.count)]) == pattern }
    }

    @Test("never traps on any prefix or any single corrupted octet of a valid request")
    func corruption() {
        let good = LibvirtMessages.setLink(
            Self.port,
            request: .associate,
            interface: "eth0",
            index: 7,
            sequence: 1,
            portID: 2
        )
        for length in 0...good.count {
            var bytes = Array(good.prefix(length))
            if bytes.count >= 4 {
                // Keep nlmsg_len consistent with the prefix, so the attributes are what is cut.
                bytes.replaceSubrange(0..<4, with: LibvirtMessages.le(UInt32(length)))
            }
            _ = Self.errno(bytes)
        }
        for index in good.indices {
            for value: UInt8 in [0, 1, 0x7F, 0xFF] {
                var bytes = good
                bytes[index] = value
                _ = Self.errno(bytes)
            }
        }
    }
}
