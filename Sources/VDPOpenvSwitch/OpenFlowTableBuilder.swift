import VDPAgent
import VDPProtocol
import VDPWire

/// Turns VSIs into OpenFlow rules, without I/O.
///
/// The table layout (`reg0` carries the VN ID between tables):
///
/// | table | priority | match | actions | cookie |
/// |---|---|---|---|---|
/// | 0 | 300 | station port, the entry's VID and source MAC | strip the tag, `reg0` = VN, table 1 | the VSI's |
/// | 0 | 200 | the VN's tunnel (key = VN ID, or the VN's port) | `reg0` = VN, table 2 | the VN's |
/// | 0 | 0 | anything else (unknown, suspended or de-associated VSIs, other VIDs) | drop | base |
/// | 1 (from a station) | 300 | with hairpin only: `reg0` = VN, destination = a local VSI's MAC | tag with its VID (and PCP), back out of the station port | the VSI's |
/// | 1 | 200 | `reg0` = VN, group destination | with hairpin only, for each VID of the VN's local VSIs: tag, back out of the station port, untag; then into the VN's tunnel | the VN's |
/// | 1 | 100 | `reg0` = VN, any other destination | untagged into the VN's tunnel | the VN's |
/// | 2 (from the VN) | 300 | `reg0` = VN, destination = a local VSI's MAC | tag with its VID (and PCP), out of the station port | the VSI's |
/// | 2 | 200 | `reg0` = VN, group destination | tag with each VID of the VN's local VSIs, out of the station port | the VN's |
/// | 1, 2 | 0 | anything else (unknown unicast from the VN) | drop | base |
///
/// Each VSI's rules carry its cookie (``cookie(of:)``, stable across restarts), so one `delete cookie=…/-1`
/// removes them all; the rules a VN's VSIs share carry the VN's cookie and are rewritten whenever its members
/// change. A filter entry needs a MAC address; its VN is its GroupID's 24-bit VN ID, or without a GroupID the
/// configured default VN (none by default: such a VSI is refused).
public struct OpenFlowTableBuilder: Sendable {
    /// The configuration.
    public let configuration: OpenvSwitchConfiguration

    /// The cookie of the base rules (the drops).
    public static let baseCookie: UInt64 = 0xC000_0000_0000_0000
    /// The bit every VN cookie has.
    static let networkCookieBit: UInt64 = 0x8000_0000_0000_0000
    /// The bit every VSI cookie has.
    static let vsiCookieBit: UInt64 = 0x4000_0000_0000_0000

    /// Creates a builder.
    public init(configuration: OpenvSwitchConfiguration) {
        self.configuration = configuration
    }

    /// One filter entry as the rules use it.
    public struct Entry: Hashable, Sendable {
        /// The VSI's MAC address.
        public var mac: MACAddress
        /// The VID and PCP of the station's traffic.
        public var vid: FilterVID
        /// The VN ID.
        public var vn: UInt32
    }

