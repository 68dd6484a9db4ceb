import Testing
import VDPCapture

@testable import VDPWire

/// Typed spot checks on lldpad frames: the decoded values, not just the absence of errors. The sweep in
/// `VDPControlTests` compares every field of every frame with the reference decodes.
@Suite struct FixtureFieldTests {
    private func frame(_ capture: String, _ number: Int) throws -> Frame {
        let packets = try Fixtures.packets(capture)
        return try Frame(decoding: packets[number - 1].data)
    }

    private func vsi(_ frame: Frame) throws -> (ECPDU, VSIManagerID, VSITLV) {
        guard case .ecp(let ecpdu) = frame.payload, case .vdp(let ulpdu) = ecpdu.payload else {
            throw FixtureError.notVDP
        }
        let managerID = try #require(ulpdu.managerID)
        let vsi = try #require(ulpdu.vsiTLVs.first)
        #expect(ulpdu.vsiTLVs.count == 1)
        return (ecpdu, managerID, vsi)
    }

    enum FixtureError: Error {
        case notVDP
    }

    @Test func associateMACVIDRequestAndResponse() throws {
        let request = try frame("vdp22-assoc-mac-vid", 1)
        #expect(request.header.source == MACAddress("02:00:00:00:aa:01"))
        #expect(request.header.destination == .nearestCustomerBridge)
        #expect(request.header.etherType == .ecp)
        let (ecpdu, managerID, tlv) = try vsi(request)
        #expect(ecpdu.version == .v1)
        #expect(ecpdu.operation == .request)
        #expect(ecpdu.subtype == .vdp)
        #expect(ecpdu.sequenceNumber == 1)
        #expect(managerID.text == "mgr1")
        #expect(tlv.type == .associate)
        #expect(tlv.status == .request())
        #expect(tlv.typeID.rawValue == 123_456)
        #expect(tlv.typeVersion == 1)
        #expect(tlv.vsiID == .uuid(try #require(VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001"))))
        #expect(tlv.filterInfo.format == .macVID)
        #expect(
            tlv.filterInfo.entries == [FilterEntry(mac: MACAddress("52:54:00:00:00:01"), vid: try FilterVID(vid: 100))]
        )

        let ack = try frame("vdp22-assoc-mac-vid", 2)
        #expect(ack.header.source == MACAddress("02:00:00:00:bb:01"))
        #expect(ack.payload == .ecp(.acknowledgement(of: 1)))

