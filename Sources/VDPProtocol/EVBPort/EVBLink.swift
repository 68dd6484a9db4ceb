import VDPWire

/// The LLDP agent and link state of one EVB port: the part ``StationEVBPort`` and ``BridgeEVBPort`` share. It
/// decides what the link lets through and what it counts; what a change means for the VDP port is the port's
/// role's to decide, from the ``Change`` values it reports.
///
/// Invariants:
/// - ``lldp`` is set exactly when EVB runs on the port, from creation on.
/// - While the link is down, no frame is received (``receive(_:at:)`` drops it) and no LLDPDU is sent
///   (``advance(to:into:)`` sends none), but the LLDP agent's timers keep running, so a peer still expires.
/// - ``down()`` and ``up()`` report a change only when the state changes; ``counters`` counts one link down per
///   change from up to down, one peer loss per ``Change/peerLost`` reported and one send failure per
///   ``sendFailed(_:)``. Reassociations are counted by the station, with ``countReassociation()``.
struct EVBLink: Sendable {
    /// What happened to the link or its LLDP peer, in the order it happened.
    enum Change: Hashable, Sendable {
        /// EVB negotiation gave these values (or changed them).
        case negotiated(EVBParameters)
        /// The negotiated peer was lost (TTL expiry, shutdown LLDPDU, EVB TLV withdrawn).
        case peerLost
        /// The link went down.
        case linkDown
        /// The link came back up.
        case linkUp
        /// The driver could not send a frame.
        case sendFailed(TransmissionFailure)

        /// The port's event for the change.
        func event<Event: EVBLinkEvent>() -> Event {
            switch self {
            case .negotiated(let parameters): .negotiated(parameters)
            case .peerLost: .peerLost
            case .linkDown: .linkDown
            case .linkUp: .linkUp
            case .sendFailed(let failure): .sendFailed(failure)
            }
        }
    }

    /// What the link made of a frame from the wire.
    enum Reception: Hashable, Sendable {
        /// The link is down: the frame is dropped.
        case dropped
        /// An LLDPDU the LLDP agent took, and the changes it made.
        case lldp(LLDPDU, [Change])
        /// A frame for the VDP port (everything but LLDP when EVB runs; everything without EVB).
        case vdp
    }

    /// The port's MAC address: the source of its LLDPDUs.
    let address: MACAddress
    /// The LLDP agent, when EVB runs on the port.
    private(set) var lldp: LLDPAgent?
    /// Whether the link is up (as the driver last reported it).
    private(set) var isUp = true
    /// What the link has counted.
    private(set) var counters = EVBPortCounters()

    /// Creates an up link; with `evb`, it runs LLDP with the EVB TLV (the first LLDPDU is due at `now`).
    init(address: MACAddress, evb: EVBConfiguration?, now: Instant) {
        self.address = address
        if let evb {
            lldp = LLDPAgent(configuration: LLDPAgentConfiguration(address: address, evb: evb), now: now)
        }
    }

    /// Whether the EVB parameters are in force: negotiated with a peer, or EVB is off.
    var isNegotiated: Bool { lldp?.negotiator.isNegotiated ?? true }

    /// The earliest time the LLDP agent needs ``advance(to:into:)``; `nil` without EVB.
    var nextDeadline: Instant? { lldp?.nextDeadline }

    /// The shutdown LLDPDU (TTL 0) to send when this end goes away; `nil` without EVB.
    func shutdownFrame() -> Frame? {
        lldp.map { .lldp($0.shutdownLLDPDU(), from: address) }
    }

    /// Takes a frame from the wire: an LLDPDU goes to the LLDP agent (when EVB runs).
    mutating func receive(_ frame: Frame, at now: Instant) -> Reception {
        guard isUp else {
            return .dropped
        }
        guard case .lldp(let lldpdu) = frame.payload, var agent = lldp else {
            return .vdp
        }
        var events: [LLDPAgentEvent] = []
        agent.receive(lldpdu, at: now, into: &events)
        lldp = agent
        return .lldp(lldpdu, changes(from: events))
    }

    /// Runs the LLDP agent's timers: appends the LLDPDUs due (none while the link is down) to `output`, to be sent,
    /// and returns the changes (a peer's expiry).
    mutating func advance<Output: EVBLinkOutput>(to now: Instant, into output: inout [Output]) -> [Change] {
        guard var agent = lldp else {
            return []
        }
        var lldpdus: [LLDPDU] = []
        var events: [LLDPAgentEvent] = []
        agent.advance(to: now, into: &lldpdus, events: &events)
        lldp = agent
        if isUp {
            output += lldpdus.map { .send(.lldp($0, from: address)) }
        }
        return changes(from: events)
    }

    /// The link went down: ``Change/linkDown``, or nothing when it was down already.
    mutating func down() -> [Change] {
        guard isUp else {
            return []
        }
        isUp = false
        counters.linkDowns &+= 1
        return [.linkDown]
    }

    /// The link came back up: ``Change/linkUp``, or nothing when it was up already.
    mutating func up() -> [Change] {
        guard !isUp else {
            return []
        }
        isUp = true
        return [.linkUp]
    }

    /// The driver could not send a frame: ``Change/sendFailed(_:)``, then, when the failure says the link is down,
    /// what ``down()`` reports.
    mutating func sendFailed(_ failure: TransmissionFailure) -> [Change] {
        counters.sendFailures &+= 1
        return [.sendFailed(failure)] + (failure.linkDown ? down() : [])
    }

    /// Counts a VSI requested again by the station.
    mutating func countReassociation() {
        counters.reassociations &+= 1
    }

    private mutating func changes(from events: [LLDPAgentEvent]) -> [Change] {
        var changes: [Change] = []
        for event in events {
            switch event {
            case .peerNegotiated(let parameters), .peerChanged(let parameters):
                changes.append(.negotiated(parameters))
            case .peerLost:
                counters.peerLosses &+= 1
                changes.append(.peerLost)
            }
        }
        return changes
    }
}
