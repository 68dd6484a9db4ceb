import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// The async lifecycle API: a station agent and a bridge agent joined by an in-memory link. Every call here
/// completes on the bridge's answer; no test waits for a protocol timer.
@Suite struct AgentLifecycleTests {
    static let station = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
    static let bridge = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
    /// RTE 14 (a 164 ms ack timer): robust against a loaded test machine; no test waits for it.
    static let parameters = EVBParameters(retransmissionExponent: 14)

    static func vm(_ number: UInt64, typeID: UInt32 = 100) -> VSIDescriptor {
        VSIDescriptor(
            managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: typeID),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID(octets: Octets16(high: 0xA1, low: number))),
            filterInfo: .macVID(MACAddress(rawValue: 0x5254_0000_0000 | number) ?? station, .null)
        )
    }

    /// Runs `body` with a station agent and a bridge agent whose policy refuses type 666.
    func withAgents(
        _ body: (StationAgent, BridgeAgent) async throws -> Void
    ) async throws {
        let (stationEnd, bridgeEnd) = InMemoryLink.pair()
        let policy = ClosureBridgePolicy { request in
            request.descriptor.typeID.rawValue == 666 ? .reject(.authorizationFailed, hardError: true) : .accept
        }
        let stationAgent = StationAgent(
            configuration: StationPortConfiguration(address: Self.station, parameters: Self.parameters),
            link: stationEnd
        )
        let bridgeAgent = BridgeAgent(
            configuration: BridgePortConfiguration(
                address: Self.bridge,
                parameters: Self.parameters,
                vidRange: 300...310
            ),
            policy: policy,
            link: bridgeEnd
        )
        let stationTask = Task { await stationAgent.run() }
        let bridgeTask = Task { await bridgeAgent.run() }
        try await body(stationAgent, bridgeAgent)
        stationEnd.close()
        bridgeEnd.close()
        await stationTask.value
        await bridgeTask.value
    }

    @Test func fullLifecycleOfOneVM() async throws {
        try await withAgents { station, bridge in
            let vm = Self.vm(1)
            let pre = try await station.preAssociate(vm)
            #expect(pre.type == .preAssociate)
            #expect(pre.filterInfo.entries.first?.vid.vid == 300, "the bridge chose a VID for the null VID")
            let associated = try await station.associate(vm)
            #expect(associated.type == .associate)
            #expect(await bridge.record(of: vm.vsiID)?.state?.isActive == true)
            let suspended = try await station.suspend(vm)
            #expect(suspended.hints.suspended)
            #expect(await bridge.record(of: vm.vsiID)?.state?.isActive == false)
            let resumed = try await station.resume(vm)
            #expect(!resumed.hints.suspended)
            #expect(await bridge.record(of: vm.vsiID)?.state?.isActive == true)
            try await station.terminate(vm)
            #expect(await station.state(of: vm.vsiID) == nil)
            #expect(await bridge.record(of: vm.vsiID) == nil)
        }
    }

    @Test func refusedAndRejectedCallsThrowTypedErrors() async throws {
        try await withAgents { station, _ in
            await #expect(throws: StationLifecycleError.failed(.rejected(.otherFailure, hardError: true, keep: false)))
            {
                try await station.associate(Self.vm(2, typeID: 666))
            }
            await #expect(throws: StationLifecycleError.refused(.unknownVSI)) {
                try await station.terminate(Self.vm(3))
            }
            _ = try await station.associate(Self.vm(4))
            await #expect(
                throws: StationLifecycleError.refused(.invalidTransition(from: .associate, to: .preAssociate))
            ) {
                try await station.preAssociate(Self.vm(4))
            }
        }
    }

    @Test func migrationBetweenTwoBridges() async throws {
        // Hypervisor A on NVE 1, hypervisor B on NVE 2.
        try await withAgents { sourceStation, sourceBridge in
            try await withAgents { destinationStation, destinationBridge in
                let vm = Self.vm(5)
                _ = try await sourceStation.associate(vm)
                let pre = try await destinationStation.immigrate(vm, associate: false)
                #expect(pre.type == .preAssociate && pre.hints.migrating)
                let leaving = try await sourceStation.emigrate(vm)
                #expect(leaving.hints.suspended)
                let arrived = try await destinationStation.immigrate(vm, associate: true)
                #expect(arrived.type == .associate && arrived.hints.migrating)
                try await sourceStation.terminate(vm)
                #expect(await sourceBridge.record(of: vm.vsiID) == nil)
                #expect(await destinationBridge.record(of: vm.vsiID)?.state?.type == .associate)
            }
        }
    }

    @Test func bridgeInitiatedDeAssociateIsAnEvent() async throws {
        try await withAgents { station, bridge in
            let vm = Self.vm(6)
            _ = try await station.associate(vm)
            var events = await station.events().makeAsyncIterator()
            #expect(await bridge.deAssociate(vm.vsiID))
            let event = await events.next()
            #expect(event == .vsi(.bridgeDeAssociated(vm.vsiID)))
            #expect(await station.state(of: vm.vsiID) == nil)
        }
    }

    @Test func bridgeEventsDescribeTheTable() async throws {
        try await withAgents { station, bridge in
            let vm = Self.vm(7)
            var events = await bridge.events().makeAsyncIterator()
            _ = try await station.associate(vm)
            let event = await events.next()
            guard case .vsi(.vsiChanged(let key, let state))? = event else {
                Issue.record("expected a table change, got \(String(describing: event))")
                return
            }
            #expect(key == BridgeVSIKey(station: Self.station, vsiID: vm.vsiID))
            #expect(state.type == .associate)
            #expect(await bridge.records.count == 1)
        }
    }
}
