import VDPAgent
import VDPProtocol
import VDPWire

/// The Swift blocks of `Docs/EMBEDDING.md`, each in a function so that it compiles; `EmbeddingSnippetTests`
/// checks that the guide shows exactly these lines. The helpers stand for the embedder's own code.
enum EmbeddingSnippets {
    static func hypervisorAgent(uplinkMAC: MACAddress, link: any FrameLink, vm: VSIDescriptor) async throws {
        let station = StationAgent(
            configuration: StationPortConfiguration(address: uplinkMAC),  // batching on by default
            evb: EVBConfiguration(role: .station, supportsGroupIDs: true),  // runs LLDP with the EVB TLV
            link: link  // any FrameLink
        )
        let events = await station.events()  // subscribe before run(): nothing is missed
        Task { await station.run() }
        try await station.awaitNegotiation()  // the bridge's EVB TLV is in: GroupIDs and timers agreed

        do throws(StationLifecycleError) {
            let state = try await station.associate(vm)  // what the bridge confirmed (incl. chosen VIDs)
            configureVLAN(state.filterInfo)
        } catch .refused(let rule) {  // a local rule; nothing was sent
            report(rule)
        } catch .failed(.rejected(let code, let hard, let keep)) {  // code: VDPErrorCode; hard: do not retry
            report(code, hard, keep)
        } catch .failed(let transport) {  // timeout, retriesExhausted, bridgeDeAssociated, portDown
            report(transport)
        } catch .cancelled {  // this task was cancelled; the request still runs to its end
            return
        }

        for await event in events {  // bridge-initiated changes, negotiation, peer and link, send failures
            switch event {
            case .vsi(.keepAliveFailed(let vsiID, _)): report(vsiID)
            case .reassociated(let vsiID, let result): report(vsiID, result)
            default: continue
            }
        }
    }

    static func nve(downlinkMAC: MACAddress, link: any FrameLink) async {
        let rule = BridgeDecisionRule { request in
            guard authorized(request.key.station, request.descriptor) else {
                return .reject(.authorizationFailed, hardError: true)
            }
            guard haveResources(for: request) else {
                return .reject(.insufficientResources, keep: request.current != nil)
            }
            return .accept(.fromPool)  // or .fixed(FilterVID(vid: 100, pcp: 3, prioritySignificant: true))
        }
        let bridge = BridgeAgent(
            configuration: BridgePortConfiguration(address: downlinkMAC, vidRange: 100...199),
            evb: EVBConfiguration(role: .bridge, supportsGroupIDs: true, reflectiveRelay: true),
            rule: rule,
            link: link
        )
        let events = await bridge.events()
        Task { await bridge.run() }
        for await event in events {  // vsiChanged, vsiRemoved(reason), requestRefused, malformedRequest, peerLost…
            log(event)
        }
        show(await bridge.records)  // the EVB MIB-style VSI table, with counters
    }

    static func sansIO(port: inout StationEVBPort, vm: VSIDescriptor, frame: Frame, now: Instant) throws {
        var pending: Set<StationRequestID> = []
        var output: [StationEVBOutput] = []
        pending.insert(try port.request(.associate, for: vm, at: now, into: &output))  // commands
        port.receive(frame, at: now, into: &output)  // frames (decode with .receiving)
        port.advance(to: now, into: &output)  // when now ≥ port.nextDeadline
        for item in output {
            switch item {
            case .send(let frame): transmit(frame)
            case .completed(let request, let vsiID, let result): finish(request, vsiID, result)
            case .event(let event): report(event)
            }
        }
    }

    // MARK: The embedder's own code

    static func configureVLAN(_ filterInfo: FilterInfo) {}
    static func report(_ rule: StationCommandError) {}
    static func report(_ code: VDPErrorCode, _ hard: Bool, _ keep: Bool) {}
    static func report(_ failure: StationRequestFailure) {}
    static func report(_ vsiID: VSIID) {}
    static func report(_ vsiID: VSIID, _ result: Result<StationVSIState, StationLifecycleError>) {}
    static func report(_ event: StationEVBEvent) {}
    static func authorized(_ station: MACAddress, _ descriptor: VSIDescriptor) -> Bool { true }
    static func haveResources(for request: BridgeDecisionRequest) -> Bool { true }
    static func log(_ event: BridgeAgentEvent) {}
    static func show(_ records: [BridgeVSIRecord]) {}
    static func transmit(_ frame: Frame) {}
    static func finish(
        _ request: StationRequestID,
        _ vsiID: VSIID,
        _ result: Result<StationVSIState?, StationRequestFailure>
    ) {}
}
