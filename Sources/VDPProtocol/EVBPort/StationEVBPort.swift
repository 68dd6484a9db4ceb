import VDPWire

/// The station (hypervisor) side of one EVB port: a ``StationPort`` (VDP over ECP) and, with EVB, the
/// ``LLDPAgent`` that negotiates its parameters, coupled the same way for every driver (the `StationAgent` actor,
/// the simulation, a test). Sans-I/O: frames, requests, link state and time go in; frames, completions and
/// events come out.
///
/// The coupling:
/// - **Negotiation**: the EVB values the LLDP agent negotiates are applied to the VDP port at once and reported
///   as ``StationEVBEvent/negotiated(_:)``. Without EVB, the configured parameters are in force from the start
///   and ``isNegotiated`` is always true.
/// - **Peer loss** (TTL expiry, shutdown LLDPDU, EVB TLV withdrawn): every VSI ends and every pending request
///   fails with ``StationRequestFailure/portDown``; the VSIs that were established are remembered, with the
///   VIDs the bridge had granted. Reported as ``StationEVBEvent/peerLost``.
/// - **Restoring**: the remembered VSIs are requested again (same operation, hints and granted VIDs, so a
///   restarted bridge relearns its table from the station with the same VIDs) as soon as a bridge is heard
///   again: the next LLDPDU carrying the bridge's EVB TLV while the link is up (without EVB: the next
///   ``linkUp(at:into:)``). Each answer is reported as ``StationEVBEvent/reassociated(_:_:)``.
/// - **Link down** (``linkDown(at:into:)``, or a ``sendFailed(_:at:into:)`` that says so): ECP stops, every VSI
///   ends and the established ones are remembered, as on peer loss; nothing is sent until ``linkUp(at:into:)``.
/// - **Unanswered keep-alives**: a keep-alive that gets no answer (respWaitDelay, or ECP retries exhausted)
///   ends its VSI as before (``StationEvent/keepAliveFailed(_:_:)``), but the VSI is remembered too and
///   requested again when the bridge is next heard (the next LLDPDU with its EVB TLV after the failure; without
///   EVB, the next ``linkUp(at:into:)``). So a link outage that the driver did not notice does not end a VSI for
///   good. A keep-alive the bridge answers with a refusal still ends the VSI for good.
/// - A request made to restore a VSI that gets no answer (timeout, ECP retries exhausted, peer or link lost
///   again) leaves the VSI remembered for the next time the bridge is heard.
/// - A request from the user about a remembered VSI takes precedence: the VSI is no longer requested again.
///
/// Call order: after every input, call ``advance(to:into:)`` when ``nextDeadline`` has passed, and send every
/// ``StationEVBOutput/send(_:)`` in order.
public struct StationEVBPort: Sendable {
    /// A VSI to request again, with what the bridge had confirmed.
    private struct Remembered: Sendable {
        var descriptor: VSIDescriptor
        var confirmed: StationVSIState
        /// Orders the VSIs by when they were remembered.
        var order: UInt64 = 0
    }

    /// The VDP port.
    public private(set) var port: StationPort
    /// The LLDP agent and the link.
    private var link: EVBLink
    /// VSIs to request again when the bridge is heard.
    private var remembered: [VSIID: Remembered] = [:]
    private var nextOrder: UInt64 = 0
    /// The requests made to restore VSIs; their completions become ``StationEVBEvent/reassociated(_:_:)``.
    private var restoring: [StationRequestID: Remembered] = [:]

    /// Creates a port; with `evb`, it runs LLDP with the EVB TLV (the first LLDPDU is due at `now`).
    public init(configuration: StationPortConfiguration, evb: EVBConfiguration? = nil, now: Instant) {
        port = StationPort(configuration: configuration)
        port.keepsUnansweredKeepAlives = true
        link = EVBLink(address: configuration.address, evb: evb, now: now)
    }

    /// The LLDP agent that negotiates with the bridge, when EVB runs on the port.
    public var lldp: LLDPAgent? { link.lldp }

    /// Whether the link to the bridge is up (as the driver last reported it).
    public var isLinkUp: Bool { link.isUp }

    /// The port's counters, reassociations included.
    public var counters: EVBPortCounters { link.counters }

    /// Whether the EVB parameters are in force: negotiated with a bridge, or EVB is off. GroupID filter formats
    /// need it (with both ends supporting GroupIDs).
    public var isNegotiated: Bool { link.isNegotiated }

    /// The number of VSIs waiting to be requested again when the bridge is heard.
    public var rememberedCount: Int { remembered.count }

    /// The earliest time the port needs ``advance(to:into:)``.
    public var nextDeadline: Instant? {
        [port.nextDeadline, link.nextDeadline].compactMap { $0 }.min()
    }