    /// The cookie of a VSI's rules: a 64-bit FNV-1a hash of its station and VSIID, with the VSI bit set.
    public static func cookie(of key: BridgeVSIKey) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(key.station)|\(key.vsiID)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash & 0x3FFF_FFFF_FFFF_FFFF | vsiCookieBit
    }

    /// The cookie of a VN's shared rules.
    public static func cookie(ofNetwork vn: UInt32) -> UInt64 {
        networkCookieBit | UInt64(vn)
    }

    /// The entries of a VSI as rules use them; throws ``DataPlaneError/Code/unsupported`` for an entry without a
    /// MAC address or a VID, or without a VN.
    public func entries(of vsi: DataPlaneVSI) throws(DataPlaneError) -> [Entry] {
        var entries: [Entry] = []
        for entry in vsi.entries {
            guard let mac = entry.mac else {
                throw DataPlaneError(.unsupported, "\(vsi.key): an entry without a MAC address")
            }
            guard !entry.vid.isNullVID, entry.vid.vid < 4095 else {
                throw DataPlaneError(.unsupported, "\(vsi.key): an entry without a VID")
            }
            let vn: UInt32
            if let group = entry.groupID {
                guard let id = group.vnID else {
                    throw DataPlaneError(.unsupported, "\(vsi.key): GroupID \(group) is not a 24-bit VN ID")
                }
                vn = id
            } else if let fallback = configuration.defaultVNID, fallback <= GroupID.maximumVNID {
                vn = fallback
            } else {
                throw DataPlaneError(.unsupported, "\(vsi.key): no GroupID and no default VN")
            }
            entries.append(Entry(mac: mac, vid: entry.vid, vn: vn))
        }
        return entries
    }

    /// The rules of one VSI (its cookie's).
    public func rules(for vsi: DataPlaneVSI) throws(DataPlaneError) -> [OpenFlowRule] {
        let cookie = Self.cookie(of: vsi.key)
        let station = configuration.stationPort
        var rules: [OpenFlowRule] = []
        for entry in try entries(of: vsi) {
            rules.append(
                OpenFlowRule(
                    cookie: cookie,
                    table: 0,
                    priority: 300,
                    match: "in_port=\(station),dl_vlan=\(entry.vid.vid),dl_src=\(entry.mac)",
                    actions: "strip_vlan,set_field:\(entry.vn)->reg0,goto_table:1"
                )
            )
            let tag = Self.tag(entry.vid)
            if configuration.hairpin {
                rules.append(
                    OpenFlowRule(
                        cookie: cookie,
                        table: 1,
                        priority: 300,
                        match: "reg0=\(entry.vn),dl_dst=\(entry.mac)",
                        actions: "\(tag),in_port"
                    )
                )
            }
            rules.append(
                OpenFlowRule(
                    cookie: cookie,
                    table: 2,
                    priority: 300,
                    match: "reg0=\(entry.vn),dl_dst=\(entry.mac)",
                    actions: "\(tag),output:\(station)"
                )
            )
        }
        return rules
    }

    /// The shared rules of a VN whose local VSIs use `vids`; none when `vids` is empty.
    public func rules(forNetwork vn: UInt32, vids: [UInt16]) -> [OpenFlowRule] {
        guard !vids.isEmpty else {
            return []
        }
        let cookie = Self.cookie(ofNetwork: vn)
        let station = configuration.stationPort
        let group = "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00"
        let tagged = Set(vids).sorted().map { "mod_vlan_vid:\($0)" }
        let (ingress, egress): (String, String)
        switch configuration.tunnel {
        case .key(let port):
            ingress = "in_port=\(port),tun_id=\(vn)"
            egress = "set_field:\(vn)->tun_id,output:\(port)"
        case .portPerVN(let prefix):
            ingress = "in_port=\(prefix)\(vn)"
            egress = "output:\(prefix)\(vn)"
        }
        return [
            OpenFlowRule(
                cookie: cookie,
                table: 0,
                priority: 200,
                match: ingress,
                actions: "set_field:\(vn)->reg0,goto_table:2"
            ),
            OpenFlowRule(
                cookie: cookie,
                table: 1,
                priority: 200,
                match: "reg0=\(vn),\(group)",
                actions: ((configuration.hairpin ? tagged.flatMap { [$0, "in_port", "strip_vlan"] } : []) + [egress])
                    .joined(separator: ",")
            ),
            OpenFlowRule(cookie: cookie, table: 1, priority: 100, match: "reg0=\(vn)", actions: egress),
            OpenFlowRule(
                cookie: cookie,
                table: 2,
                priority: 200,
                match: "reg0=\(vn),\(group)",
                actions: tagged.flatMap { [$0, "output:\(station)", "strip_vlan"] }.dropLast().joined(separator: ",")
            ),
        ]
    }

    /// The base rules: every table drops what no other rule takes.
    public var baseRules: [OpenFlowRule] {
        (0...2).map { OpenFlowRule(cookie: Self.baseCookie, table: $0, priority: 0, match: "", actions: "drop") }
    }

    /// Every rule for a table of VSIs, sorted, and the VSIs that cannot be expressed (left out).
    public func rules(forTable table: [DataPlaneVSI]) -> (
        rules: [OpenFlowRule], refused: [BridgeVSIKey: DataPlaneError]
    ) {
        var rules = baseRules
        var networks = OpenFlowNetworks()
        var refused: [BridgeVSIKey: DataPlaneError] = [:]
        for vsi in table {
            do throws(DataPlaneError) {
                rules += try self.rules(for: vsi)
                networks.insert(vsi.key, try entries(of: vsi))
            } catch {
                refused[vsi.key] = error
            }
        }
        for vn in networks.networks.sorted() {
            rules += self.rules(forNetwork: vn, vids: networks.vids(of: vn))
        }
        return (rules.sorted(), refused)
    }

    /// The `ovs-ofctl` actions that tag a frame with an entry's VID (and PCP, when significant).
    static func tag(_ vid: FilterVID) -> String {
        vid.prioritySignificant ? "mod_vlan_vid:\(vid.vid),mod_vlan_pcp:\(vid.pcp)" : "mod_vlan_vid:\(vid.vid)"
    }
}
