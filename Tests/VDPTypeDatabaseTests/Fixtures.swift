import VDPProtocol
import VDPWire

@testable import VDPTypeDatabase

/// Databases, descriptors and requests the suites share.
enum Fixtures {
    static let stationA = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let stationB = MACAddress(0x02, 0, 0, 0, 0xAA, 0x02)
    static let bridge = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    static let manager = VSIManagerID(text: "openstack-1") ?? VSIManagerID(singleOctet: 1)
    static let otherManager = VSIManagerID(text: "rogue") ?? VSIManagerID(singleOctet: 2)

    /// The database of the policy tests:
    /// - 100/1: VNs 5000-5099 and 6000, VIDs 100-101 of its own, PCP 3, two per station, one manager;
    /// - 100/*: any VN, the port's pool;
    /// - 200/2: fixed VIDs 300 and 301, no VN;
    /// - 300/1: the port's pool, at most one per station.
    static let text = """
        100/1 vn=5000-5099,6000 vid=range:100-101 pcp=3 per-station=2 managers=openstack-1
        100/* vn=any
        200/2 vid=fixed:300,301
        300/1 per-station=1
        """

    static var database: VSITypeDatabase {
        (try? VSITypeDatabase.parse(Array(text.utf8))) ?? VSITypeDatabase()
    }

    static func vsiID(_ number: UInt64) -> VSIID {
        .uuid(VSIUUID(octets: Octets16(high: 0xA1, low: number)))
    }

    static func vid(_ vid: UInt16, pcp: UInt8? = nil) -> FilterVID {
        (try? FilterVID(vid: vid, pcp: pcp ?? 0, prioritySignificant: pcp != nil)) ?? .null
    }

    static func mac(_ number: UInt64) -> MACAddress {
        MACAddress(rawValue: 0x5254_0000_0000 | number) ?? stationA
    }

    /// A descriptor of VSI `number`: with `group`, one group/MAC/VID filter; without, one MAC/VID filter.
    static func descriptor(
        _ number: UInt64,
        type: UInt32 = 100,
        version: UInt8 = 1,
        group: UInt32? = 5000,
        vid: FilterVID = .null,
        manager: VSIManagerID = Fixtures.manager
    ) -> VSIDescriptor {
        VSIDescriptor(
            managerID: manager,
            typeID: VSITypeID(truncating: type),
            typeVersion: version,
            vsiID: vsiID(number),
            filterInfo: group.map { .groupMACVID(GroupID(rawValue: $0), mac(number), vid) } ?? .macVID(mac(number), vid)
        )
    }

    static func request(
        _ descriptor: VSIDescriptor,
        station: MACAddress = stationA,
        type: VSITLVType = .associate,
        current: BridgeVSIState? = nil
    ) -> BridgeDecisionRequest {
        BridgeDecisionRequest(
            id: BridgeDecisionID(rawValue: 1),
            key: BridgeVSIKey(station: station, vsiID: descriptor.vsiID),
            type: type,
            hints: VSIHints(),
            descriptor: descriptor,
            current: current
        )
    }

    /// Tells `policy` that the table holds `descriptor`, granted with `filterInfo` (the descriptor's own by
    /// default).
    static func grant(
        _ descriptor: VSIDescriptor,
        station: MACAddress = stationA,
        _ filterInfo: FilterInfo? = nil,
        in policy: VSITypePolicy
    ) {
        var granted = descriptor
        granted.filterInfo = filterInfo ?? descriptor.filterInfo
        policy.observe(
            BridgeVSIKey(station: station, vsiID: descriptor.vsiID),
            present: true,
            granted: granted,
            pending: false
        )
    }
}
