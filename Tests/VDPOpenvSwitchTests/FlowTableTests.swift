import Testing
import VDPAgent
import VDPProtocol
import VDPWire

@testable import VDPOpenvSwitch

/// The flow-table builder and the batch planner, table-driven, without Open vSwitch.
@Suite struct FlowTableTests {
    static let station = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let keyTunnel = OpenvSwitchConfiguration(
        bridge: "br0",
        stationPort: "p1",
        tunnel: .key(port: "vxlan0"),
        hairpin: true
    )
    static let perVN = OpenvSwitchConfiguration(bridge: "br0", stationPort: "p1", tunnel: .portPerVN(prefix: "vx"))

    static func vsi(
        _ number: UInt64,
        vn: UInt32? = 5001,
        vid: UInt16 = 100,
        pcp: UInt8? = nil,
        mac: Bool = true
    ) -> DataPlaneVSI {
        let address = MACAddress(rawValue: 0x5254_0000_0000 | number) ?? station
        let word = (try? FilterVID(vid: vid, pcp: pcp ?? 0, prioritySignificant: pcp != nil)) ?? .null
        let group = vn.map { GroupID(rawValue: $0) }
        let entry = FilterEntry(groupID: group, mac: mac ? address : nil, vid: word)
        let filterInfo = (try? FilterInfo(format: entry.format, entries: [entry])) ?? .macVID(address, word)
        let descriptor = VSIDescriptor(
            managerID: VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: 1),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xE1, low: number))),
            filterInfo: filterInfo
        )
        return DataPlaneVSI(
            port: "p1",
            key: BridgeVSIKey(station: station, vsiID: descriptor.vsiID),
            descriptor: descriptor,
            state: BridgeVSIState(type: .associate, hints: VSIHints(), filterInfo: filterInfo)
        )
    }

    struct RuleCase: Sendable, CustomTestStringConvertible {
        var name: String
        var vsi: DataPlaneVSI
        var configuration: OpenvSwitchConfiguration
        /// The rules without their cookie: `table,priority,match,actions=…`.
        var expected: [String]
        var testDescription: String { name }
    }

    static let ruleCases: [RuleCase] = [
        RuleCase(
            name: "GroupID/MAC/VID",
            vsi: vsi(1),
            configuration: keyTunnel,
            expected: [
                "table=0,priority=300,in_port=p1,dl_vlan=100,dl_src=52:54:00:00:00:01,actions=strip_vlan,set_field:5001->reg0,goto_table:1",
                "table=1,priority=300,reg0=5001,dl_dst=52:54:00:00:00:01,actions=mod_vlan_vid:100,in_port",
                "table=2,priority=300,reg0=5001,dl_dst=52:54:00:00:00:01,actions=mod_vlan_vid:100,output:p1",
            ]
        ),
        RuleCase(
            name: "significant PCP, no hairpin",
            vsi: vsi(2, vn: 7, vid: 200, pcp: 5),
            configuration: perVN,
            expected: [
                "table=0,priority=300,in_port=p1,dl_vlan=200,dl_src=52:54:00:00:00:02,actions=strip_vlan,set_field:7->reg0,goto_table:1",
                "table=2,priority=300,reg0=7,dl_dst=52:54:00:00:00:02,actions=mod_vlan_vid:200,mod_vlan_pcp:5,output:p1",
            ]
        ),
        RuleCase(
            name: "no GroupID, default VN, no hairpin",
            vsi: vsi(3, vn: nil),
            configuration: OpenvSwitchConfiguration(
                bridge: "br0",
                stationPort: "p1",
                tunnel: .key(port: "vxlan0"),
                defaultVNID: 42
            ),
            expected: [
                "table=0,priority=300,in_port=p1,dl_vlan=100,dl_src=52:54:00:00:00:03,actions=strip_vlan,set_field:42->reg0,goto_table:1",
                "table=2,priority=300,reg0=42,dl_dst=52:54:00:00:00:03,actions=mod_vlan_vid:100,output:p1",
            ]
        ),
    ]

    @Test(arguments: ruleCases) func vsiRules(_ rule: RuleCase) throws {
        let builder = OpenFlowTableBuilder(configuration: rule.configuration)
        let rules = try builder.rules(for: rule.vsi)
        let cookie = OpenFlowTableBuilder.cookie(of: rule.vsi.key)
        #expect(rules.allSatisfy { $0.cookie == cookie })
        let prefix = "cookie=\(OpenFlowRule.hex(cookie)),"
        #expect(rules.map { String($0.description.dropFirst(prefix.count)) } == rule.expected)
    }

    struct RefusalCase: Sendable, CustomTestStringConvertible {
        var name: String
        var vsi: DataPlaneVSI
        var testDescription: String { name }
    }

    static let refusalCases: [RefusalCase] = [
        RefusalCase(name: "no GroupID and no default VN", vsi: vsi(4, vn: nil)),
        RefusalCase(name: "GroupID beyond 24 bits", vsi: vsi(5, vn: 0x0100_0000)),
        RefusalCase(name: "no MAC address", vsi: vsi(6, mac: false)),
        RefusalCase(name: "null VID", vsi: vsi(7, vid: 0)),
    ]

    @Test(arguments: refusalCases) func inexpressibleVSIsAreRefused(_ refusal: RefusalCase) {
        let builder = OpenFlowTableBuilder(configuration: Self.keyTunnel)
        #expect(throws: DataPlaneError.self) { try builder.rules(for: refusal.vsi) }
        do {
            _ = try builder.rules(for: refusal.vsi)
        } catch {
            #expect(error.code == .unsupported)
        }
    }

    @Test func networkRulesReachOnlyTheNetworksVSIs() {
        let key = OpenFlowTableBuilder(configuration: Self.keyTunnel).rules(forNetwork: 5001, vids: [101, 100, 100])
        #expect(
            key.map(\.description) == [
                "cookie=0x8000000000001389,table=0,priority=200,in_port=vxlan0,tun_id=5001,actions=set_field:5001->reg0,goto_table:2",
                "cookie=0x8000000000001389,table=1,priority=200,reg0=5001,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=mod_vlan_vid:100,in_port,strip_vlan,mod_vlan_vid:101,in_port,strip_vlan,set_field:5001->tun_id,output:vxlan0",
                "cookie=0x8000000000001389,table=1,priority=100,reg0=5001,actions=set_field:5001->tun_id,output:vxlan0",
                "cookie=0x8000000000001389,table=2,priority=200,reg0=5001,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=mod_vlan_vid:100,output:p1,strip_vlan,mod_vlan_vid:101,output:p1",
            ]
        )
        let perVN = OpenFlowTableBuilder(configuration: Self.perVN).rules(forNetwork: 7, vids: [300])
        #expect(perVN.first?.match == "in_port=vx7")
        #expect(perVN.last?.actions == "mod_vlan_vid:300,output:p1")
        #expect(perVN[1].actions == "output:vx7", "no hairpin: group traffic goes only into the VN")
        #expect(perVN[2].actions == "output:vx7")
        #expect(OpenFlowTableBuilder(configuration: Self.perVN).rules(forNetwork: 7, vids: []).isEmpty)
    }

    @Test func cookiesAreStableAndDistinct() {
        let keys = (1...1_000).map { Self.vsi(UInt64($0)).key }
        let cookies = keys.map(OpenFlowTableBuilder.cookie(of:))
        #expect(Set(cookies).count == keys.count)
        #expect(cookies.allSatisfy { $0 & 0xC000_0000_0000_0000 == 0x4000_0000_0000_0000 })
        #expect(OpenFlowTableBuilder.cookie(of: keys[0]) == cookies[0])
        #expect(OpenFlowTableBuilder.cookie(ofNetwork: 5001) == 0x8000_0000_0000_1389)
    }

    struct BatchCase: Sendable, CustomTestStringConvertible {
        var name: String
        var before: [DataPlaneVSI]
        var changes: [DataPlaneChange]
        /// The lines, with each VSI cookie written as `V<number>` and each VN cookie as `N<vn>`, `add` lines as
        /// `add <cookie> <table>/<priority>`.
        var expected: [String]
        var testDescription: String { name }
    }

    static let batchCases: [BatchCase] = [
        BatchCase(
            name: "the first VSI of a VN brings the VN's rules",
            before: [],
            changes: [.start(vsi(1))],
            expected: [
                "add V1 0/300", "add V1 1/300", "add V1 2/300",
                "delete N5001", "add N5001 0/200", "add N5001 1/200", "add N5001 1/100", "add N5001 2/200",
            ]
        ),
        BatchCase(
            name: "the last VSI of a VN takes them away",
            before: [vsi(1)],
            changes: [.stop(vsi(1), reason: .inactive)],
            expected: ["delete V1", "delete N5001"]
        ),
        BatchCase(
            name: "a change replaces the VSI's rules and rewrites both VNs",
            before: [vsi(1), vsi(2, vn: 7)],
            changes: [.change(from: vsi(1), to: vsi(1, vn: 7, vid: 300))],
            expected: [
                "delete V1", "add V1 0/300", "add V1 1/300", "add V1 2/300",
                "delete N7", "add N7 0/200", "add N7 1/200", "add N7 1/100", "add N7 2/200",
                "delete N5001",
            ]
        ),
    ]

    @Test(arguments: batchCases) func batches(_ batch: BatchCase) throws {
        let builder = OpenFlowTableBuilder(configuration: Self.keyTunnel)
        var networks = OpenFlowNetworks()
        for vsi in batch.before {
            networks.insert(vsi.key, try builder.entries(of: vsi))
        }
        let planned = try OpenFlowBatch(batch.changes, networks: networks, builder: builder)
        var names: [String: String] = [:]
        for number in 1...9 {
            names[OpenFlowRule.hex(OpenFlowTableBuilder.cookie(of: Self.vsi(UInt64(number)).key))] = "V\(number)"
        }
        for vn: UInt32 in [7, 5001] {
            names[OpenFlowRule.hex(OpenFlowTableBuilder.cookie(ofNetwork: vn))] = "N\(vn)"
        }
        let abbreviated = planned.lines.map { line -> String in
            let words = line.split(separator: " ")
            let fields = words.dropFirst().joined(separator: " ").split(separator: ",")
            let cookieText = fields.first.map { String($0.dropFirst("cookie=".count)) } ?? ""
            let cookie = names[String(cookieText.split(separator: "/").first ?? "")] ?? cookieText
            guard words.first == "add" else {
                return "delete \(cookie)"
            }
            let table = fields.first { $0.hasPrefix("table=") }?.dropFirst(6) ?? ""
            let priority = fields.first { $0.hasPrefix("priority=") }?.dropFirst(9) ?? ""
            return "add \(cookie) \(table)/\(priority)"
        }
        #expect(abbreviated == batch.expected)
    }

    @Test func aTableHasBaseRulesAndEachNetworkOnce() {
        let builder = OpenFlowTableBuilder(configuration: Self.keyTunnel)
        let (rules, refused) = builder.rules(forTable: [
            Self.vsi(1), Self.vsi(2), Self.vsi(3, vn: 7), Self.vsi(4, vn: nil),
        ])
        #expect(refused.keys.sorted { $0.description < $1.description } == [Self.vsi(4, vn: nil).key])
        #expect(rules.filter { $0.cookie == OpenFlowTableBuilder.baseCookie }.count == 3)
        #expect(rules.filter { $0.cookie == OpenFlowTableBuilder.cookie(ofNetwork: 5001) }.count == 4)
        #expect(rules.filter { $0.cookie == OpenFlowTableBuilder.cookie(ofNetwork: 7) }.count == 4)
        #expect(rules.count == 3 + 3 * 3 + 2 * 4)
        #expect(Set(rules.map { "\($0.table)/\($0.priority)/\($0.match)" }).count == rules.count, "no duplicates")
    }
}
