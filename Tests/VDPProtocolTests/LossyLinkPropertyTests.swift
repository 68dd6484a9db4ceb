import Foundation
import Testing
import VDPProtocol
import VDPSimulation
import VDPWire

/// Property tests on a simulated link that loses, duplicates and reorders 30% of frames each.
///
/// 1000 VSIs are associated (the policy accepts even type IDs and refuses odd ones), a quarter of the accepted
/// ones are then de-associated, and requests that fail in transport (ECP retries exhausted, no response, or the
/// bridge ageing out a grant whose response was lost) are issued again, as a hypervisor agent would. Checked: every request ends with the outcome the policy implies;
/// no ECPDU is delivered twice in either direction; and once the link heals, both ends agree on every VSI.
@Suite struct LossyLinkPropertyTests {
    static let vsiCount = 1000

    static func seed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["VDP_TEST_SEED"], let seed = UInt64(text) {
            return seed
        }
        return UInt64.random(in: 0...UInt64.max)
    }

    static let lossy = LinkConditions(
        latency: .microseconds(50),
        lossProbability: 0.3,
        duplicationProbability: 0.3,
        reorderProbability: 0.3,
        reorderDelay: .milliseconds(8)
    )

    @Test(arguments: [Batching.enabled, .disabled])
    func everyRequestCompletesWithTheRightOutcome(batching: Batching) throws {
        let seed = Self.seed()
        let note = Comment(rawValue: "seed \(seed) (replay with VDP_TEST_SEED=\(seed))")
        let policy = BridgeDecisionRule { request in
            request.descriptor.typeID.rawValue % 2 == 0 ? .accept(.fromPool) : .reject(.authorizationFailed)
        }
        var simulation = Simulation(seed: seed, recording: true, policy: policy)
        simulation.addLink(
            station: StationPortConfiguration(address: TestValues.stationMAC, batching: batching),
            bridge: BridgePortConfiguration(address: TestValues.bridgeMAC, batching: batching),
            conditions: Self.lossy
        )
        let vsis = (0..<Self.vsiCount).map { TestValues.descriptor($0, vid: 0, typeID: UInt32(1000 + $0)) }
        var outcomes: [VSIID: Result<StationVSIState?, StationRequestFailure>] = [:]
        var transportRetries = 0

        // Associate everything; repeat what transport lost.
        var waiting = try Dictionary(
            uniqueKeysWithValues: vsis.map {
                (try simulation.request(.associate, $0, link: 0), $0)
            }
        )
        var rounds = 0
        while !waiting.isEmpty {
            let ids = Set(waiting.keys)
            let finished = simulation.run(until: simulation.now + .seconds(120)) { simulation in
                ids.contains { simulation.links[0].completions[$0] == nil }
            }
            #expect(finished, "requests still pending after 120 s; \(note)")
            for (id, vsi) in waiting {
                guard let result = simulation.takeCompletion(id, link: 0) else {
                    continue
                }
                waiting.removeValue(forKey: id)
                switch result {
                case .failure(.timeout), .failure(.retriesExhausted), .failure(.bridgeDeAssociated):
                    // Lost in transport, or the bridge aged out a grant whose response was lost: ask again.
                    transportRetries += 1
                    if !simulation.links[0].station.isBusy(vsi.vsiID) {
                        waiting[try simulation.request(.associate, vsi, link: 0)] = vsi
                    }
                default:
                    outcomes[vsi.vsiID] = result
                }
            }
            rounds += 1
            try #require(rounds < 200, "requests never settle; \(note)")
        }
        for vsi in vsis {
            let outcome = try #require(outcomes[vsi.vsiID], note)
            if vsi.typeID.rawValue % 2 == 0 {
                let state = try outcome.get()
                #expect(state?.type == .associate, note)
                #expect(state?.filterInfo.entries.first?.vid.isNullVID == false, note)
            } else {
                #expect(outcome == .failure(.rejected(.otherFailure, hardError: false, keep: false)), note)
            }
        }

        // De-associate a quarter of the accepted VSIs; a transport failure there still ends the VSI.
        let leaving = vsis.filter { $0.typeID.rawValue % 2 == 0 }.enumerated().filter { $0.offset % 4 == 0 }.map(
            \.element
        )
        var deAssociations: [StationRequestID: VSIDescriptor] = [:]
        for vsi in leaving where simulation.links[0].station.state(of: vsi.vsiID) != nil {
            if let id = try? simulation.request(.deAssociate, vsi, link: 0) {
                deAssociations[id] = vsi
            }
        }
        let deIDs = Set(deAssociations.keys)
        _ = simulation.run(until: simulation.now + .seconds(120)) { simulation in
            deIDs.contains { simulation.links[0].completions[$0] == nil }
        }
        for id in deIDs {
            let result = simulation.takeCompletion(id, link: 0)
            #expect(result != nil, note)
            if case .success(let state) = result {
                #expect(state == nil, note)
            }
        }
        // The de-association phase really ran: about a quarter of the accepted VSIs were still there to leave.
        #expect(deAssociations.count >= leaving.count / 2, note)

        // No ECPDU was delivered twice, in either direction.
        let records = simulation.takeRecords()
        #expect(simulation.undecodableFrames == 0, note)
        #expect(
            simulation.links[0].bridge.ecpReceiverCounters.delivered
                == Self.distinctArrivingRequests(records, .stationToBridge),
            note
        )
        #expect(
            simulation.links[0].station.ecpReceiverCounters.delivered
                == Self.distinctArrivingRequests(records, .bridgeToStation),
            note
        )

        // Heal the link; after ageing and keep-alives have run their course both ends agree on every VSI.
        simulation.setConditions(.perfect, link: 0)
        let timers = EVBParameters.lldpadDefaults.timers
        simulation.run(for: timers.toutKeepAlive + timers.reinitKeepAlive * 3)
        let station = simulation.links[0].station
        let bridge = simulation.links[0].bridge
        #expect(Set(station.vsiIDs) == Set(bridge.records.map(\.key.vsiID)), note)
        for record in bridge.records {
            let stationState = station.state(of: record.key.vsiID)
            #expect(stationState?.type == record.state?.type, note)
            #expect(stationState?.hints == record.state?.hints, note)
            #expect(stationState?.filterInfo == record.state?.filterInfo, note)
        }
        #expect(bridge.vsiCount > 0, note)
        print(
            "lossy link (\(batching)): seed \(seed), \(transportRetries) transport retries, "
                + "\(bridge.vsiCount) VSIs agreed at \(simulation.now)"
        )
    }

    /// The number of distinct ECP request sequence numbers that reached the receiver at least once.
    static func distinctArrivingRequests(_ records: [SimulationRecord], _ direction: LinkDirection) -> UInt64 {
        var arrived = Set<UInt16>()
        for record in records {
            guard case .arrived(_, _, let recordDirection, let frame) = record, recordDirection == direction,
                case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request
            else {
                continue
            }
            arrived.insert(ecpdu.sequenceNumber)
        }
        return UInt64(arrived.count)
    }
}