    /// The shutdown LLDPDU (TTL 0) to send when this end goes away, so the bridge forgets it at once; `nil`
    /// without EVB.
    public func shutdownFrame() -> Frame? { link.shutdownFrame() }

    /// Makes room for `count` more VSIs at once: ``StationPort/reserveCapacity(forAdditionalVSIs:)``.
    public mutating func reserveCapacity(forAdditionalVSIs count: Int) {
        port.reserveCapacity(forAdditionalVSIs: count)
    }

    // MARK: Inputs

    /// Asks the bridge for `type` for the VSI: ``StationPort/request(_:for:hints:at:into:)``. A VSI waiting to be
    /// requested again is forgotten first (the caller's request supersedes it).
    public mutating func request(
        _ type: VSITLVType,
        for descriptor: VSIDescriptor,
        hints: VSIHints = .none,
        at now: Instant,
        into output: inout [StationEVBOutput]
    ) throws(StationCommandError) -> StationRequestID {
        remembered.removeValue(forKey: descriptor.vsiID)
        var portOutput: [StationOutput] = []
        defer { route(portOutput, into: &output) }
        return try port.request(type, for: descriptor, hints: hints, at: now, into: &portOutput)
    }

    /// A De-Associate for a VSI the port may not know: ``StationPort/deAssociateForgotten(_:at:into:)``. A VSI
    /// waiting to be requested again is forgotten first.
    package mutating func deAssociateForgotten(
        _ descriptor: VSIDescriptor,
        at now: Instant,
        into output: inout [StationEVBOutput]
    ) throws(StationCommandError) -> StationRequestID {
        remembered.removeValue(forKey: descriptor.vsiID)
        var portOutput: [StationOutput] = []
        defer { route(portOutput, into: &output) }
        return try port.deAssociateForgotten(descriptor, at: now, into: &portOutput)
    }

