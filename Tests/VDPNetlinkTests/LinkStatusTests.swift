import Testing
import VDPNetlink

@Suite struct LinkStatusTests {
    typealias M = NetlinkTestMessages

    @Test func aLinkMessageDecodesToItsStatus() throws {
        let attributes = M.ethernet(name: "eth1") + [(LinkAttributeType.linkNetworkNamespaceID, M.i32(3))]
        let bytes = try M.link(index: 7, attributes: attributes)
        let status = try LinkStatus(decoding: try #require(try NetlinkMessage.messages(in: bytes).first))
        #expect(
            status
                == LinkStatus(
                    index: 7,
                    name: "eth1",
                    isAdministrativelyUp: true,
                    hasCarrier: true,
                    operationalState: .up,
                    mtu: 1500,
                    macAddress: [0x02, 0, 0, 0, 0, 0x01],
                    linkNetworkNamespaceID: 3
                )
        )
        #expect(status.description == "eth1 (#7): up, carrier, operstate up, mtu 1500")
    }

    @Test func withoutOptionalAttributesTheFlagsDecide() throws {
        let name = [(LinkAttributeType.name, Array("v0".utf8) + [0])]
        let down = try LinkStatus(decoding: try first(try M.link(index: 3, flags: 0, attributes: name)))
        #expect(!down.isAdministrativelyUp && !down.hasCarrier)
        #expect(down.operationalState == .unknown && down.mtu == nil && down.macAddress == nil)
        let lowerUp = try LinkStatus(
            decoding: try first(try M.link(index: 3, flags: InterfaceInfoMessage.flagLowerUp, attributes: name))
        )
        #expect(lowerUp.hasCarrier && !lowerUp.isAdministrativelyUp)
        // IFLA_CARRIER, when present, wins over IFF_LOWER_UP.
        let noCarrier = try LinkStatus(
            decoding: try first(try M.link(attributes: name + [(LinkAttributeType.carrier, [0])]))
        )
        #expect(!noCarrier.hasCarrier)
    }

    @Test func theLastOfDuplicateAttributesCounts() throws {
        let attributes = M.ethernet(name: "a") + [(LinkAttributeType.name, Array("b".utf8) + [0])]
        #expect(try LinkStatus(decoding: try first(try M.link(attributes: attributes))).name == "b")
    }

    @Test func aDeleteLinkDecodesToo() throws {
        let status = try LinkStatus(decoding: try first(try M.link(type: .deleteLink, attributes: M.ethernet())))
        #expect(status.name == "eth0")
    }

    @Test func malformedLinkMessagesAreTypedErrors() throws {
        #expect(throws: NetlinkDecodingError(.unexpectedMessage, field: "nlmsghdr.nlmsg_type", offset: 0)) {
            try LinkStatus(decoding: try first(try M.done()))
        }
        #expect(throws: NetlinkDecodingError(.missingAttribute, field: "IFLA_IFNAME", offset: 0)) {
            try LinkStatus(decoding: try first(try M.link(attributes: [(LinkAttributeType.mtu, M.u32(1500))])))
        }
        #expect(throws: NetlinkDecodingError(.invalidValue, field: "IFLA_IFNAME", offset: 0)) {
            try LinkStatus(decoding: try first(try M.link(attributes: [(LinkAttributeType.name, [0])])))
        }
        #expect(throws: NetlinkDecodingError(.invalidValue, field: "IFLA_IFNAME", offset: 0)) {
            try LinkStatus(decoding: try first(try M.link(attributes: [(LinkAttributeType.name, [0xC3, 0])])))
        }
        for (type, field) in [
            (LinkAttributeType.mtu, "IFLA_MTU"), (LinkAttributeType.operationalState, "IFLA_OPERSTATE"),
            (LinkAttributeType.carrier, "IFLA_CARRIER"),
            (LinkAttributeType.linkNetworkNamespaceID, "IFLA_LINK_NETNSID"),
        ] {
            let attributes = M.ethernet() + [(type, [1, 2, 3])]
            #expect(throws: NetlinkDecodingError(.lengthMismatch, field: field, offset: 0)) {
                try LinkStatus(decoding: try first(try M.link(attributes: attributes)))
            }
        }
        // An ifinfomsg cut short: a 12-octet payload.
        let short = M.message(length: 28, type: 16, payload: [UInt8](repeating: 0, count: 12))
        #expect(throws: NetlinkDecodingError(.truncated, field: "ifinfomsg", offset: 16)) {
            try LinkStatus(decoding: try first(short))
        }
        // An attribute running past the end of the message, though not of the buffer.
        var bytes = try M.link(attributes: M.ethernet())
        let tail = M.u32(0xFFFF_FFFF)
        // nlmsg_len four short: the last attribute now overruns its message.
        bytes.replaceSubrange(0..<4, with: M.u32(UInt32(bytes.count - 4)))
        var iterator = NetlinkMessageIterator((bytes + tail)[...])
        let message = try #require(try iterator.next())
        #expect(throws: NetlinkDecodingError.self) { try LinkStatus(decoding: message) }
    }

    func first(_ bytes: [UInt8]) throws -> NetlinkMessage {
        try #require(try NetlinkMessage.messages(in: bytes).first)
    }
}
