import Foundation
import Testing
import VDPCapture

@testable import VDPWire

/// A second implementation checks our encoder: frames of every ECP, VDP and LLDP kind we produce are written to
/// a pcap and dissected by `tshark -T json` (Wireshark 4.0). Every field tshark dissects correctly must equal
/// ours; where tshark 4.0 is known to be wrong (WIRE.md §6.2), the test asserts that it is wrong in exactly the
/// documented way, so that a change in either is noticed.
///
/// Runs when `tshark` is installed; otherwise it says why it did not run. With `VDP_REQUIRE_TSHARK=1` (set by
/// `.ci/run`), a missing tshark is a failure.
@Suite struct TsharkCrossCheckTests {
    static let tsharkPath: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var tsharkRequired: Bool {
        ProcessInfo.processInfo.environment["VDP_REQUIRE_TSHARK"] == "1"
    }

    /// The frames under test, each with what we encoded.
    struct Case {
        var frame: Frame
        var note: String
    }

    static let station = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let mac = MACAddress(0x52, 0x54, 0x00, 0x11, 0x22, 0x33)
    static let psPCPVID = FilterVID(rawValue: 0xD064)  // PS 1, PCP 5, VID 100

    static func vsiFrame(_ tlvs: [VSITLV], sequence: UInt16, tail: [VDPTLV] = []) -> Frame {
        let managerID = VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1)
        let ulpdu = VDPULPDU(tlvs: [.managerID(managerID)] + tlvs.map { .vsi($0) } + tail)
        return .ecp(.vdpRequest(sequenceNumber: sequence, ulpdu), from: station)
    }

    static func tlv(
        _ type: VSITLVType,
        _ status: VDPStatus,
        _ filter: FilterInfo,
        vsiID: VSIID = .uuid(VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001") ?? VSIUUID(octets: .zero))
    ) -> VSITLV {
        VSITLV(
            type: type,
            status: status,
            typeID: VSITypeID(uncheckedRawValue: 0x01E240),
            typeVersion: 7,
            vsiID: vsiID,
            filterInfo: filter
        )
    }

    static func cases() throws -> [Case] {
        let twoVIDs = try FilterInfo.vid([psPCPVID, FilterVID(rawValue: 0x3065)])
        let octets = try #require(Octets16(octets: (1...16).map { UInt8($0) }))
        return [
            Case(
                frame: vsiFrame([tlv(.associate, .request(mBit: true), .macVID(mac, psPCPVID))], sequence: 1),
                note: "Associate request, M-bit, MAC/VID"
            ),
            Case(
                frame: vsiFrame([tlv(.associate, .request(sBit: true), twoVIDs)], sequence: 2),
                note: "Associate request, S-bit, two VIDs"
            ),
            Case(
                frame: vsiFrame(
                    [tlv(.associate, .response(.unableToContactVSIManager, keep: true), twoVIDs)],
                    sequence: 3
                ),
                note: "Associate response, keep, error 3"
            ),
            Case(
                frame: vsiFrame(
                    [
                        tlv(
                            .deAssociate,
                            .response(.insufficientResources, hardError: true),
                            .groupMACVID(GroupID(rawValue: 200), mac, psPCPVID)
                        )
                    ],
                    sequence: 4
                ),
                note: "De-Associate response, hard error 2, GroupID/MAC/VID"
            ),
            Case(
                frame: vsiFrame(
                    [tlv(.deAssociate, .request(), .groupVID(try GroupID(vnID: 5000), .null))],
                    sequence: 5
                ),
                note: "unsolicited De-Associate, GroupID/VID"
            ),
            Case(
                frame: vsiFrame([tlv(.preAssociate, .request(mBit: true), twoVIDs)], sequence: 6),
                note: "Pre-Associate"
            ),
            Case(
                frame: vsiFrame(
                    [tlv(.preAssociateWithResourceReservation, .request(), .macVID(mac, .null))],
                    sequence: 7
                ),
                note: "Pre-Associate with RR"
            ),
            Case(
                frame: vsiFrame(
                    [tlv(.associate, .request(), .macVID(mac, .null), vsiID: VSIID(.ipv4(IPv4Address(10, 1, 2, 3))))],
                    sequence: 8
                ),
                note: "VSIID IPv4"
            ),
            Case(
                frame: vsiFrame(
                    [
                        tlv(
                            .associate,
                            .request(),
                            .macVID(mac, .null),
                            vsiID: VSIID(.ipv6(IPv6Address(octets: octets)))
                        )
                    ],
                    sequence: 9
                ),
                note: "VSIID IPv6"
            ),
            Case(
                frame: vsiFrame(
                    [tlv(.associate, .request(), .macVID(mac, .null), vsiID: VSIID(.mac(mac)))],
                    sequence: 10
                ),
                note: "VSIID MAC"
            ),
            Case(
                frame: vsiFrame(
                    [tlv(.associate, .request(), .macVID(mac, .null), vsiID: VSIID(.local(octets)))],
                    sequence: 11
                ),
                note: "VSIID local"
            ),
            Case(
                frame: vsiFrame(
                    [
                        tlv(.associate, .request(), .macVID(mac, .null)),
                        tlv(.associate, .request(), .macVID(mac, psPCPVID)),
                    ],
                    sequence: 12,
                    tail: [
                        .organizationallyDefined(try OrganizationallyDefinedTLV(oui: OUI(0x00, 0x00, 0x0C), data: [1]))
                    ]
                ),
                note: "two VSI TLVs and an organizationally defined TLV"
            ),
            Case(frame: .ecp(.acknowledgement(of: 0xBEEF), from: station), note: "ECP acknowledgement"),
            Case(frame: .lldp(try evbLLDPDU(), from: station), note: "LLDP with the EVB TLV"),
            Case(frame: try draftECPFrame(), note: "draft-0.2 ECP with two draft VDP TLVs"),
            Case(frame: .lldp(draftEVBLLDPDU(), from: station), note: "LLDP with the draft-0.2 EVB TLV"),
        ]
    }

    static func draftECPFrame() throws -> Frame {
        let uuid = try #require(VSIUUID("fa9b7fff-b0a0-4893-8e0e-beef4ff18f8f"))
        let first = try DraftVDPTLV(
            mode: 2,
            managerID: 12,
            typeID: VSITypeID(0x123456),
            typeVersion: 1,
            instanceID: uuid,
            entries: [.init(mac: mac, vlan: 3)]
        )
        let second = try DraftVDPTLV(
            mode: 0,
            response: 1,
            managerID: 13,
            typeID: VSITypeID(0x123457),
            typeVersion: 2,
            instanceID: uuid,
            entries: [.init(mac: station, vlan: 4094), .init(mac: mac, vlan: 5)]
        )
        return Frame(
            header: EthernetHeader(destination: .nearestBridge, source: station, etherType: .ouiExtended),
            payload: .draftECP(
                DraftECPDU(mode: DraftECPDU.requestMode, sequenceNumber: 4, tlvs: [.vdp(first), .vdp(second)])
            )
        )
    }

    static func draftEVBLLDPDU() -> LLDPDU {
        let draft = DraftEVBTLV(
            supportedForwardingModes: .reflectiveRelay,
            supportedCapabilities: [.retransmissionTimerExponent, .ecp, .vdp],
            configuredForwardingModes: .reflectiveRelay,
            configuredCapabilities: [.ecp, .vdp],
            supportedVSICount: 3295,
            configuredVSICount: 7,
            retransmissionExponent: 15
        )
        return LLDPDU(
            chassisID: LLDPChassisID(macAddress: station),
            portID: LLDPPortID(macAddress: station),
            timeToLive: 120,
            optionalTLVs: [.draftEVB(draft)]
        )
    }

    static func evbLLDPDU() throws -> LLDPDU {
        let evb = try EVBTLV(
            bridgeStatus: EVBBridgeStatus(rawValue: 0x07),
            stationStatus: EVBStationStatus(rawValue: 0x0D),
            maximumRetries: 3,
            retransmissionExponent: 8,
            mode: .station,
            resourceWaitDelayIsRemote: true,
            resourceWaitDelayExponent: 20,
            reinitKeepAliveIsRemote: true,
            reinitKeepAliveExponent: 20
        )
        return LLDPDU(
            chassisID: LLDPChassisID(macAddress: station),
            portID: LLDPPortID(macAddress: station),
            timeToLive: 120,
            optionalTLVs: [.evb(evb)]
        )
    }

    @Test func tsharkDissectsOurFramesAsWeEncodedThem() throws {
        guard let tshark = Self.tsharkPath else {
            if Self.tsharkRequired {
                Issue.record("tshark is required (VDP_REQUIRE_TSHARK=1) but not installed")
            } else {
                print("TsharkCrossCheckTests: skipped, tshark is not installed (apt-get install tshark)")
            }
            return
        }
        let cases = try Self.cases()
        let packets = try dissect(cases.map { $0.frame.encoded() }, tshark: tshark)
        #expect(packets.count == cases.count)
        for (testCase, layers) in zip(cases, packets) {
            check(testCase, layers)
        }
    }

    // MARK: Checks

    private func check(_ testCase: Case, _ layers: [String: Any]) {
        let frame = testCase.frame
        let note = Comment(rawValue: testCase.note)
        let eth = layers["eth"] as? [String: Any] ?? [:]
        #expect(eth["eth.src"] as? String == frame.header.source.description, note)
        #expect(eth["eth.dst"] as? String == frame.header.destination.description, note)
        #expect(eth["eth.type"] as? String == frame.header.etherType.description, note)
        switch frame.payload {
        case .ecp(let ecpdu):
            let ecp = layers["ecp21"] as? [String: Any] ?? [:]
            #expect(ecp["ecp.ver"] as? String == String(ecpdu.version.rawValue), note)
            #expect(ecp["ecp.op"] as? String == hex(ecpdu.operation.rawValue, digits: 4), note)
            #expect(ecp["ecp.subtype"] as? String == hex(ecpdu.subtype.rawValue, digits: 4), note)
            #expect(ecp["ecp.seqno"] as? String == String(ecpdu.sequenceNumber), note)
            guard case .vdp(let ulpdu) = ecpdu.payload else {
                #expect(ecp["VDP TLV"] == nil, note)
                return
            }
            let dissected = list(ecp["VDP TLV"])
            #expect(dissected.count == ulpdu.tlvs.count, note)
            for (tlv, fields) in zip(ulpdu.tlvs, dissected) {
                check(tlv, fields, note)
            }
        case .lldp(let lldpdu):
            let lldp = flatten(layers["lldp"])
            if let draft = lldpdu.draftEVB {
                check(draft, lldp, note)
                return
            }
            #expect(lldp["lldp.chassis.subtype"] == [String(lldpdu.chassisID.subtype)], note)
            #expect(lldp["lldp.chassis.id.mac"] == lldpdu.chassisID.macAddress.map { [$0.description] }, note)
            #expect(lldp["lldp.port.subtype"] == [String(lldpdu.portID.subtype)], note)
            #expect(lldp["lldp.port.id.mac"] == lldpdu.portID.macAddress.map { [$0.description] }, note)
            #expect(lldp["lldp.time_to_live"] == [String(lldpdu.timeToLive)], note)
            #expect(lldp["lldp.orgtlv.oui"] == [String(OUI.ieee8021.rawValue)], note)
            // Documented: Wireshark 4.0 names the ratified EVB TLV but dissects none of its fields.
            #expect(lldp["lldp.ieee.802_1.subtype"] == ["0x0d"], note)
            #expect(lldp.keys.filter { $0.contains("evb") || $0.contains("802_1qbg") }.isEmpty, note)
            #expect(lldp["lldp.tlv.type"]?.sorted() == ["0", "1", "127", "2", "3"], note)
        case .draftECP(let ecpdu):
            let header = flatten(layers["ieee802a"])
            #expect(header["ieee802a.oui"] == [String(ecpdu.oui.rawValue)], note)
            #expect(header["ieee802a.ecp_pid"] == [hex(ecpdu.protocolID, digits: 4)], note)
            let ecp = layers["ecp"] as? [String: Any] ?? [:]
            #expect(ecp["ecp.subtype"] as? String == hex(ecpdu.subtype, digits: 2), note)
            #expect(ecp["ecp.mode"] as? String == hex(ecpdu.mode, digits: 2), note)
            #expect(ecp["ecp.seq"] as? String == hex(ecpdu.sequenceNumber, digits: 4), note)
            let dissected = list(ecp["ProCurve Networking by HP - VDP"])
            #expect(dissected.count == ecpdu.vdpTLVs.count, note)
            for (tlv, fields) in zip(ecpdu.vdpTLVs, dissected) {
                let body = flatten(fields)
                #expect(body["ecp.vdp.mode"] == [hex(tlv.mode, digits: 2)], note)
                #expect(body["ecp.vdp.response"] == [hex(tlv.response, digits: 2)], note)
                #expect(body["ecp.vdp.mgrid"] == [hex(tlv.managerID, digits: 2)], note)
                #expect(body["ecp.vdp.vsitypeid"] == [hex(tlv.typeID.rawValue, digits: 6)], note)
                #expect(body["ecp.vdp.vsitypeidversion"] == [hex(tlv.typeVersion, digits: 2)], note)
                #expect(
                    body["ecp.vdp.instanceid"] == [
                        tlv.instanceID.octets.octets.map { hexDigits($0, 2) }.joined(separator: ":")
                    ],
                    note
                )
                #expect(body["ecp.vdp.format"] == [hex(DraftVDPTLV.macVIDFormat, digits: 2)], note)
                #expect(body["ecp.vdp.mac"]?.sorted() == tlv.entries.map(\.mac.description).sorted(), note)
                #expect(body["ecp.vdp.vlan"]?.sorted() == tlv.entries.map { String($0.vlan) }.sorted(), note)
            }
        case .other:
            Issue.record("unexpected payload in \(testCase.note)")
        }
    }

    /// Wireshark 4.0 dissects the draft EVB TLV, reading each mode and capability octet pair as one 16-bit word.
    private func check(_ draft: DraftEVBTLV, _ lldp: [String: [String]], _ note: Comment) {
        let supported =
            UInt16(draft.supportedForwardingModes.rawValue) << 8 | UInt16(draft.supportedCapabilities.rawValue)
        let configured =
            UInt16(draft.configuredForwardingModes.rawValue) << 8
            | UInt16(draft.configuredCapabilities.rawValue)
        #expect(lldp["lldp.orgtlv.oui"] == [String(OUI.draftQbg.rawValue)], note)
        #expect(lldp["lldp.ieee.802_1qbg.subtype"] == ["0x00"], note)
        #expect(lldp["lldp.ieee.802_1qbg.evb_support_caps"] == [hex(supported, digits: 4)], note)
        #expect(lldp["lldp.ieee.802_1qbg.evb_configure_caps"] == [hex(configured, digits: 4)], note)
        #expect(
            lldp["lldp.ieee.802_1qbg.evb_support_caps.rr"] == [
                draft.supportedForwardingModes.contains(.reflectiveRelay) ? "1" : "0"
            ],
            note
        )
        #expect(
            lldp["lldp.ieee.802_1qbg.evb_configure_caps.vdp"] == [
                draft.configuredCapabilities.contains(.vdp) ? "1" : "0"
            ],
            note
        )
        #expect(lldp["lldp.ieee.802_1qbg.evb_supported_vsi"] == [String(draft.supportedVSICount)], note)
        #expect(lldp["lldp.ieee.802_1qbg.evb_configured_vsi"] == [String(draft.configuredVSICount)], note)
        #expect(lldp["lldp.ieee.802_1qbg.evb_retrans_timer"] == [String(draft.retransmissionExponent)], note)
    }

    private func check(_ tlv: VDPTLV, _ fields: [String: Any], _ note: Comment) {
        #expect(fields["vdp21.tlvtype"] as? String == String(tlv.type), note)
        #expect(fields["vdp21.tlvlen"] as? String == String(tlv.encodedLength - 2), note)
        switch tlv {
        case .managerID(let managerID):
            // Documented: the Manager ID is shown as an IPv6 address.
            #expect(fields["vdp21.manager_id"] as? String == IPv6Address(octets: managerID.octets).description, note)
        case .vsi(let vsi):
            check(vsi, fields, note)
        case .organizationallyDefined(let org):
            #expect(flatten(fields)["vdp21.org_oui"] == [String(org.oui.rawValue)], note)
        case .unknown:
            break
        }
    }

    private func check(_ vsi: VSITLV, _ fields: [String: Any], _ note: Comment) {
        let body = flatten(fields)
        guard vsi.type == .associate || vsi.type == .deAssociate else {
            // Documented: Pre-Associate and Pre-Associate with RR bodies are not dissected.
            #expect(body.keys.sorted() == ["vdp21.tlvlen", "vdp21.tlvtype"], note)
            return
        }
        let flagsNibble = hex(vsi.status.rawValue >> 4, digits: 2)
        if let response = vsi.status.response {
            #expect(body["vdp21.assoc.error"] == [hex(response.error.rawValue, digits: 2)], note)
            #expect(body["vdp21.assoc.response_flags"] == [flagsNibble], note)
            #expect(body["vdp21.assoc.flags.hard_error"] == [response.hardError ? "1" : "0"], note)
            #expect(body["vdp21.assoc.flags.keep"] == [response.keep ? "1" : "0"], note)
            #expect(body["vdp21.assoc.flags.req_rsp"] == ["1"], note)
        } else if let request = vsi.status.request {
            #expect(body["vdp21.assoc.reason"] == [hex(request.rawValue & 0x0F, digits: 2)], note)
            #expect(body["vdp21.assoc.request_flags"] == [flagsNibble], note)
            #expect(body["vdp21.assoc.flags.mbit"] == [request.mBit ? "1" : "0"], note)
            #expect(body["vdp21.assoc.flags.sbit"] == [request.sBit ? "1" : "0"], note)
            #expect(body["vdp21.assoc.flags.req_rsp"] == ["0"], note)
        }
        #expect(body["vdp21.vsitypeid"] == [hex(vsi.typeID.rawValue, digits: 6)], note)
        #expect(body["vdp21.vsiversion"] == [hex(vsi.typeVersion, digits: 2)], note)
        #expect(body["vdp21.vsiidformat"] == [hex(vsi.vsiID.format.rawValue, digits: 2)], note)
        #expect(body["vdp21.VSIID"] == [vsi.vsiID.octets.octets.map { hexDigits($0, 2) }.joined(separator: ":")], note)
        #expect(body["vdp21.filterformat"] == [hex(vsi.filterInfo.format.rawValue, digits: 2)], note)
        checkDocumentedFilterMisdissection(vsi.filterInfo, body, note)
    }

    /// Wireshark 4.0 skips the two-octet entry count, shows one entry only, uses 0x0800/0x0700 as PS/PCP masks,
    /// and dissects formats 1 and 2 only.
    private func checkDocumentedFilterMisdissection(_ info: FilterInfo, _ body: [String: [String]], _ note: Comment) {
        let count = UInt16(info.entries.count)
        let wrongWord: UInt16
        switch info.format {
        case .vid:
            #expect(body["vdp21.assoc.mac_id"] == nil, note)
            wrongWord = count
        case .macVID:
            let macOctets = info.entries.first?.mac?.octets ?? []
            let shown = [UInt8(count >> 8), UInt8(count & 0xFF)] + macOctets.prefix(4)
            #expect(body["vdp21.assoc.mac_id"] == [shown.map { hexDigits($0, 2) }.joined(separator: ":")], note)
            wrongWord = UInt16(macOctets[4]) << 8 | UInt16(macOctets[5])
        case .groupVID, .groupMACVID:
            #expect(body["vdp21.assoc.mac_id"] == nil && body["vdp21.vidstr.vid"] == nil, note)
            return
        }
        #expect(body["vdp21.vidstr.ps"] == [hex((wrongWord & 0x0800) >> 11, digits: 4)], note)
        #expect(body["vdp21.vidstr.pcp"] == [hex((wrongWord & 0x0700) >> 8, digits: 4)], note)
        #expect(body["vdp21.vidstr.vid"] == [hex(wrongWord & 0x0FFF, digits: 4)], note)
        #expect(body["vdp21.vidstr.vid"]?.count == 1, note)
    }

    // MARK: Running tshark

    private func dissect(_ frames: [[UInt8]], tshark: String) throws -> [[String: Any]] {
        var writer = PcapWriter()
        for (index, frame) in frames.enumerated() {
            writer.append(frame: frame, at: CaptureTimestamp(seconds: Int64(index), nanoseconds: 0))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vdp-tshark-\(UUID().uuidString).pcap")
            .path
        try CaptureFile.write(writer.bytes, toPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: tshark)
        process.arguments = ["-r", path, "-T", "json", "--no-duplicate-keys"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let packets = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return packets.map { (($0["_source"] as? [String: Any])?["layers"] as? [String: Any]) ?? [:] }
    }

    private func list(_ value: Any?) -> [[String: Any]] {
        if let array = value as? [[String: Any]] {
            return array
        }
        if let single = value as? [String: Any] {
            return [single]
        }
        return []
    }

    /// Every leaf field under `value`, by field name.
    private func flatten(_ value: Any?) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        func walk(_ node: Any?, key: String?) {
            switch node {
            case let dictionary as [String: Any]:
                for (childKey, child) in dictionary {
                    walk(child, key: childKey)
                }
            case let array as [Any]:
                for element in array {
                    walk(element, key: key)
                }
            case let text as String:
                if let key, !key.hasSuffix("_tree") {
                    fields[key, default: []].append(text)
                }
            default:
                break
            }
        }
        walk(value, key: nil)
        return fields
    }

    private func hex(_ value: some BinaryInteger, digits: Int) -> String {
        "0x" + hexDigits(value, digits)
    }

    private func hexDigits(_ value: some BinaryInteger, _ digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
