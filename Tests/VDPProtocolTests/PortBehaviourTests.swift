import Testing
import VDPProtocol
import VDPSimulation
import VDPWire

/// Station and bridge ports together on a simulated link: batching, the policy hand-off, the VID pool,
/// ageing, bridge-initiated changes and the local rules, all in virtual time.
@Suite struct PortBehaviourTests {
    private func complete(
        _ simulation: inout Simulation,
        _ id: StationRequestID,
        link: Int = 0,
        within limit: Duration = .seconds(60)
    ) throws -> Result<StationVSIState?, StationRequestFailure> {
        _ = simulation.run(until: simulation.now + limit) { $0.links[link].completions[id] == nil }
        let result = simulation.takeCompletion(id, link: link)
        return try #require(result)
    }

    @Test func batchingPacksManyRequestsIntoFewECPDUs() throws {
        for batching in [Batching.enabled, .disabled] {
            var simulation = TestValues.simulation(batching: batching)
            let ids = try (1...50).map { try simulation.request(.associate, TestValues.descriptor($0), link: 0) }
            for id in ids {
                let state = try complete(&simulation, id).get()
                #expect(state?.type == .associate)
            }
            let station = simulation.links[0].station.counters
            let bridge = simulation.links[0].bridge.counters
            #expect(station.tlvsSent == 50)
            #expect(bridge.requestsReceived == 50)
            switch batching {
            case .disabled:
                #expect(station.requestPDUsSent == 50)
                #expect(bridge.responsePDUsSent == 50)
            case .batched:
                // The first request leaves alone; the 49 queued behind it take two ULPDUs of at most 1493
                // octets: 18 for the Manager ID and 37 per VSI TLV, so 39 and 10.
                #expect(station.requestPDUsSent == 3)
                #expect(bridge.responsePDUsSent <= 3)
            }
        }
    }

    @Test func batchesRespectTheULPDULimit() throws {
        var simulation = TestValues.simulation(batching: .batched(maximumULPDULength: 18 + 3 * 35))
        let ids = try (1...10).map { try simulation.request(.associate, TestValues.descriptor($0), link: 0) }
        for id in ids {
            _ = try complete(&simulation, id)
        }
        // 1 alone, then 9 queued in ULPDUs of at most three VSI TLVs.
        #expect(simulation.links[0].station.counters.requestPDUsSent == 4)
    }

    @Test func pendingDecisionCompletesWhenThePolicyAnswers() throws {
        var simulation = TestValues.simulation(policy: .undecided)
        let id = try simulation.request(.associate, TestValues.descriptor(1, vid: 0), link: 0)
        simulation.run(for: .seconds(1))
        let pending = try #require(simulation.links[0].pendingDecisions.first)
        #expect(pending.type == .associate)
        #expect(simulation.links[0].completions[id] == nil)
        simulation.decide(link: 0, pending.id, .accept(.fixed(FilterVID(rawValue: 0xB000 | 77))))
        let state = try complete(&simulation, id).get()
        #expect(state?.filterInfo.entries.first?.vid == FilterVID(rawValue: 0xB000 | 77))
    }

    @Test func unansweredDecisionTimesOutWithCode3() throws {
        var simulation = TestValues.simulation(policy: .undecided)
        let id = try simulation.request(.associate, TestValues.descriptor(1), link: 0)
        let start = simulation.now
        let result = try complete(&simulation, id)
        #expect(result == .failure(.rejected(.unableToContactVSIManager, hardError: false, keep: false)))
        let elapsed = simulation.now - start
        let resourceWait = EVBParameters.lldpadDefaults.timers.resourceWaitDelay
        #expect(elapsed >= resourceWait && elapsed < resourceWait + .milliseconds(10))
        #expect(simulation.links[0].bridge.vsiCount == 0)
    }

    @Test func rejectionReasonsMapToErrorCodes() throws {
        let reasons: [(BridgeRejectionReason, VDPErrorCode)] = [
            (.authorizationFailed, .otherFailure), (.policyUnreachable, .unableToContactVSIManager),
            (.conflictingPolicy, .otherFailure), (.invalidAddressOrVLAN, .invalidVIDGroupIDOrMAC),
            (.insufficientResources, .insufficientResources), (.invalidFormat, .invalidFormat),
        ]
        for (reason, code) in reasons {
            var simulation = TestValues.simulation(policy: BridgeDecisionRule { _ in .reject(reason, hardError: true) })
            let id = try simulation.request(.associate, TestValues.descriptor(1), link: 0)
            let result = try complete(&simulation, id)
            #expect(result == .failure(.rejected(code, hardError: true, keep: false)))
        }
    }

