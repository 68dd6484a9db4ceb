import Foundation
import Testing
import VDPWire

@testable import VDPProtocol

/// The `Codable` forms of VSI states, records, events and the EVB values: stable JSON shapes, round trips, and
/// refusal of anything the ports would not produce.
@Suite struct ProtocolCodableTests {
    static let uuid = VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001") ?? VSIUUID(octets: .zero)
    static let vsiID = VSIID.uuid(uuid)
    static let vsiIDJSON = #"{"format":5,"value":"a1b2c3d4-0001-4000-8000-00163e000001"}"#
    static let mac = MACAddress(0x52, 0x54, 0x00, 0x00, 0x00, 0x01)
    static let filterInfo = FilterInfo.macVID(mac, FilterVID(rawValue: 100))
    static let filterInfoJSON =
        #"{"entries":[{"mac":"52:54:00:00:00:01","pcp":0,"prioritySignificant":false,"vid":100}],"format":2}"#

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// Encodes `value`, checks the JSON text, and decodes it back to `value`.
    static func expectShape<T: Codable & Equatable>(
        _ value: T,
        _ expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = try json(value)
        #expect(text == expected, sourceLocation: sourceLocation)
        #expect(try decode(T.self, text) == value, sourceLocation: sourceLocation)
    }

    /// Decoding `json` as `T` fails with a `DecodingError` (`dataCorrupted` when `corrupted`).
    static func expectRefused<T: Decodable>(
        _ type: T.Type,
        _ json: String,
        corrupted: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try decode(type, json)
            Issue.record("decoded \(value) from \(json)", sourceLocation: sourceLocation)
        } catch DecodingError.dataCorrupted {
            return
        } catch let error as DecodingError {
            if corrupted {
                Issue.record("\(json): expected dataCorrupted, got \(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(json): expected a DecodingError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func evbParametersAndTimersEncodeTheFiveValues() throws {
        let parameters = EVBParameters(maximumRetries: 7, retransmissionExponent: 31, groupIDsSupported: true)
        let expected =
            #"{"groupIDsSupported":true,"maximumRetries":7,"reinitKeepAliveExponent":20,"#
            + #""resourceWaitDelayExponent":20,"retransmissionExponent":31}"#
        try Self.expectShape(parameters, expected)
        try Self.expectShape(parameters.timers, #"{"parameters":\#(expected)}"#)
        try Self.expectShape(EVBParameters.lldpadDefaults, try Self.json(EVBParameters()))
    }

    @Test func evbParametersOutOfRangeAreRefusedNotClamped() {
        let valid = #""groupIDsSupported":false,"reinitKeepAliveExponent":20,"resourceWaitDelayExponent":20"#
        Self.expectRefused(EVBParameters.self, #"{\#(valid),"maximumRetries":8,"retransmissionExponent":8}"#)
        Self.expectRefused(EVBParameters.self, #"{\#(valid),"maximumRetries":3,"retransmissionExponent":32}"#)
        Self.expectRefused(EVBParameters.self, #"{\#(valid),"maximumRetries":3,"retransmissionExponent":256}"#)
        Self.expectRefused(
            EVBParameters.self,
            #"{"groupIDsSupported":false,"maximumRetries":3,"reinitKeepAliveExponent":40,"#
                + #""resourceWaitDelayExponent":20,"retransmissionExponent":8}"#
        )
        Self.expectRefused(
            VDPTimers.self,
            #"{"parameters":{\#(valid),"maximumRetries":9,"retransmissionExponent":8}}"#
        )
        Self.expectRefused(EVBParameters.self, #"{\#(valid),"maximumRetries":3}"#, corrupted: false)
    }

    @Test func lldpAgentEventsNameTheirCase() throws {
        let parameters = EVBParameters()
        let parametersJSON = try Self.json(parameters)
        try Self.expectShape(
            [LLDPAgentEvent.peerNegotiated(parameters), .peerChanged(parameters), .peerLost],
            #"[{"peerNegotiated":{"parameters":\#(parametersJSON)}},{"peerChanged":{"parameters":\#(parametersJSON)}},"#
                + #"{"peerLost":{}}]"#
        )
        Self.expectRefused(LLDPAgentEvent.self, #"{"peerVanished":{}}"#, corrupted: false)
    }

    @Test func descriptorsHintsAndStationStatesEncodeTheirMembers() throws {
        let descriptor = VSIDescriptor(
            managerID: VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: 123_456),
            typeVersion: 1,
            vsiID: Self.vsiID,
            filterInfo: Self.filterInfo
        )
        try Self.expectShape(
            descriptor,
            #"{"filterInfo":\#(Self.filterInfoJSON),"managerID":"01000000000000000000000000000000","#
                + #""typeID":123456,"typeVersion":1,"vsiID":\#(Self.vsiIDJSON)}"#
        )
        try Self.expectShape(VSIHints(migrating: true), #"{"migrating":true,"suspended":false}"#)
        try Self.expectShape(
            StationVSIState(type: .associate, hints: VSIHints(suspended: true), filterInfo: Self.filterInfo),
            #"{"filterInfo":\#(Self.filterInfoJSON),"hints":{"migrating":false,"suspended":true},"type":3}"#
        )
        Self.expectRefused(
            StationVSIState.self,
            #"{"filterInfo":\#(Self.filterInfoJSON),"hints":{"migrating":false,"suspended":true},"type":9}"#
        )
        Self.expectRefused(
            VSIDescriptor.self,
            #"{"filterInfo":\#(Self.filterInfoJSON),"managerID":"mgr 1","#
                + #""typeID":123456,"typeVersion":1,"vsiID":\#(Self.vsiIDJSON)}"#
        )
        Self.expectRefused(
            VSIDescriptor.self,
            #"{"filterInfo":\#(Self.filterInfoJSON),"managerID":"mgr1","#
                + #""typeID":16777216,"typeVersion":1,"vsiID":\#(Self.vsiIDJSON)}"#
        )
    }

    @Test func stationFailuresAndEventsNameTheirCase() throws {
        let failures: [StationRequestFailure] = [
            .timeout, .retriesExhausted, .rejected(.insufficientResources, hardError: false, keep: true),
            .responseMismatch, .bridgeDeAssociated, .superseded, .portDown,
        ]
        try Self.expectShape(
            failures,
            #"[{"timeout":{}},{"retriesExhausted":{}},{"rejected":{"code":2,"hardError":false,"keep":true}},"#
                + #"{"responseMismatch":{}},{"bridgeDeAssociated":{}},{"superseded":{}},{"portDown":{}}]"#
        )
        let errors: [StationCommandError] = [
            .busy, .unknownVSI, .filterMismatch, .invalidTransition(from: .associate, to: .preAssociate),
            .groupIDsNotNegotiated, .descriptorMismatch,
        ]
        try Self.expectShape(
            errors,
            #"[{"busy":{}},{"unknownVSI":{}},{"filterMismatch":{}},{"invalidTransition":{"from":3,"to":1}},"#
                + #"{"groupIDsNotNegotiated":{}},{"descriptorMismatch":{}}]"#
        )
        let events: [StationEvent] = [
            .bridgeDeAssociated(Self.vsiID), .filterChanged(Self.vsiID, Self.filterInfo),
            .keepAliveFailed(Self.vsiID, .timeout),
        ]
        try Self.expectShape(
            events,
            #"[{"bridgeDeAssociated":{"vsiID":\#(Self.vsiIDJSON)}},"#
                + #"{"filterChanged":{"filterInfo":\#(Self.filterInfoJSON),"vsiID":\#(Self.vsiIDJSON)}},"#
                + #"{"keepAliveFailed":{"failure":{"timeout":{}},"vsiID":\#(Self.vsiIDJSON)}}]"#
        )
        Self.expectRefused(
            StationRequestFailure.self,
            #"{"rejected":{"code":16,"hardError":false,"keep":true}}"#
        )
        Self.expectRefused(StationRequestFailure.self, #"{"timedOut":{}}"#, corrupted: false)
        Self.expectRefused(StationRequestFailure.self, #"{"timeout":{},"portDown":{}}"#, corrupted: false)
        Self.expectRefused(StationEvent.self, #"{"bridgeDeAssociated":{"vsiID":{"format":3,"value":"x"}}}"#)
        Self.expectRefused(
            StationEvent.self,
            #"{"filterChanged":{"filterInfo":{"entries":[],"format":1},"vsiID":\#(Self.vsiIDJSON)}}"#
        )
    }

    @Test func countersEncodeEveryCounterByName() throws {
        var station = StationPortCounters()
        station.requestPDUsSent = 1
        station.tlvsSent = 2
        station.tlvsIgnored = 3
        station.malformedULPDUs = 4
        station.malformedTLVs = .max
        try Self.expectShape(
            station,
            #"{"malformedTLVs":18446744073709551615,"malformedULPDUs":4,"requestPDUsSent":1,"tlvsIgnored":3,"#
                + #""tlvsSent":2}"#
        )
        try Self.expectShape(
            ECPTransmitterCounters(
                transmitted: 5,
                retransmitted: 4,
                acknowledged: 3,
                failed: 2,
                unexpectedAcknowledgements: 1,
                lateAcknowledgements: 6,
                needlessRetransmissions: 7
            ),
            #"{"acknowledged":3,"failed":2,"lateAcknowledgements":6,"needlessRetransmissions":7,"retransmitted":4,"#
                + #""transmitted":5,"unexpectedAcknowledgements":1}"#
        )
        // Counters encoded before the two timing counters existed still decode, with those at zero.
        let older = try JSONDecoder().decode(
            ECPTransmitterCounters.self,
            from: Data(
                #"{"acknowledged":3,"failed":2,"retransmitted":4,"transmitted":5,"unexpectedAcknowledgements":1}"#.utf8
            )
        )
        #expect(
            older
                == ECPTransmitterCounters(
                    transmitted: 5,
                    retransmitted: 4,
                    acknowledged: 3,
                    failed: 2,
                    unexpectedAcknowledgements: 1
                )
        )
        Self.expectRefused(
            StationPortCounters.self,
            #"{"malformedTLVs":-1,"malformedULPDUs":4,"requestPDUsSent":1,"#
                + #""tlvsIgnored":3,"tlvsSent":2}"#
        )
    }

    static let key = BridgeVSIKey(station: MACAddress(0x02, 0, 0, 0, 0xAA, 0x01), vsiID: vsiID)
    static let keyJSON = #"{"station":"02:00:00:00:aa:01","vsiID":\#(vsiIDJSON)}"#

    @Test func bridgeKeysStatesAndRecordsEncodeTheirMembers() throws {
        try Self.expectShape(Self.key, Self.keyJSON)
        let state = BridgeVSIState(
            type: .preAssociateWithResourceReservation,
            hints: .none,
            filterInfo: Self.filterInfo
        )
        let stateJSON =
            #"{"filterInfo":\#(Self.filterInfoJSON),"hints":{"migrating":false,"suspended":false},"type":2}"#
        try Self.expectShape(state, stateJSON)
        var counters = BridgeVSICounters()
        counters.succeeded = 2
        counters.reverted = 1
        counters.keepAlives = 40
        let descriptor = VSIDescriptor(
            managerID: VSIManagerID(singleOctet: 7),
            typeID: VSITypeID(truncating: 1),
            typeVersion: 0,
            vsiID: Self.vsiID,
            filterInfo: Self.filterInfo
        )
        let descriptorJSON = try Self.json(descriptor)
        let countersJSON = #"{"failed":0,"keepAlives":40,"reverted":1,"succeeded":2}"#
        try Self.expectShape(
            BridgeVSIRecord(
                key: Self.key,
                descriptor: descriptor,
                state: state,
                decisionPending: false,
                counters: counters
            ),
            #"{"counters":\#(countersJSON),"decisionPending":false,"descriptor":\#(descriptorJSON),"#
                + #""key":\#(Self.keyJSON),"state":\#(stateJSON)}"#
        )
        try Self.expectShape(
            BridgeVSIRecord(
                key: Self.key,
                descriptor: descriptor,
                state: nil,
                decisionPending: true,
                counters: counters
            ),
            #"{"counters":\#(countersJSON),"decisionPending":true,"descriptor":\#(descriptorJSON),"#
                + #""key":\#(Self.keyJSON)}"#
        )
        Self.expectRefused(BridgeVSIKey.self, #"{"station":"02:00:00:00:aa","vsiID":\#(Self.vsiIDJSON)}"#)
        Self.expectRefused(BridgeVSICounters.self, #"{"failed":0,"keepAlives":-40,"reverted":1,"succeeded":2}"#)
    }

    @Test func bridgeEventsAndReasonsNameTheirCase() throws {
        let state = BridgeVSIState(type: .associate, hints: .none, filterInfo: Self.filterInfo)
        let malformed = MalformedVSITLV(
            type: .associate,
            vsiID: nil,
            error: VDPDecodingError(.lengthMismatch, field: .vsiTLV, offset: 20),
            offset: 18
        )
        let events: [BridgeEvent] = [
            .vsiChanged(Self.key, state), .vsiRemoved(Self.key, .rejected(.conflictingPolicy)),
            .requestRefused(Self.key, .insufficientResources),
            .malformedRequest(station: Self.key.station, [malformed], total: 3),
        ]
        try Self.expectShape(
            events,
            #"[{"vsiChanged":{"key":\#(Self.keyJSON),"state":\#(try Self.json(state))}},"#
                + #"{"vsiRemoved":{"key":\#(Self.keyJSON),"reason":{"rejected":{"reason":{"conflictingPolicy":{}}}}}},"#
                + #"{"requestRefused":{"key":\#(Self.keyJSON),"reason":{"insufficientResources":{}}}},"#
                + #"{"malformedRequest":{"station":"02:00:00:00:aa:01","tlvs":[\#(try Self.json(malformed))],"total":3}}]"#
        )
        let removals: [BridgeRemovalReason] = [
            .stationDeAssociated, .agedOut, .decisionTimedOut, .bridgeDeAssociated, .portDown,
        ]
        try Self.expectShape(
            removals,
            #"[{"stationDeAssociated":{}},{"agedOut":{}},{"decisionTimedOut":{}},{"bridgeDeAssociated":{}},"#
                + #"{"portDown":{}}]"#
        )
        let rejections: [BridgeRejectionReason] = [
            .authorizationFailed, .policyUnreachable, .conflictingPolicy, .invalidAddressOrVLAN,
            .insufficientResources, .invalidFormat,
        ]
        try Self.expectShape(
            rejections,
            #"[{"authorizationFailed":{}},{"policyUnreachable":{}},{"conflictingPolicy":{}},"#
                + #"{"invalidAddressOrVLAN":{}},{"insufficientResources":{}},{"invalidFormat":{}}]"#
        )
        Self.expectRefused(BridgeRejectionReason.self, #"{"forbidden":{}}"#, corrupted: false)
        Self.expectRefused(
            BridgeEvent.self,
            #"{"vsiChanged":{"key":\#(Self.keyJSON),"state":{"filterInfo":{"entries":[],"format":2},"#
                + #""hints":{"migrating":false,"suspended":false},"type":3}}}"#
        )
        Self.expectRefused(
            BridgeEvent.self,
            #"{"malformedRequest":{"station":"02:00:00:00:aa:01","tlvs":[{"error":{"code":"truncated","#
                + #""field":"vsi.vsiid","offset":-1},"offset":1,"type":3}],"total":1}}"#
        )
    }

    @Test func bridgePortAndReceiverCountersEncodeEveryCounterByName() throws {
        var port = BridgePortCounters()
        port.requestsReceived = 10
        port.timerExpiryLimitHits = 1
        let text = try Self.json(port)
        #expect(try Self.decode(BridgePortCounters.self, text) == port)
        #expect(text.hasPrefix(#"{"decisionLimitRefusals":0,"foreignRequestsRefused":0,"#))
        #expect(text.contains(#""requestsReceived":10,"#))
        #expect(text.hasSuffix(#""timerExpiryLimitHits":1,"tlvsIgnored":0,"vsiLimitRefusals":0}"#))
        try Self.expectShape(
            ECPReceiverCounters(received: 5, duplicates: 4, delivered: 3, ignored: 2, historyEvictions: 1),
            #"{"delivered":3,"duplicates":4,"historyEvictions":1,"ignored":2,"received":5}"#
        )
    }
}