        let (_, _, response) = try vsi(try frame("vdp22-assoc-mac-vid", 3))
        #expect(response.status == .response(.success))
        #expect(response.status.response?.isSuccess == true)
        #expect(response.filterInfo == tlv.filterInfo)
    }

    @Test func groupIDAndVIDOnlyFormats() throws {
        let (_, _, group) = try vsi(try frame("vdp22-groupid-vid", 1))
        #expect(group.filterInfo.format == .groupVID)
        #expect(group.filterInfo.entries.first?.groupID == GroupID(rawValue: 4097))
        #expect(group.filterInfo.entries.first?.groupID?.vnID == 4097)
        #expect(group.filterInfo.entries.first?.vid.vid == 300)

        let (_, _, vidOnly) = try vsi(try frame("vdp22-assoc-vid-only", 1))
        #expect(vidOnly.filterInfo == (try FilterInfo.vid([try FilterVID(vid: 200)])))
        #expect(vidOnly.typeID.rawValue == 42 && vidOnly.typeVersion == 2)
    }

    @Test func bridgeAssignsVIDAndPCPToNullVIDEntries() throws {
        let (_, _, request) = try vsi(try frame("vdp22-null-vid-bridge-assigns", 9))
        #expect(request.filterInfo.format == .groupMACVID)
        #expect(request.filterInfo.entries.allSatisfy { $0.vid.isNullVID })
        let (_, _, response) = try vsi(try frame("vdp22-null-vid-bridge-assigns", 11))
        #expect(
            response.filterInfo.entries.map(\.vid) == [
                try FilterVID(vid: 3000, pcp: 3, prioritySignificant: true),
                try FilterVID(vid: 3001, pcp: 3, prioritySignificant: true),
            ]
        )
        #expect(response.filterInfo.entries.map(\.groupID) == [GroupID(rawValue: 3000), GroupID(rawValue: 3001)])
    }

    @Test func rejectionsCarryErrorCodeAndHardBit() throws {
        let (_, _, noResources) = try vsi(try frame("vdp22-bridge-reject-no-resources", 3))
        #expect(noResources.type == .deAssociate)
        #expect(noResources.status.rawValue == 0x42)
        #expect(noResources.status.response?.error == .insufficientResources)
        #expect(noResources.status.response?.hardError == false)

        let (_, _, hard) = try vsi(try frame("vdp22-bridge-reject-hard-error", 3))
        #expect(hard.status.rawValue == 0x52)
        #expect(hard.status.response?.hardError == true)
        #expect(hard.status.response?.keep == false)
        #expect(hard.status.response?.error == .insufficientResources)
    }

    @Test func unsolicitedBridgeDeAssociateIsARequest() throws {
        let (ecpdu, _, deassoc) = try vsi(try frame("vdp22-bridge-deassoc-kato", 5))
        #expect(ecpdu.sequenceNumber == 2)
        #expect(deassoc.type == .deAssociate)
        #expect(deassoc.status.isResponse == false)
    }

    @Test func preAssociateWithResourceReservation() throws {
        let (_, _, request) = try vsi(try frame("vdp22-preassoc-rr", 1))
        #expect(request.type == .preAssociateWithResourceReservation)
        #expect(request.typeID.rawValue == 600)
    }

    @Test func evbNegotiationValues() throws {
        let first = try frame("lldp-evb-negotiation", 1)
        guard case .lldp(let lldpdu) = first.payload else {
            Issue.record("not LLDP")
            return
        }
        #expect(lldpdu.timeToLive == 120)
        let evb = try #require(lldpdu.evb)
        #expect(evb.mode == .bridge)
        #expect(evb.bridgeStatus.rawValue == 0x06)
        #expect(evb.maximumRetries == 3)
        #expect(evb.retransmissionExponent == 14)
        #expect(evb.resourceWaitDelayExponent == 20)
        #expect(evb.reinitKeepAliveExponent == 20)

        let shutdown = try frame("lldp-evb-negotiation", 15)
        guard case .lldp(let last) = shutdown.payload else {
            Issue.record("not LLDP")
            return
        }
        #expect(last.timeToLive == 0)
    }

    @Test func draftECPAndVDP() throws {
        let request = try frame("prestd-evb-ecp-vdp", 23)
        guard case .draftECP(let ecpdu) = request.payload else {
            Issue.record("not draft ECP")
            return
        }
        #expect(request.header.destination == .nearestBridge)
        #expect(ecpdu.sequenceNumber == 6)
        #expect(ecpdu.vdpTLVs.map(\.mode) == [1, 0, 2])
        #expect(ecpdu.vdpTLVs.map(\.typeID.rawValue) == [1_193_048, 1_193_047, 1_193_046])
        #expect(ecpdu.vdpTLVs.first?.managerID == 12)
        #expect(
            ecpdu.vdpTLVs.first?.entries == [
                DraftVDPTLV.Entry(mac: MACAddress(0x52, 0x54, 0x00, 0xc7, 0x3e, 0xd0), vlan: 5)
            ]
        )

        let ack = try frame("prestd-evb-ecp-vdp", 24)
        guard case .draftECP(let draftAck) = ack.payload else {
            Issue.record("not draft ECP")
            return
        }
        #expect(draftAck.isAcknowledgement)
        #expect(draftAck.tlvs.isEmpty)
        #expect(draftAck.end.hasEndTLV)
        #expect(draftAck.end.padding.allSatisfy { $0 == 0 })
    }
}