    @Test func vidPoolSharesAVIDPerGroupAndReleasesIt() throws {
        var simulation = Simulation(seed: 1)
        var evbParameters = EVBParameters.lldpadDefaults
        evbParameters.groupIDsSupported = true
        simulation.addLink(
            station: StationPortConfiguration(address: TestValues.stationMAC, parameters: evbParameters),
            bridge: BridgePortConfiguration(address: TestValues.bridgeMAC, parameters: evbParameters, vidRange: 10...11)
        )
        func vm(_ number: Int, group: UInt32) -> VSIDescriptor {
            var descriptor = TestValues.descriptor(number)
            descriptor.filterInfo = .groupVID(GroupID(rawValue: group), .null)
            return descriptor
        }
        let a = try complete(&simulation, try simulation.request(.associate, vm(1, group: 5001), link: 0)).get()
        let b = try complete(&simulation, try simulation.request(.associate, vm(2, group: 5001), link: 0)).get()
        let c = try complete(&simulation, try simulation.request(.associate, vm(3, group: 5002), link: 0)).get()
        #expect(a?.filterInfo.entries.first?.vid.vid == 10)
        #expect(b?.filterInfo.entries.first?.vid.vid == 10)
        #expect(c?.filterInfo.entries.first?.vid.vid == 11)
        #expect(simulation.links[0].bridge.vidPool.allocatedCount == 2)
        let d = try complete(&simulation, try simulation.request(.associate, vm(4, group: 5003), link: 0))
        #expect(d == .failure(.rejected(.insufficientResources, hardError: false, keep: false)))
        _ = try complete(&simulation, try simulation.request(.deAssociate, vm(3, group: 5002), link: 0))
        #expect(simulation.links[0].bridge.vidPool.allocatedCount == 1)
        let e = try complete(&simulation, try simulation.request(.associate, vm(5, group: 5003), link: 0)).get()
        #expect(e?.filterInfo.entries.first?.vid.vid == 11)
    }

    @Test func thePoolNeverHandsOutAVIDAStationChose() throws {
        var simulation = Simulation(seed: 1)
        simulation.addLink(
            station: StationPortConfiguration(address: TestValues.stationMAC),
            bridge: BridgePortConfiguration(address: TestValues.bridgeMAC, vidRange: 10...11)
        )
        let explicit = try complete(
            &simulation,
            try simulation.request(.associate, TestValues.descriptor(1, vid: 10), link: 0)
        )
        #expect(try explicit.get()?.filterInfo.entries.first?.vid.vid == 10)
        let pooled = try complete(
            &simulation,
            try simulation.request(.associate, TestValues.descriptor(2, vid: 0), link: 0)
        )
        #expect(try pooled.get()?.filterInfo.entries.first?.vid.vid == 11, "10 is taken by the explicit request")
        let exhausted = try complete(
            &simulation,
            try simulation.request(.associate, TestValues.descriptor(3, vid: 0), link: 0)
        )
        #expect(exhausted == .failure(.rejected(.insufficientResources, hardError: false, keep: false)))
        _ = try complete(&simulation, try simulation.request(.deAssociate, TestValues.descriptor(1, vid: 10), link: 0))
        let reused = try complete(
            &simulation,
            try simulation.request(.associate, TestValues.descriptor(4, vid: 0), link: 0)
        )
        #expect(try reused.get()?.filterInfo.entries.first?.vid.vid == 10, "free again once its VSI is gone")
    }

    @Test func aFullTableRefusesNewVSIsBeforeThePolicy() throws {
        var simulation = Simulation(seed: 1)
        simulation.addLink(
            station: StationPortConfiguration(address: TestValues.stationMAC),
            bridge: BridgePortConfiguration(address: TestValues.bridgeMAC, limits: BridgePortLimits(maximumVSIs: 2))
        )
        for number in 1...2 {
            let granted = try complete(
                &simulation,
                try simulation.request(.associate, TestValues.descriptor(number), link: 0)
            )
            #expect(try granted.get()?.type == .associate)
        }
        let refused = try complete(&simulation, try simulation.request(.associate, TestValues.descriptor(3), link: 0))
        #expect(refused == .failure(.rejected(.insufficientResources, hardError: false, keep: false)))
        #expect(simulation.links[0].bridge.vsiCount == 2)
        let keepAlive = try complete(
            &simulation,
            try simulation.request(.associate, TestValues.descriptor(1, vid: 100), link: 0)
        )
        #expect(try keepAlive.get()?.type == .associate, "a VSI already in the table is still served")
    }

