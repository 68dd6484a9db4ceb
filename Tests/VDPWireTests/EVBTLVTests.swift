import Testing

@testable import VDPWire

@Suite struct EVBTLVTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let hex: String
        let bridgeStatus: UInt8
        let stationStatus: UInt8
        let r: UInt8
        let rte: UInt8
        let mode: EVBMode
        let rwdRemote: Bool
        let rwd: UInt8
        let rkaRemote: Bool
        let rka: UInt8

        var testDescription: String { name }
    }

    /// The four EVB TLVs of WIRE.md §5.1, as lldpad sent them.
    static let wireVectors: [Vector] = [
        Vector(
            name: "station, before hearing the bridge",
            hex: "fe 09 00 80 c2 0d 00 0f 68 94 14",
            bridgeStatus: 0x00,
            stationStatus: 0x0F,
            r: 3,
            rte: 8,
            mode: .station,
            rwdRemote: false,
            rwd: 20,
            rkaRemote: false,
            rka: 20
        ),
        Vector(
            name: "bridge, before hearing the station",
            hex: "fe 09 00 80 c2 0d 06 00 68 54 14",
            bridgeStatus: 0x06,
            stationStatus: 0x00,
            r: 3,
            rte: 8,
            mode: .bridge,
            rwdRemote: false,
            rwd: 20,
            rkaRemote: false,
            rka: 20
        ),
        Vector(
            name: "station, steady state",
            hex: "fe 09 00 80 c2 0d 07 0d 68 b4 34",
            bridgeStatus: 0x07,
            stationStatus: 0x0D,
            r: 3,
            rte: 8,
            mode: .station,
            rwdRemote: true,
            rwd: 20,
            rkaRemote: true,
            rka: 20
        ),
        Vector(
            name: "bridge, steady state",
            hex: "fe 09 00 80 c2 0d 07 0d 68 74 34",
            bridgeStatus: 0x07,
            stationStatus: 0x0D,
            r: 3,
            rte: 8,
            mode: .bridge,
            rwdRemote: true,
            rwd: 20,
            rkaRemote: true,
            rka: 20
        ),
    ]

    @Test(arguments: wireVectors)
    func wireVectorDecodesAndReencodes(vector: Vector) throws {
        let bytes = lldpHex(vector.hex)
        let tlv = try EVBTLV(decoding: bytes)
        #expect(tlv.bridgeStatus.rawValue == vector.bridgeStatus)
        #expect(tlv.stationStatus.rawValue == vector.stationStatus)
        #expect(tlv.maximumRetries == vector.r)
        #expect(tlv.retransmissionExponent == vector.rte)
        #expect(tlv.mode == vector.mode)
        #expect(tlv.resourceWaitDelayIsRemote == vector.rwdRemote)
        #expect(tlv.resourceWaitDelayExponent == vector.rwd)
        #expect(tlv.reinitKeepAliveIsRemote == vector.rkaRemote)
        #expect(tlv.reinitKeepAliveExponent == vector.rka)
        #expect(tlv.reservedBits == 0)
        #expect(tlv.encoded() == bytes)
        #expect(tlv.encodedLength == 11)
        #expect(LLDPTLV.evb(tlv).encoded() == bytes)

        let rebuilt = try EVBTLV(
            bridgeStatus: EVBBridgeStatus(rawValue: vector.bridgeStatus),
            stationStatus: EVBStationStatus(rawValue: vector.stationStatus),
            maximumRetries: vector.r,
            retransmissionExponent: vector.rte,
            mode: vector.mode,
            resourceWaitDelayIsRemote: vector.rwdRemote,
            resourceWaitDelayExponent: vector.rwd,
            reinitKeepAliveIsRemote: vector.rkaRemote,
            reinitKeepAliveExponent: vector.rka
        )
        #expect(rebuilt == tlv)
    }

    @Test func statusFlagsOfTheWireVectors() throws {
        let stationFirst = try EVBTLV(decoding: lldpHex(Self.wireVectors[0].hex))
        #expect(stationFirst.stationStatus.supportsGroupID)
        #expect(stationFirst.stationStatus.requestsReflectiveRelay)
        #expect(stationFirst.stationStatus.reflectiveRelayStatus == .unknown)
        #expect(!stationFirst.bridgeStatus.supportsGroupID)

        let bridgeFirst = try EVBTLV(decoding: lldpHex(Self.wireVectors[1].hex))
        #expect(bridgeFirst.bridgeStatus.supportsGroupID)
        #expect(bridgeFirst.bridgeStatus.reflectiveRelayCapable)
        #expect(!bridgeFirst.bridgeStatus.reflectiveRelayControl)
        #expect(bridgeFirst.stationStatus.reflectiveRelayStatus == .notActive)

        let stationSteady = try EVBTLV(decoding: lldpHex(Self.wireVectors[2].hex))
        #expect(stationSteady.bridgeStatus.reflectiveRelayControl)
        #expect(stationSteady.stationStatus.reflectiveRelayStatus == .active)
        #expect(stationSteady.stationStatus.requestsReflectiveRelay)
    }

    /// Exact text after "EVB22 " in lldp-evb-negotiation.decode.txt, with each frame's field octets.
    @Test(arguments: [
        (
            "06 00 6e 54 14",
            "bridge-status=0x06[BGID,RRCAP] station-status=0x00[,RRSTAT=0] R(retries)=3 RTE=14 EVBmode=bridge RWD-ROL=0 RWD=20 RKA-ROL=0 RKA=20"
        ),
        (
            "00 0f 6e 94 14",
            "bridge-status=0x00[] station-status=0x0f[SGID,RRREQ,RRSTAT=3] R(retries)=3 RTE=14 EVBmode=station RWD-ROL=0 RWD=20 RKA-ROL=0 RKA=20"
        ),
        (
            "07 0f 6e 74 34",
            "bridge-status=0x07[BGID,RRCAP,RRCTR] station-status=0x0f[SGID,RRREQ,RRSTAT=3] R(retries)=3 RTE=14 EVBmode=bridge RWD-ROL=1 RWD=20 RKA-ROL=1 RKA=20"
        ),
        (
            "07 0d 6e b4 34",
            "bridge-status=0x07[BGID,RRCAP,RRCTR] station-status=0x0d[SGID,RRREQ,RRSTAT=1] R(retries)=3 RTE=14 EVBmode=station RWD-ROL=1 RWD=20 RKA-ROL=1 RKA=20"
        ),
        (
            "07 0d 6e 74 34",
            "bridge-status=0x07[BGID,RRCAP,RRCTR] station-status=0x0d[SGID,RRREQ,RRSTAT=1] R(retries)=3 RTE=14 EVBmode=bridge RWD-ROL=1 RWD=20 RKA-ROL=1 RKA=20"
        ),
    ])
    func descriptionMatchesTheReferenceDecode(fields: String, expected: String) throws {
        let tlv = try EVBTLV(decoding: lldpHex("fe 09 00 80 c2 0d " + fields))
        #expect(tlv.description == expected)
    }

    @Test func descriptionOfUnusualValues() throws {
        let tlv = try EVBTLV(decoding: lldpHex("fe 09 00 80 c2 0d f8 f2 ff 3f ff"))
        #expect(
            tlv.description
                == "bridge-status=0xf8[] station-status=0xf2[,RRSTAT=2] R(retries)=7 RTE=31 EVBmode=not-supported"
                + " RWD-ROL=1 RWD=31 RKA-ROL=1 RKA=31 reserved=3"
        )
        #expect(EVBMode.reserved.description == "reserved")
        #expect(EVBMode.notSupported.description == "not-supported")
    }

    @Test func reservedBitsAreKept() throws {
        let bytes = lldpHex("fe 09 00 80 c2 0d ff ff ff ff ff")
        let tlv = try EVBTLV(decoding: bytes)
        #expect(tlv.bridgeStatus.reservedBits == 0xF8)
        #expect(tlv.stationStatus.reservedBits == 0xF0)
        #expect(tlv.reservedBits == 3)
        #expect(tlv.mode == .reserved)
        #expect(tlv.maximumRetries == 7)
        #expect(tlv.encoded() == bytes)
    }

    @Test func rangeValidation() throws {
        func make(
            r: UInt8 = 3,
            rte: UInt8 = 14,
            rwd: UInt8 = 20,
            rka: UInt8 = 20,
            reserved: UInt8 = 0
        ) throws(VDPEncodingError) -> EVBTLV {
            try EVBTLV(
                maximumRetries: r,
                retransmissionExponent: rte,
                mode: .station,
                resourceWaitDelayExponent: rwd,
                reinitKeepAliveExponent: rka,
                reservedBits: reserved
            )
        }
        let outOfRange = VDPEncodingError(.valueOutOfRange, field: .evbTLV)
        #expect(throws: outOfRange) { try make(r: 8) }
        #expect(throws: outOfRange) { try make(r: 255) }
        #expect(throws: outOfRange) { try make(rte: 32) }
        #expect(throws: outOfRange) { try make(rwd: 32) }
        #expect(throws: outOfRange) { try make(rka: 32) }
        #expect(throws: outOfRange) { try make(reserved: 4) }

        let largest = try make(r: 7, rte: 31, rwd: 31, rka: 31, reserved: 3)
        #expect(try EVBTLV(decoding: largest.encoded()) == largest)
        let smallest = try make(r: 0, rte: 0, rwd: 0, rka: 0)
        #expect(smallest.encoded() == lldpHex("fe 09 00 80 c2 0d 00 00 00 80 00"))

        #expect(EVBMode(rawValue: 4) == nil)
        #expect(EVBMode(rawValue: 2) == .station)
        #expect(EVBReflectiveRelayStatus(rawValue: 4) == nil)
        #expect(EVBReflectiveRelayStatus(rawValue: 3) == .unknown)
    }

    @Test func statusSettersKeepTheOtherBits() {
        var bridge = EVBBridgeStatus(rawValue: 0xF8)
        bridge.supportsGroupID = true
        bridge.reflectiveRelayCapable = true
        bridge.reflectiveRelayControl = true
        #expect(bridge.rawValue == 0xFF)
        bridge.reflectiveRelayCapable = false
        #expect(bridge.rawValue == 0xFD)
        #expect(EVBBridgeStatus(supportsGroupID: true, reflectiveRelayControl: true).rawValue == 0x05)

        var station = EVBStationStatus(rawValue: 0xF0)
        station.reflectiveRelayStatus = .unknown
        #expect(station.rawValue == 0xF3)
        station.reflectiveRelayStatus = .active
        #expect(station.rawValue == 0xF1)
        station.supportsGroupID = true
        station.requestsReflectiveRelay = true
        #expect(station.rawValue == 0xFD)
        station.supportsGroupID = false
        #expect(station.rawValue == 0xF5)
        #expect(
            EVBStationStatus(supportsGroupID: true, requestsReflectiveRelay: true, reflectiveRelayStatus: .unknown)
                .rawValue == 0x0F
        )
        #expect(EVBStationStatus().description == "0x00[,RRSTAT=0]")
    }

    @Test(arguments: lldpRandomSeeds)
    func randomEVBTLVsRoundTrip(seed: UInt64) throws {
        var random = LLDPSplitMix64(seed: seed)
        for iteration in 0..<500 {
            let tlv = try EVBTLV(
                bridgeStatus: EVBBridgeStatus(rawValue: UInt8.random(in: 0...255, using: &random)),
                stationStatus: EVBStationStatus(rawValue: UInt8.random(in: 0...255, using: &random)),
                maximumRetries: UInt8.random(in: 0...7, using: &random),
                retransmissionExponent: UInt8.random(in: 0...31, using: &random),
                mode: EVBMode(truncatingIfNeeded: UInt8.random(in: 0...3, using: &random)),
                resourceWaitDelayIsRemote: Bool.random(using: &random),
                resourceWaitDelayExponent: UInt8.random(in: 0...31, using: &random),
                reinitKeepAliveIsRemote: Bool.random(using: &random),
                reinitKeepAliveExponent: UInt8.random(in: 0...31, using: &random),
                reservedBits: UInt8.random(in: 0...3, using: &random)
            )
            let bytes = tlv.encoded()
            #expect(bytes.count == 11, "seed \(seed) iteration \(iteration)")
            #expect(try EVBTLV(decoding: bytes) == tlv, "seed \(seed) iteration \(iteration): \(tlv)")

            // Any five field octets are a valid TLV and re-encode unchanged.
            let fields = (0..<5).map { _ in UInt8.random(in: 0...255, using: &random) }
            let raw = lldpHex("fe 09 00 80 c2 0d") + fields
            #expect(try EVBTLV(decoding: raw).encoded() == raw, "seed \(seed) iteration \(iteration): \(raw)")
        }
    }
}
