import VDPWire

/// The bridge (NVE) side of one EVB port: a ``BridgePort`` (VDP over ECP) and, with EVB, the ``LLDPAgent`` that
/// negotiates its parameters, coupled the same way for every driver (the `BridgeAgent` actor, the simulation, a
/// test). Sans-I/O: frames, decisions, link state and time go in; frames, decision requests and events come out.
///
/// The coupling:
/// - **Negotiation**: the negotiated EVB values are applied to the VDP port at once and reported as
///   ``BridgeEVBEvent/negotiated(_:)``. Without EVB, ``isNegotiated`` is always true.
/// - **Peer loss** (TTL expiry, shutdown LLDPDU, EVB TLV withdrawn): ECP starts afresh (the station may have
///   restarted with new sequence numbers) and responses not yet acknowledged are dropped; the VSIs stay, to be
///   refreshed by the returning station's keep-alives or requests, or aged out after toutKeepAlive.
/// - **Link down** (``linkDown(at:into:)``, or a ``sendFailed(_:at:into:)`` that says so): the same as a peer
///   loss, and nothing is sent or received until ``linkUp(at:into:)``; VSIs keep ageing meanwhile.
///
/// Call order: after every input, call ``advance(to:into:)`` when ``nextDeadline`` has passed, and send every
/// ``BridgeEVBOutput/send(_:)`` in order.
public struct BridgeEVBPort: Sendable {
    /// The VDP port.
    public private(set) var port: BridgePort
    /// The LLDP agent, when EVB runs on the port.
    public private(set) var lldp: LLDPAgent?
    /// Whether the link is up (as the driver last reported it).
    public private(set) var isLinkUp = true
    /// The port's counters.
    public private(set) var counters = EVBPortCounters()

    /// Creates a port; with `evb`, it runs LLDP with the EVB TLV (the first LLDPDU is due at `now`).
    public init(configuration: BridgePortConfiguration, evb: EVBConfiguration? = nil, now: Instant) {
        port = BridgePort(configuration: configuration)
        if let evb {
            lldp = LLDPAgent(configuration: LLDPAgentConfiguration(address: configuration.address, evb: evb), now: now)
        }
    }

    /// Whether the EVB parameters are in force: negotiated with a station, or EVB is off.
    public var isNegotiated: Bool { lldp?.negotiator.isNegotiated ?? true }

    /// The earliest time the port needs ``advance(to:into:)``.
    public var nextDeadline: Instant? {
        [port.nextDeadline, lldp?.nextDeadline].compactMap { $0 }.min()
    }

    /// The shutdown LLDPDU (TTL 0) to send when this end goes away, so the station forgets it at once; `nil`
    /// without EVB.
    public func shutdownFrame() -> Frame? {
        lldp.map { .lldp($0.shutdownLLDPDU(), from: port.configuration.address) }
    }

    // MARK: Inputs

    /// A frame from the wire: LLDP goes to the LLDP agent (when EVB runs), the rest to the VDP port.
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [BridgeEVBOutput]) {
        guard isLinkUp else {
            return
        }
        if case .lldp(let lldpdu) = frame.payload, var agent = lldp {
            var events: [LLDPAgentEvent] = []
            agent.receive(lldpdu, at: now, into: &events)
            lldp = agent
            apply(events, into: &output)
        } else {
            var portOutput: [BridgeOutput] = []
            port.receive(frame, at: now, into: &portOutput)
            route(portOutput, into: &output)
        }
    }

    /// Runs everything due at `now`: ECP retransmissions, decision timeouts, ageing, LLDP transmissions and the
    /// peer's expiry.
    public mutating func advance(to now: Instant, into output: inout [BridgeEVBOutput]) {
        var portOutput: [BridgeOutput] = []
        port.advance(to: now, into: &portOutput)
        route(portOutput, into: &output)
        if var agent = lldp {
            var lldpdus: [LLDPDU] = []
            var events: [LLDPAgentEvent] = []
            agent.advance(to: now, into: &lldpdus, events: &events)
            lldp = agent
            if isLinkUp {
                output += lldpdus.map { .send(.lldp($0, from: port.configuration.address)) }
            }
            apply(events, into: &output)
        }
    }

    /// The policy's answer to a ``BridgeEVBOutput/decisionRequired(_:)``: ``BridgePort/decide(_:_:at:into:)``.
    public mutating func decide(
        _ id: BridgeDecisionID,
        _ decision: BridgeDecision,
        at now: Instant,
        into output: inout [BridgeEVBOutput]
    ) {
        var portOutput: [BridgeOutput] = []
        port.decide(id, decision, at: now, into: &portOutput)
        route(portOutput, into: &output)
    }

    /// Ends a VSI from the bridge's side: ``BridgePort/deAssociate(_:at:into:)``.
    @discardableResult
    public mutating func deAssociate(_ vsiID: VSIID, at now: Instant, into output: inout [BridgeEVBOutput]) -> Bool {
        var portOutput: [BridgeOutput] = []
        defer { route(portOutput, into: &output) }
        return port.deAssociate(vsiID, at: now, into: &portOutput)
    }

    /// Changes a VSI's granted VIDs/PCPs: ``BridgePort/changeFilterInfo(of:to:into:)``.
    @discardableResult
    public mutating func changeFilterInfo(
        of vsiID: VSIID,
        to filterInfo: FilterInfo,
        into output: inout [BridgeEVBOutput]
    ) -> Bool {
        var portOutput: [BridgeOutput] = []
        defer { route(portOutput, into: &output) }
        return port.changeFilterInfo(of: vsiID, to: filterInfo, into: &portOutput)
    }

    /// The link went down: ECP starts afresh as after a peer loss, the VSIs stay (and keep ageing); nothing is
    /// sent or received until ``linkUp(at:into:)``. Calling it while the link is down does nothing.
    public mutating func linkDown(at now: Instant, into output: inout [BridgeEVBOutput]) {
        guard isLinkUp else {
            return
        }
        isLinkUp = false
        counters.linkDowns &+= 1
        port.peerLost()
        output.append(.event(.linkDown))
    }

    /// The link came back up. Calling it while the link is up does nothing.
    public mutating func linkUp(at now: Instant, into output: inout [BridgeEVBOutput]) {
        guard !isLinkUp else {
            return
        }
        isLinkUp = true
        output.append(.event(.linkUp))
    }

    /// The driver could not send a frame: counted and reported; when the failure says the link is down, as
    /// ``linkDown(at:into:)``.
    public mutating func sendFailed(
        _ failure: TransmissionFailure,
        at now: Instant,
        into output: inout [BridgeEVBOutput]
    ) {
        counters.sendFailures &+= 1
        output.append(.event(.sendFailed(failure)))
        if failure.linkDown {
            linkDown(at: now, into: &output)
        }
    }

    // MARK: Plumbing

    private mutating func apply(_ events: [LLDPAgentEvent], into output: inout [BridgeEVBOutput]) {
        for event in events {
            switch event {
            case .peerNegotiated(let parameters), .peerChanged(let parameters):
                port.update(parameters: parameters)
                output.append(.event(.negotiated(parameters)))
            case .peerLost:
                counters.peerLosses &+= 1
                port.peerLost()
                output.append(.event(.peerLost))
            }
        }
    }

    private func route(_ portOutput: [BridgeOutput], into output: inout [BridgeEVBOutput]) {
        for item in portOutput {
            switch item {
            case .send(let frame):
                if isLinkUp {
                    output.append(.send(frame))
                }
            case .decisionRequired(let request):
                output.append(.decisionRequired(request))
            case .event(let event):
                output.append(.event(.vsi(event)))
            }
        }
    }
}