    @Test func groupIDFormatsNeedNegotiation() throws {
        var simulation = TestValues.simulation()
        var descriptor = TestValues.descriptor(1)
        descriptor.filterInfo = .groupVID(GroupID(rawValue: 7), .null)
        #expect(throws: StationCommandError.groupIDsNotNegotiated) {
            try simulation.request(.associate, descriptor, link: 0)
        }
    }

    @Test func silentStationIsAgedOutAfterToutKeepAlive() throws {
        var simulation = TestValues.simulation()
        let vsi = TestValues.descriptor(1)
        _ = try complete(&simulation, try simulation.request(.associate, vsi, link: 0))
        simulation.run(for: .seconds(30))
        #expect(simulation.links[0].bridge.vsiCount == 1, "keep-alives keep the VSI")
        simulation.setStationSilent(true, link: 0)
        let silentAt = simulation.now
        #expect(simulation.run(until: simulation.now + .seconds(60)) { $0.links[0].bridge.vsiCount > 0 })
        let timers = EVBParameters.lldpadDefaults.timers
        // The last keep-alive came at most reinitKeepAlive before the silence.
        #expect(simulation.now - silentAt <= timers.toutKeepAlive)
        #expect(simulation.now - silentAt >= timers.toutKeepAlive - timers.reinitKeepAlive)
    }

    @Test func bridgeInitiatedDeAssociateReachesTheStation() throws {
        var simulation = Simulation(seed: 1, recording: true)
        simulation.addLink(
            station: StationPortConfiguration(address: TestValues.stationMAC),
            bridge: BridgePortConfiguration(address: TestValues.bridgeMAC)
        )
        let vsi = TestValues.descriptor(1)
        _ = try complete(&simulation, try simulation.request(.associate, vsi, link: 0))
        _ = simulation.takeRecords()
        let existed = simulation.bridgeDeAssociate(link: 0, vsi.vsiID)
        #expect(existed)
        simulation.run(for: .seconds(1))
        let events = simulation.takeRecords().compactMap { record -> StationEvent? in
            if case .stationEvent(_, _, let event) = record { event } else { nil }
        }
        #expect(events == [.bridgeDeAssociated(vsi.vsiID)])
        #expect(simulation.links[0].station.vsiCount == 0)
        #expect(simulation.links[0].bridge.vsiCount == 0)
    }

    @Test func bridgeVIDChangeReachesTheStationOnTheNextKeepAlive() throws {
        var simulation = Simulation(seed: 1, recording: true)
        simulation.addLink(
            station: StationPortConfiguration(address: TestValues.stationMAC),
            bridge: BridgePortConfiguration(address: TestValues.bridgeMAC)
        )
        let vsi = TestValues.descriptor(1, vid: 0)
        _ = try complete(&simulation, try simulation.request(.associate, vsi, link: 0))
        let changed = FilterInfo.macVID(
            vsi.filterInfo.entries.first?.mac ?? TestValues.stationMAC,
            FilterVID(rawValue: 0xA000 | 333)
        )
        let changedIt = simulation.bridgeChangeFilterInfo(link: 0, vsi.vsiID, to: changed)
        #expect(changedIt)
        _ = simulation.takeRecords()
        simulation.run(for: .seconds(11))
        let events = simulation.takeRecords().compactMap { record -> StationEvent? in
            if case .stationEvent(_, _, let event) = record { event } else { nil }
        }
        #expect(events == [.filterChanged(vsi.vsiID, changed)])
        #expect(simulation.links[0].station.state(of: vsi.vsiID)?.filterInfo == changed)
    }

    @Test func stationRulesRefuseLocally() throws {
        var simulation = TestValues.simulation()
        let vsi = TestValues.descriptor(1)
        #expect(throws: StationCommandError.unknownVSI) {
            try simulation.request(.deAssociate, vsi, link: 0)
        }
        let id = try simulation.request(.associate, vsi, link: 0)
        #expect(throws: StationCommandError.busy) {
            try simulation.request(.associate, vsi, link: 0)
        }
        _ = try complete(&simulation, id)
        var other = vsi
        other.filterInfo = .macVID(TestValues.bridgeMAC, .null)
        #expect(throws: StationCommandError.filterMismatch) {
            try simulation.request(.associate, other, link: 0)
        }
        #expect(throws: StationCommandError.invalidTransition(from: .associate, to: .preAssociate)) {
            try simulation.request(.preAssociate, vsi, link: 0)
        }
        #expect(simulation.links[0].station.counters.tlvsSent == 1, "nothing refused went on the wire")
    }
}
