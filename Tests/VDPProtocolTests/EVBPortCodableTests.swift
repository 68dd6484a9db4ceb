import Foundation
import Testing
import VDPWire

@testable import VDPProtocol

/// The `Codable` forms of the EVB ports' events, errors and counters.
@Suite struct EVBPortCodableTests {
    typealias C = ProtocolCodableTests

    @Test func stationEVBEventsNameTheirCase() throws {
        let state = StationVSIState(type: .associate, hints: .none, filterInfo: C.filterInfo)
        let parametersJSON = try C.json(EVBParameters())
        let failure = TransmissionFailure(reason: "sendto(\"eth1\"): network is down (ENETDOWN)", linkDown: true)
        let failureJSON = #"{"linkDown":true,"reason":"sendto(\"eth1\"): network is down (ENETDOWN)"}"#
        try C.expectShape(failure, failureJSON)
        let events: [StationEVBEvent] = [
            .vsi(.bridgeDeAssociated(C.vsiID)), .negotiated(EVBParameters()), .peerLost,
            .reassociated(C.vsiID, .success(state)), .reassociated(C.vsiID, .failure(.failed(.timeout))),
            .reassociated(C.vsiID, .failure(.refused(.busy))), .reassociated(C.vsiID, .failure(.cancelled)),
            .linkDown, .linkUp, .sendFailed(failure),
        ]
        try C.expectShape(
            events,
            #"[{"vsi":{"event":{"bridgeDeAssociated":{"vsiID":\#(C.vsiIDJSON)}}}},"#
                + #"{"negotiated":{"parameters":\#(parametersJSON)}},{"peerLost":{}},"#
                + #"{"reassociated":{"state":\#(try C.json(state)),"vsiID":\#(C.vsiIDJSON)}},"#
                + #"{"reassociated":{"error":{"failed":{"failure":{"timeout":{}}}},"vsiID":\#(C.vsiIDJSON)}},"#
                + #"{"reassociated":{"error":{"refused":{"error":{"busy":{}}}},"vsiID":\#(C.vsiIDJSON)}},"#
                + #"{"reassociated":{"error":{"cancelled":{}},"vsiID":\#(C.vsiIDJSON)}},"#
                + #"{"linkDown":{}},{"linkUp":{}},{"sendFailed":{"failure":\#(failureJSON)}}]"#
        )
        C.expectRefused(StationEVBEvent.self, #"{"peerFound":{}}"#)
        C.expectRefused(StationEVBEvent.self, #"{"linkDown":{},"linkUp":{}}"#)
        C.expectRefused(StationEVBEvent.self, #"{"reassociated":{"vsiID":\#(C.vsiIDJSON)}}"#)
        C.expectRefused(
            StationEVBEvent.self,
            #"{"reassociated":{"error":{"cancelled":{}},"state":\#(try C.json(state)),"vsiID":\#(C.vsiIDJSON)}}"#
        )
        C.expectRefused(
            StationEVBEvent.self,
            #"{"negotiated":{"parameters":{"groupIDsSupported":false,"maximumRetries":9,"#
                + #""reinitKeepAliveExponent":20,"resourceWaitDelayExponent":20,"retransmissionExponent":8}}}"#
        )
    }

    @Test func bridgeEVBEventsAndCountersNameTheirMembers() throws {
        let events: [BridgeEVBEvent] = [
            .vsi(.requestRefused(C.key, .policyUnreachable)), .negotiated(EVBParameters()), .peerLost, .linkDown,
            .linkUp, .sendFailed(TransmissionFailure(reason: "closed", linkDown: false)),
        ]
        try C.expectShape(
            events,
            #"[{"vsi":{"event":{"requestRefused":{"key":\#(C.keyJSON),"reason":{"policyUnreachable":{}}}}}},"#
                + #"{"negotiated":{"parameters":\#(try C.json(EVBParameters()))}},{"peerLost":{}},{"linkDown":{}},"#
                + #"{"linkUp":{}},{"sendFailed":{"failure":{"linkDown":false,"reason":"closed"}}}]"#
        )
        C.expectRefused(BridgeEVBEvent.self, #"{"linkFlapped":{}}"#, corrupted: false)
        var counters = EVBPortCounters()
        counters.peerLosses = 2
        counters.reassociations = 7
        try C.expectShape(counters, #"{"linkDowns":0,"peerLosses":2,"reassociations":7,"sendFailures":0}"#)
        C.expectRefused(
            EVBPortCounters.self,
            #"{"linkDowns":0,"peerLosses":-2,"reassociations":7,"sendFailures":0}"#
        )
    }
}
