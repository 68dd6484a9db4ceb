import Testing
import VDPWire

@testable import VDPProtocol

/// EVB TLV negotiation (WIRE.md §5.1), against lldpad's wire vectors and a table of transitions.
@Suite struct EVBNegotiatorTests {
    typealias S = ECPTestSupport
    typealias V = ECPTestSupport.Vectors

    // MARK: - The four [EXP] vectors

    struct VectorRow: Sendable, CustomTestStringConvertible {
        var name: String
        var role: EVBRole
        var received: [String]
        var expected: String
        var testDescription: String { name }
    }

    static let vectorRows: [VectorRow] = [
        VectorRow(
            name: "station, before hearing the bridge",
            role: .station,
            received: [],
            expected: V.stationBeforeBridge
        ),
        VectorRow(
            name: "bridge, before hearing the station",
            role: .bridge,
            received: [],
            expected: V.bridgeBeforeStation
        ),
        VectorRow(
            name: "station, steady state",
            role: .station,
            received: [V.bridgeBeforeStation, V.bridgeSteady],
            expected: V.stationSteady
        ),
        VectorRow(
            name: "bridge, steady state",
            role: .bridge,
            received: [V.stationBeforeBridge, V.stationSteady],
            expected: V.bridgeSteady
        ),
    ]

    @Test(arguments: vectorRows)
    func lldpadVector(_ row: VectorRow) {
        var negotiator = EVBNegotiator(configuration: S.vectorConfiguration(row.role))
        for tlv in row.received {
            _ = negotiator.receive(S.evb(tlv))
        }
        #expect(negotiator.localTLV.encoded() == S.hex(row.expected))
    }

    // MARK: - Transitions

    struct Expected: Hashable, Sendable {
        var changed: Bool
        var localTLV: String
        var parameters: EVBParameters
        var reflectiveRelayActive: Bool
        var isNegotiated: Bool
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration: EVBConfiguration
        var script: [String?]
        var event: String?
        var expected: Expected
        var testDescription: String { name }
    }

    static let station = S.vectorConfiguration(.station)
    static let bridge = S.vectorConfiguration(.bridge)
    static let defaults = EVBParameters.lldpadDefaults
    static let withGroupIDs = EVBParameters(groupIDsSupported: true)
    /// R 7, RTE 17, RWD 22, RKA 23: the default ``EVBCeilings``, with GroupIDs.
    static let atDefaultCeilings = EVBParameters(
        maximumRetries: 7,
        retransmissionExponent: 17,
        resourceWaitDelayExponent: 22,
        reinitKeepAliveExponent: 23,
        groupIDsSupported: true
    )

    /// A bridge TLV with the given R/RTE/RWD/RKA, BGID|RRCAP|RRCTR and the station status 0x0d echoed.
    static func bridgeTLV(r: UInt8, rte: UInt8, rwd: UInt8, rka: UInt8, status: UInt8 = 0x07) -> String {
        let bytes: [UInt8] = [0xfe, 0x09, 0x00, 0x80, 0xc2, 0x0d, status, 0x0d, r << 5 | rte, 0x40 | rwd, rka]
        return bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ")
    }