    /// A frame from the wire: LLDP goes to the LLDP agent (when EVB runs), the rest to the VDP port.
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [StationEVBOutput]) {
        if let delivery = acknowledge(frame, at: now, into: &output) {
            deliver(delivery, at: now, into: &output)
        }
    }

    /// The first half of ``receive(_:at:into:)``: an ECP request is only acknowledged
    /// (``StationPort/acknowledge(_:arrivedAt:at:into:)``) and its VDP content returned for
    /// ``deliver(_:at:into:)``; any other frame is handled entirely and `nil` returned.
    package mutating func acknowledge(
        _ frame: Frame,
        arrivedAt: Instant? = nil,
        at now: Instant,
        into output: inout [StationEVBOutput]
    ) -> ECPDelivery? {
        switch link.receive(frame, at: now) {
        case .dropped:
            return nil
        case .vdp:
            var portOutput: [StationOutput] = []
            let delivery = port.acknowledge(frame, arrivedAt: arrivedAt, at: now, into: &portOutput)
            route(portOutput, into: &output)
            return delivery
        case .lldp(let lldpdu, let changes):
            apply(changes, at: now, into: &output)
            if link.isNegotiated, lldpdu.evb != nil {
                restore(at: now, into: &output)
            }
            return nil
        }
    }

    /// The second half of ``receive(_:at:into:)``: ``StationPort/deliver(_:at:into:)``.
    package mutating func deliver(_ delivery: ECPDelivery, at now: Instant, into output: inout [StationEVBOutput]) {
        var portOutput: [StationOutput] = []
        port.deliver(delivery, at: now, into: &portOutput)
        route(portOutput, into: &output)
    }

    /// Runs everything due at `now`: ECP retransmissions, VDP timers, LLDP transmissions and the peer's expiry.
    public mutating func advance(to now: Instant, into output: inout [StationEVBOutput]) {
        var portOutput: [StationOutput] = []
        port.advance(to: now, into: &portOutput)
        route(portOutput, into: &output)
        let changes = link.advance(to: now, into: &output)
        apply(changes, at: now, into: &output)
    }

    /// The link went down: ECP stops, every VSI ends (pending requests fail with
    /// ``StationRequestFailure/portDown``) and the established ones are remembered; nothing is sent or received
    /// until ``linkUp(at:into:)``. Calling it while the link is down does nothing.
    public mutating func linkDown(at now: Instant, into output: inout [StationEVBOutput]) {
        apply(link.down(), at: now, into: &output)
    }

    /// The link came back up. Without EVB, the remembered VSIs are requested at once; with EVB, when the bridge's
    /// next LLDPDU arrives. Calling it while the link is up does nothing.
    public mutating func linkUp(at now: Instant, into output: inout [StationEVBOutput]) {
        apply(link.up(), at: now, into: &output)
    }

    /// The driver could not send a frame: counted and reported; when the failure says the link is down, as
    /// ``linkDown(at:into:)``.
    public mutating func sendFailed(
        _ failure: TransmissionFailure,
        at now: Instant,
        into output: inout [StationEVBOutput]
    ) {
        apply(link.sendFailed(failure), at: now, into: &output)
    }

    /// The port is being stopped for good: every VSI ends and pending requests fail with
    /// ``StationRequestFailure/portDown``; nothing is remembered.
    public mutating func stop(into output: inout [StationEVBOutput]) {
        var portOutput: [StationOutput] = []
        port.portDown(into: &portOutput)
        route(portOutput, into: &output)
        remembered.removeAll()
    }

    // MARK: Plumbing

    /// The station's side of the link's changes: negotiated values go to the VDP port; a lost peer or link ends
    /// every VSI (remembering the established ones); without EVB, the link coming back up restores them.
    private mutating func apply(_ changes: [EVBLink.Change], at now: Instant, into output: inout [StationEVBOutput]) {
        for change in changes {
            if case .negotiated(let parameters) = change {
                port.update(parameters: parameters)
            } else if change == .peerLost || change == .linkDown {
                endEverything(into: &output)
            }
            output.append(.event(change.event()))
            if change == .linkUp, link.lldp == nil {
                restore(at: now, into: &output)
            }
        }
    }

    /// Remembers the established VSIs, then ends every VSI and ECP exchange.
    private mutating func endEverything(into output: inout [StationEVBOutput]) {
        for vsiID in port.vsiIDs {
            guard let descriptor = port.descriptor(of: vsiID), let confirmed = port.state(of: vsiID) else {
                continue
            }
            remember(Remembered(descriptor: descriptor, confirmed: confirmed))
        }
        var portOutput: [StationOutput] = []
        port.portDown(into: &portOutput)
        route(portOutput, into: &output)
    }

    private mutating func remember(_ vsi: Remembered) {
        var vsi = vsi
        vsi.order = nextOrder
        nextOrder &+= 1
        remembered[vsi.descriptor.vsiID] = vsi
    }

    /// Requests the remembered VSIs again (the link is up and a bridge is heard).
    private mutating func restore(at now: Instant, into output: inout [StationEVBOutput]) {
        guard link.isUp, !remembered.isEmpty else {
            return
        }
        let vsis = remembered.values.sorted { $0.order < $1.order }
        remembered.removeAll()
        for vsi in vsis {
            var portOutput: [StationOutput] = []
            do {
                let id = try port.request(
                    vsi.confirmed.type,
                    for: vsi.descriptor,
                    hints: vsi.confirmed.hints,
                    requesting: vsi.confirmed.filterInfo,
                    at: now,
                    into: &portOutput
                )
                restoring[id] = vsi
                link.countReassociation()
            } catch {
                output.append(.event(.reassociated(vsi.descriptor.vsiID, .failure(.refused(error)))))
            }
            route(portOutput, into: &output)
        }
    }

    /// Turns the VDP port's output into the EVB port's: completions of restoring requests become events, and
    /// VSIs whose keep-alive went unanswered are remembered.
    private mutating func route(_ portOutput: [StationOutput], into output: inout [StationEVBOutput]) {
        for item in portOutput {
            switch item {
            case .send(let frame):
                if link.isUp {
                    output.append(.send(frame))
                }
            case .completed(let id, let vsiID, let result):
                if let vsi = restoring.removeValue(forKey: id) {
                    if case .failure(let failure) = result, failure.isUnanswered {
                        remember(vsi)
                    }
                    let outcome: Result<StationVSIState, StationLifecycleError> =
                        switch result {
                        case .success(let state?): .success(state)
                        case .success(nil): .failure(.failed(.bridgeDeAssociated))
                        case .failure(let failure): .failure(.failed(failure))
                        }
                    output.append(.event(.reassociated(vsiID, outcome)))
                } else {
                    output.append(.completed(id, vsiID, result))
                }
            case .event(let event):
                output.append(.event(.vsi(event)))
            }
        }
        for lost in port.takeUnansweredKeepAlives() {
            remember(Remembered(descriptor: lost.descriptor, confirmed: lost.confirmed))
        }
    }
}

extension StationRequestFailure {
    /// Whether the bridge never answered (as opposed to refusing): the request may succeed when it is heard again.
    var isUnanswered: Bool {
        switch self {
        case .timeout, .retriesExhausted, .portDown: true
        case .rejected, .responseMismatch, .bridgeDeAssociated, .superseded: false
        }
    }
}
