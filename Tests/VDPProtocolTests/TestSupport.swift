import VDPProtocol
import VDPSimulation
import VDPWire

/// Values shared by the protocol tests.
enum TestValues {
    static let stationMAC = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let bridgeMAC = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    static let managerID = VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1)

    /// A VSI with a UUID built from `number` and one MAC/VID entry.
    static func descriptor(_ number: Int, vid: UInt16 = 100, typeID: UInt32 = 123_456) -> VSIDescriptor {
        let uuid = VSIUUID(octets: Octets16(high: 0xA1B2_C3D4_0000_4000, low: 0x8000_0000_0000_0000 | UInt64(number)))
        let mac = MACAddress(rawValue: 0x5254_0000_0000 | UInt64(number & 0xFFFF_FFFF)) ?? stationMAC
        return VSIDescriptor(
            managerID: managerID,
            typeID: VSITypeID(truncating: typeID),
            typeVersion: 1,
            vsiID: .uuid(uuid),
            filterInfo: .macVID(mac, FilterVID(rawValue: vid & 0x0FFF))
        )
    }

    static let parameters = EVBParameters.lldpadDefaults

    static func simulation(
        seed: UInt64 = 1,
        conditions: LinkConditions = .perfect,
        batching: Batching = .enabled,
        policy: BridgeDecisionRule = .acceptAll
    ) -> Simulation {
        var simulation = Simulation(seed: seed, policy: policy)
        simulation.addLink(
            station: StationPortConfiguration(address: stationMAC, batching: batching),
            bridge: BridgePortConfiguration(address: bridgeMAC, batching: batching),
            conditions: conditions
        )
        return simulation
    }
}
