import Testing
import VDPAgent
import VDPProtocol
import VDPWire

/// A bridge restart: the old bridge's shutdown LLDPDU ends every VSI at the station, and when the new bridge's
/// EVB TLV arrives the station requests its VSIs again.
@Suite struct PeerRestartTests {
    /// ECP's ack timer is 10 µs · 2^RTE; at lldpad's default of 8 (2.56 ms) a test process sharing two cores with
    /// other suites can miss it. 14 (164 ms) keeps the test about protocol behaviour, not scheduling.
    static let retransmissionExponent: UInt8 = 14

    /// Forwards frames between two in-memory links, to one bridge and then another.
    actor Patch {
        private var bridgeSide: InMemoryLink?

        func connect(_ link: InMemoryLink?) {
            bridgeSide = link
        }

        func forward(_ frame: Frame) async {
            try? await bridgeSide?.send(frame)
        }
    }

    @Test func stationReassociatesAfterTheBridgeRestarts() async throws {
        let stationMAC = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)
        let bridgeMAC = MACAddress(0x02, 0, 0, 0, 0xBB, 0x01)
        let (stationEnd, stationPatch) = InMemoryLink.pair()
        let station = StationAgent(
            configuration: StationPortConfiguration(address: stationMAC),
            evb: EVBConfiguration(role: .station, retransmissionExponent: Self.retransmissionExponent),
            link: stationEnd
        )
        let patch = Patch()
        let stationTask = Task { await station.run() }
        let toBridge = Task {
            for await frame in stationPatch.frames {
                await patch.forward(frame.frame)
            }
        }
        var events = await station.events().makeAsyncIterator()

        func startBridge() async -> (BridgeAgent, InMemoryLink, Task<Void, Never>, Task<Void, Never>) {
            let (bridgePatch, bridgeEnd) = InMemoryLink.pair()
            await patch.connect(bridgePatch)
            let bridge = BridgeAgent(
                configuration: BridgePortConfiguration(address: bridgeMAC),
                evb: EVBConfiguration(role: .bridge, retransmissionExponent: Self.retransmissionExponent),
                policy: ClosureBridgePolicy { _ in .accept },
                link: bridgeEnd
            )
            let run = Task { await bridge.run() }
            let back = Task {
                for await frame in bridgePatch.frames {
                    try? await stationPatch.send(frame.frame)
                }
            }
            return (bridge, bridgeEnd, run, back)
        }

        // First bridge: negotiate, associate.
        let (first, firstEnd, firstRun, firstBack) = await startBridge()
        #expect(await nextEvent(&events) { if case .negotiated = $0 { true } else { false } } != nil)
        let vm = VSIDescriptor(
            managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: 9),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID(octets: Octets16(high: 9, low: 9))),
            filterInfo: .macVID(MACAddress(0x52, 0x54, 0, 0, 0, 9), .null)
        )
        let granted = try await station.associate(vm)
        #expect(granted.type == .associate)

        // The bridge restarts: it stops its timers, sends its shutdown LLDPDU and goes away; a new one starts.
        await first.stop()
        await first.shutdown()
        #expect(await nextEvent(&events) { $0 == .peerLost } != nil)
        #expect(await station.state(of: vm.vsiID) == nil)
        firstEnd.close()
        firstRun.cancel()
        firstBack.cancel()

        let (second, secondEnd, secondRun, secondBack) = await startBridge()
        let restored = await nextEvent(&events) { if case .reassociated = $0 { true } else { false } }
        guard case .reassociated(let vsiID, .success(let state))? = restored else {
            Issue.record("expected the VSI to be requested again, got \(String(describing: restored))")
            return
        }
        #expect(vsiID == vm.vsiID)
        #expect(state.type == .associate)
        #expect(await second.record(of: vm.vsiID)?.state?.type == .associate)

        await second.stop()
        secondEnd.close()
        stationEnd.close()
        stationPatch.close()
        for task in [secondRun, secondBack, toBridge, stationTask] {
            task.cancel()
        }
    }

    /// The next event satisfying `matches`, skipping others; `nil` if the stream ends first.
    private func nextEvent(
        _ events: inout EventSubscription<StationAgentEvent>.AsyncIterator,
        _ matches: (StationAgentEvent) -> Bool
    ) async -> StationAgentEvent? {
        while let event = await events.next() {
            if matches(event) {
                return event
            }
        }
        return nil
    }
}
