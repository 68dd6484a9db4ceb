import VDPNetlink

/// Builders of netlink messages for the codec tests, with the module's own writer (and by hand where the
/// writer would refuse to build something malformed).
enum NetlinkTestMessages {
    /// An `RTM_NEWLINK` (or other type) with an `ifinfomsg` and the given attributes.
    static func link(
        type: NetlinkMessageType = .newLink,
        index: Int32 = 2,
        flags: UInt32 = InterfaceInfoMessage.flagUp | InterfaceInfoMessage.flagLowerUp,
        sequence: UInt32 = 0,
        messageFlags: NetlinkMessageFlags = [],
        attributes: [(UInt16, [UInt8])]
    ) throws -> [UInt8] {
        var writer = NetlinkMessageWriter(type: type, flags: messageFlags, sequence: sequence)
        try writer.append(InterfaceInfoMessage(deviceType: 1, index: index, flags: flags).encoded)
        for (type, payload) in attributes {
            try writer.appendAttribute(type: type, payload: payload)
        }
        return writer.bytes
    }

    /// The usual attributes of an up Ethernet link.
    static func ethernet(name: String = "eth0") -> [(UInt16, [UInt8])] {
        [
            (LinkAttributeType.name, Array(name.utf8) + [0]),
            (LinkAttributeType.mtu, u32(1500)),
            (LinkAttributeType.operationalState, [LinkOperationalState.up.rawValue]),
            (LinkAttributeType.carrier, [1]),
            (LinkAttributeType.address, [0x02, 0, 0, 0, 0, 0x01]),
        ]
    }

    /// `NLMSG_DONE` ending a dump.
    static func done(sequence: UInt32 = 0, flags: NetlinkMessageFlags = [.multipart]) throws -> [UInt8] {
        var writer = NetlinkMessageWriter(type: .done, flags: flags, sequence: sequence)
        try writer.append(u32(0))
        return writer.bytes
    }

    static func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
    static func u16(_ value: UInt16) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
    static func i32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    /// A bare attribute: `nla_len`, `nla_type`, the payload, without padding.
    static func attribute(length: UInt16, type: UInt16, payload: [UInt8]) -> [UInt8] {
        u16(length) + u16(type) + payload
    }

    /// A bare message header followed by `payload`, with `nlmsg_len` as given.
    static func message(length: UInt32, type: UInt16, payload: [UInt8] = []) -> [UInt8] {
        u32(length) + u16(type) + u16(0) + u32(0) + u32(0) + payload
    }
}