    static let rows: [Row] = [
        Row(
            name: "station hears the bridge's first TLV: RRSTAT 3 → 0, echo 0x06, ROL on ties",
            configuration: station,
            script: [],
            event: V.bridgeBeforeStation,
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 06 0c 68 b4 34",
                parameters: withGroupIDs,
                reflectiveRelayActive: false,
                isNegotiated: true
            )
        ),
        Row(
            name: "station hears RRCTR: RRSTAT 1, RR active",
            configuration: station,
            script: [V.bridgeBeforeStation],
            event: V.bridgeSteady,
            expected: Expected(
                changed: true,
                localTLV: V.stationSteady,
                parameters: withGroupIDs,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "bridge hears the station (fixture 0x06 → 0x07): RRCTR set, station octet echoed",
            configuration: bridge,
            script: [],
            event: V.stationBeforeBridge,
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0f 68 74 34",
                parameters: withGroupIDs,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "bridge: the same parameters again report no change",
            configuration: bridge,
            script: [V.stationBeforeBridge],
            event: V.stationSteady,
            expected: Expected(
                changed: false,
                localTLV: V.bridgeSteady,
                parameters: withGroupIDs,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "max rule: every peer value higher is taken, ROL 1",
            configuration: station,
            script: [],
            event: bridgeTLV(r: 5, rte: 12, rwd: 22, rka: 23),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d ac b6 37",
                parameters: EVBParameters(
                    maximumRetries: 5,
                    retransmissionExponent: 12,
                    resourceWaitDelayExponent: 22,
                    reinitKeepAliveExponent: 23,
                    groupIDsSupported: true
                ),
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "max rule: every peer value lower is not taken, ROL 0",
            configuration: station,
            script: [],
            event: bridgeTLV(r: 1, rte: 4, rwd: 10, rka: 12),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d 68 94 14",
                parameters: withGroupIDs,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "max rule, mixed: RWD taken from the peer, RKA kept",
            configuration: bridge,
            script: [],
            event: "fe 09 00 80 c2 0d 00 0d 48 96 0f",
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d 68 76 14",
                parameters: EVBParameters(resourceWaitDelayExponent: 22, groupIDsSupported: true),
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings: a bridge advertising R 7 and exponents 31 is taken only up to R 7, RTE 17, RWD 22, RKA 23",
            configuration: station,
            script: [],
            event: bridgeTLV(r: 7, rte: 31, rwd: 31, rka: 31),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d f1 b6 37",
                parameters: atDefaultCeilings,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings: a station advertising exponents 31 to a bridge is capped the same way",
            configuration: bridge,
            script: [],
            event: "fe 09 00 80 c2 0d 00 0f ff 9f 1f",
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0f f1 76 37",
                parameters: atDefaultCeilings,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings: a peer exactly at the ceilings is taken as it is",
            configuration: station,
            script: [],
            event: bridgeTLV(r: 7, rte: 17, rwd: 22, rka: 23),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d f1 b6 37",
                parameters: atDefaultCeilings,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings: a later TLV at 31 after an ordinary one is capped too",
            configuration: station,
            script: [V.bridgeSteady],
            event: bridgeTLV(r: 7, rte: 31, rwd: 31, rka: 31),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d f1 b6 37",
                parameters: atDefaultCeilings,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings lowered by the operator (RTE 10, RKA 21): the peer's 14 and 25 are capped there",
            configuration: EVBConfiguration(
                role: .station,
                supportsGroupIDs: true,
                reflectiveRelay: true,
                ceilings: EVBCeilings(retransmissionExponent: 10, reinitKeepAliveExponent: 21)
            ),
            script: [],
            event: bridgeTLV(r: 3, rte: 14, rwd: 20, rka: 25),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d 6a b4 35",
                parameters: EVBParameters(
                    retransmissionExponent: 10,
                    reinitKeepAliveExponent: 21,
                    groupIDsSupported: true
                ),
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings at the field limits (lldpad's behaviour): the peer's 31 is taken",
            configuration: EVBConfiguration(
                role: .station,
                supportsGroupIDs: true,
                reflectiveRelay: true,
                ceilings: .fieldLimits
            ),
            script: [],
            event: bridgeTLV(r: 7, rte: 31, rwd: 31, rka: 31),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d ff bf 3f",
                parameters: EVBParameters(
                    maximumRetries: 7,
                    retransmissionExponent: 31,
                    resourceWaitDelayExponent: 31,
                    reinitKeepAliveExponent: 31,
                    groupIDsSupported: true
                ),
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings: a local RKA 25 above its ceiling is the operator's and is kept; ROL 0",
            configuration: EVBConfiguration(
                role: .station,
                reinitKeepAliveExponent: 25,
                supportsGroupIDs: true,
                reflectiveRelay: true
            ),
            script: [],
            event: bridgeTLV(r: 3, rte: 8, rwd: 20, rka: 31),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d 68 b4 19",
                parameters: EVBParameters(reinitKeepAliveExponent: 25, groupIDsSupported: true),
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "ceilings: lldpad's sample configuration (R 3, RTE 14, RWD 20, RKA 20) is taken unchanged",
            configuration: station,
            script: [],
            event: bridgeTLV(r: 3, rte: 14, rwd: 20, rka: 20),
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 0d 6e b4 34",
                parameters: EVBParameters(retransmissionExponent: 14, groupIDsSupported: true),
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "max rule on a bridge with a higher R and RTE than the station",
            configuration: EVBConfiguration(role: .bridge, maximumRetries: 7, retransmissionExponent: 16),
            script: [],
            event: "fe 09 00 80 c2 0d 00 0b 6e 94 14",
            expected: Expected(
                changed: false,
                localTLV: "fe 09 00 80 c2 0d 00 0b f0 74 34",
                parameters: EVBParameters(maximumRetries: 7, retransmissionExponent: 16),
                reflectiveRelayActive: false,
                isNegotiated: true
            )
        ),
        Row(
            name: "group IDs: station SGID without bridge BGID → off",
            configuration: station,
            script: [],
            event: "fe 09 00 80 c2 0d 03 0d 68 54 14",
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 03 0d 68 b4 34",
                parameters: defaults,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "group IDs: bridge BGID without station SGID → off",
            configuration: bridge,
            script: [],
            event: "fe 09 00 80 c2 0d 00 07 68 94 14",
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 07 68 74 34",
                parameters: defaults,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "bridge: station without RRREQ → no RRCTR",
            configuration: bridge,
            script: [],
            event: "fe 09 00 80 c2 0d 00 0b 68 94 14",
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 06 0b 68 74 34",
                parameters: withGroupIDs,
                reflectiveRelayActive: false,
                isNegotiated: true
            )
        ),
        Row(
            name: "bridge not RR capable: RRREQ gives no RRCTR",
            configuration: EVBConfiguration(role: .bridge, supportsGroupIDs: true),
            script: [],
            event: V.stationBeforeBridge,
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 04 0f 68 74 34",
                parameters: withGroupIDs,
                reflectiveRelayActive: false,
                isNegotiated: true
            )
        ),
        Row(
            name: "bridge echoes the station octet verbatim, reserved bits included",
            configuration: bridge,
            script: [],
            event: "fe 09 00 80 c2 0d 00 ff 68 94 14",
            expected: Expected(
                changed: true,
                localTLV: "fe 09 00 80 c2 0d 07 ff 68 74 34",
                parameters: withGroupIDs,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "station peer lost: RRSTAT 3 again, parameters back to local",
            configuration: station,
            script: [V.bridgeSteady],
            event: nil,
            expected: Expected(
                changed: true,
                localTLV: V.stationBeforeBridge,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "station peer lost after higher peer values: back to local values",
            configuration: station,
            script: [bridgeTLV(r: 5, rte: 12, rwd: 22, rka: 25)],
            event: nil,
            expected: Expected(
                changed: true,
                localTLV: V.stationBeforeBridge,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "bridge peer lost: back to the first TLV",
            configuration: bridge,
            script: [V.stationSteady],
            event: nil,
            expected: Expected(
                changed: true,
                localTLV: V.bridgeBeforeStation,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "peer lost before any peer: nothing changes",
            configuration: station,
            script: [],
            event: nil,
            expected: Expected(
                changed: false,
                localTLV: V.stationBeforeBridge,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "same role (two stations): ignored, not negotiated",
            configuration: station,
            script: [],
            event: V.stationSteady,
            expected: Expected(
                changed: false,
                localTLV: V.stationBeforeBridge,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "same role (two bridges): ignored",
            configuration: bridge,
            script: [],
            event: V.bridgeSteady,
            expected: Expected(
                changed: false,
                localTLV: V.bridgeBeforeStation,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "same role after negotiation: ignored, the bridge is kept",
            configuration: station,
            script: [V.bridgeSteady],
            event: V.stationSteady,
            expected: Expected(
                changed: false,
                localTLV: V.stationSteady,
                parameters: withGroupIDs,
                reflectiveRelayActive: true,
                isNegotiated: true
            )
        ),
        Row(
            name: "mode 'not supported': ignored",
            configuration: station,
            script: [],
            event: "fe 09 00 80 c2 0d 07 00 68 14 14",
            expected: Expected(
                changed: false,
                localTLV: V.stationBeforeBridge,
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: false
            )
        ),
        Row(
            name: "station without RR request or group IDs: RRSTAT 0 when the bridge gives no RRCTR",
            configuration: EVBConfiguration(role: .station),
            script: [],
            event: "fe 09 00 80 c2 0d 06 00 68 54 14",
            expected: Expected(
                changed: false,
                localTLV: "fe 09 00 80 c2 0d 06 00 68 b4 34",
                parameters: defaults,
                reflectiveRelayActive: false,
                isNegotiated: true
            )
        ),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        var negotiator = EVBNegotiator(configuration: row.configuration)
        for tlv in row.script {
            _ = negotiator.receive(tlv.map(S.evb))
        }
        let changed = negotiator.receive(row.event.map(S.evb))
        let observed = Expected(
            changed: changed,
            localTLV: row.expected.localTLV,
            parameters: negotiator.parameters,
            reflectiveRelayActive: negotiator.reflectiveRelayActive,
            isNegotiated: negotiator.isNegotiated
        )
        #expect(observed == row.expected)
        #expect(negotiator.localTLV.encoded() == S.hex(row.expected.localTLV))
        if let event = row.event, negotiator.isNegotiated, S.evb(event).mode == row.configuration.role.peer.mode {
            #expect(negotiator.peer == S.evb(event))
        }
    }

    // MARK: - Other properties

    @Test func beforeAnyPeerParametersAreLocal() {
        let configuration = EVBConfiguration(
            role: .station,
            maximumRetries: 2,
            retransmissionExponent: 14,
            resourceWaitDelayExponent: 21,
            reinitKeepAliveExponent: 22,
            supportsGroupIDs: true
        )
        let negotiator = EVBNegotiator(configuration: configuration)
        #expect(negotiator.parameters == configuration.localParameters)
        #expect(negotiator.peer == nil)
        #expect(!negotiator.isNegotiated)
    }

    @Test func configurationClampsOutOfRangeValues() {
        let configuration = EVBConfiguration(
            role: .bridge,
            maximumRetries: 9,
            retransmissionExponent: 40,
            resourceWaitDelayExponent: 32,
            reinitKeepAliveExponent: 255
        )
        #expect(configuration.maximumRetries == 7)
        #expect(configuration.retransmissionExponent == 31)
        #expect(configuration.resourceWaitDelayExponent == 31)
        #expect(configuration.reinitKeepAliveExponent == 31)

        // Values set after the initializer are clamped by the negotiator.
        var raw = EVBConfiguration(role: .station)
        raw.maximumRetries = 200
        raw.reinitKeepAliveExponent = 99
        let tlv = EVBNegotiator(configuration: raw).localTLV
        #expect(tlv.maximumRetries == 7)
        #expect(tlv.reinitKeepAliveExponent == 31)
    }

    @Test func ceilingsClampOutOfRangeValues() {
        let ceilings = EVBCeilings(
            maximumRetries: 8,
            retransmissionExponent: 32,
            resourceWaitDelayExponent: 200,
            reinitKeepAliveExponent: 255
        )
        #expect(ceilings == .fieldLimits)
        #expect(EVBConfiguration(role: .station).ceilings == EVBCeilings())
    }

    /// The figures the doc comment of ``EVBCeilings`` states: the longest timers a peer can cause by default.
    @Test func timersAtTheDefaultCeilings() {
        let ceilings = EVBCeilings()
        let timers = VDPTimers(
            EVBParameters(
                maximumRetries: ceilings.maximumRetries,
                retransmissionExponent: ceilings.retransmissionExponent,
                resourceWaitDelayExponent: ceilings.resourceWaitDelayExponent,
                reinitKeepAliveExponent: ceilings.reinitKeepAliveExponent
            )
        )
        #expect(timers.ackTimer == .nanoseconds(1_310_720_000))
        #expect(timers.resourceWaitDelay == .nanoseconds(41_943_040_000))
        #expect(timers.reinitKeepAlive == .nanoseconds(83_886_080_000))
        #expect(timers.respWaitDelay == .nanoseconds(92_405_760_000))
        #expect(timers.toutKeepAlive == .nanoseconds(155_320_320_000))
    }

    struct LldpadValuesRow: Sendable, CustomTestStringConvertible {
        var name: String
        var role: EVBRole
        var retransmissionExponent: UInt8
        var received: [String]
        var negotiatedRTE: UInt8
        var testDescription: String { name }
    }

    /// lldpad's defaults and the RTE 14 of its sample configuration and captures, from either side.
    static let lldpadValuesRows: [LldpadValuesRow] = [
        LldpadValuesRow(
            name: "station, lldpad defaults",
            role: .station,
            retransmissionExponent: 8,
            received: [V.bridgeBeforeStation, V.bridgeSteady],
            negotiatedRTE: 8
        ),
        LldpadValuesRow(
            name: "bridge, lldpad defaults",
            role: .bridge,
            retransmissionExponent: 8,
            received: [V.stationBeforeBridge, V.stationSteady],
            negotiatedRTE: 8
        ),
        LldpadValuesRow(
            name: "station hears a bridge at RTE 14, RWD 20, RKA 20",
            role: .station,
            retransmissionExponent: 8,
            received: [bridgeTLV(r: 3, rte: 14, rwd: 20, rka: 20)],
            negotiatedRTE: 14
        ),
        LldpadValuesRow(
            name: "bridge at RTE 14 hears a station at lldpad defaults",
            role: .bridge,
            retransmissionExponent: 14,
            received: [V.stationBeforeBridge, V.stationSteady],
            negotiatedRTE: 14
        ),
    ]

    /// With lldpad's values, the default ceilings give exactly what no ceiling (lldpad's own rule) gives.
    @Test(arguments: lldpadValuesRows)
    func lldpadValuesAreBelowTheDefaultCeilings(_ row: LldpadValuesRow) {
        var configuration = S.vectorConfiguration(row.role)
        configuration.retransmissionExponent = row.retransmissionExponent
        var capped = EVBNegotiator(configuration: configuration)
        configuration.ceilings = .fieldLimits
        var uncapped = EVBNegotiator(configuration: configuration)
        for tlv in row.received {
            #expect(capped.receive(S.evb(tlv)) == uncapped.receive(S.evb(tlv)))
            #expect(capped.localTLV == uncapped.localTLV)
            #expect(capped.parameters == uncapped.parameters)
        }
        #expect(capped.isNegotiated)
        #expect(capped.parameters.retransmissionExponent == row.negotiatedRTE)
        #expect(capped.parameters.resourceWaitDelayExponent == 20)
        #expect(capped.parameters.reinitKeepAliveExponent == 20)
    }

    @Test func rolesAdvertiseTheirMode() {
        #expect(EVBNegotiator(configuration: EVBConfiguration(role: .station)).localTLV.mode == .station)
        #expect(EVBNegotiator(configuration: EVBConfiguration(role: .bridge)).localTLV.mode == .bridge)
        #expect(EVBRole.station.peer == .bridge)
        #expect(EVBRole.bridge.peer == .station)
    }

    @Test func twoNegotiatorsConverge() {
        var station = EVBNegotiator(
            configuration: EVBConfiguration(role: .station, maximumRetries: 5, reflectiveRelay: true)
        )
        var bridge = EVBNegotiator(
            configuration: EVBConfiguration(role: .bridge, retransmissionExponent: 14, reflectiveRelay: true)
        )
        for _ in 0..<3 {
            _ = bridge.receive(station.localTLV)
            _ = station.receive(bridge.localTLV)
        }
        let expected = EVBParameters(maximumRetries: 5, retransmissionExponent: 14)
        #expect(station.parameters == expected)
        #expect(bridge.parameters == expected)
        #expect(station.reflectiveRelayActive && bridge.reflectiveRelayActive)
        #expect(station.localTLV.stationStatus.reflectiveRelayStatus == .active)
    }

    // MARK: - Replay of lldp-evb-negotiation.pcap

    static let stationAddress = MACAddress(0x02, 0x00, 0x00, 0x00, 0xAA, 0x01)

    /// The capture's EVB TLVs in order, with whether the station sent each.
    static func captureTLVs() throws -> [(fromStation: Bool, tlv: EVBTLV)] {
        try S.frames("lldp-evb-negotiation").compactMap { frame in
            guard case .lldp(let lldpdu) = frame.payload, let tlv = lldpdu.evb else {
                return nil
            }
            return (frame.header.source == stationAddress, tlv)
        }
    }

    /// Feeds one side's TLVs to a negotiator configured like the other side and checks that, after each, its
    /// local TLV equals that side's next TLV in the capture.
    static func replay(as role: EVBRole) throws -> Int {
        let configuration = EVBConfiguration(
            role: role,
            maximumRetries: 3,
            retransmissionExponent: 14,
            resourceWaitDelayExponent: 20,
            reinitKeepAliveExponent: 20,
            supportsGroupIDs: true,
            reflectiveRelay: true
        )
        let isOurs: (Bool) -> Bool = { fromStation in fromStation == (role == .station) }
        let tlvs = try captureTLVs()
        guard let firstOwn = tlvs.firstIndex(where: { isOurs($0.fromStation) }) else {
            Issue.record("no TLV from the \(role) in the capture")
            return 0
        }
        var negotiator = EVBNegotiator(configuration: configuration)
        #expect(negotiator.localTLV == tlvs[firstOwn].tlv)
        var compared = 1
        var index = firstOwn + 1
        while index < tlvs.count {
            if !isOurs(tlvs[index].fromStation) {
                _ = negotiator.receive(tlvs[index].tlv)
                if let next = tlvs[(index + 1)...].first(where: { isOurs($0.fromStation) }) {
                    #expect(negotiator.localTLV == next.tlv, "after the peer's TLV at position \(index)")
                    compared += 1
                }
            }
            index += 1
        }
        return compared
    }

    @Test func replayBridgeSide() throws {
        #expect(try Self.replay(as: .bridge) == 7)
    }

    @Test func replayStationSide() throws {
        #expect(try Self.replay(as: .station) == 7)
    }

    @Test func replayParameters() throws {
        let tlvs = try Self.captureTLVs()
        var bridge = EVBNegotiator(
            configuration: EVBConfiguration(
                role: .bridge,
                retransmissionExponent: 14,
                supportsGroupIDs: true,
                reflectiveRelay: true
            )
        )
        for (fromStation, tlv) in tlvs where fromStation {
            _ = bridge.receive(tlv)
        }
        #expect(bridge.parameters == EVBParameters(retransmissionExponent: 14, groupIDsSupported: true))
        #expect(bridge.reflectiveRelayActive)
    }
}
