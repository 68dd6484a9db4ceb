import VDPWire

/// The bridge (NVE) side of one EVB port: a ``BridgePort`` (VDP over ECP) and, with EVB, the ``LLDPAgent`` that
/// negotiates its parameters, coupled the same way for every driver (the `BridgeAgent` actor, the simulation, a
/// test). Sans-I/O: frames, decisions, link state and time go in; frames, decision requests and events come out.
///
/// The coupling:
/// - **Negotiation**: the negotiated EVB values are applied to the VDP port at once and reported as
///   ``BridgeEVBEvent/negotiated(_:)``. Without EVB, ``isNegotiated`` is always true.
/// - **GroupIDs before negotiation**: with EVB, until a station's EVB TLV is in (from creation, and again after
///   the station is lost), the VDP port takes GroupIDs exactly when this bridge offers them
///   (``EVBConfiguration/supportsGroupIDs``, BGID), whatever the configuration's parameters say: a station sends
///   GroupIDs only after a bridge offering them agreed to them, so a request with GroupIDs that arrives before
///   the negotiation (a station keeping its VSIs alive across this bridge's restart) is taken, not refused.
///   Once the station's TLV is in, the negotiated value (BGID and SGID) rules.
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
    /// The LLDP agent and the link.
    private var link: EVBLink
    /// Whether this bridge offers GroupIDs (BGID): what the VDP port takes before a negotiation; `nil` without EVB.
    private let offersGroupIDs: Bool?

    /// Creates a port; with `evb`, it runs LLDP with the EVB TLV (the first LLDPDU is due at `now`).
    public init(configuration: BridgePortConfiguration, evb: EVBConfiguration? = nil, now: Instant) {
        var configuration = configuration
        if let evb {
            configuration.parameters.groupIDsSupported = evb.supportsGroupIDs
        }
        port = BridgePort(configuration: configuration)
        link = EVBLink(address: configuration.address, evb: evb, now: now)
        offersGroupIDs = evb?.supportsGroupIDs
    }

    /// The earliest time the port needs ``advance(to:into:)``.
    public var nextDeadline: Instant? {
        [port.nextDeadline, link.nextDeadline].compactMap { $0 }.min()
    }

    /// The LLDP agent that negotiates with the station, when EVB runs on the port.
    public var lldp: LLDPAgent? { link.lldp }
    /// Whether the link to the station is up (as the driver last reported it).
    public var isLinkUp: Bool { link.isUp }
    /// The port's counters (reassociations stay zero on a bridge).
    public var counters: EVBPortCounters { link.counters }
    /// Whether the EVB parameters are in force: negotiated with a station, or EVB is off.
    public var isNegotiated: Bool { link.isNegotiated }

    /// The shutdown LLDPDU (TTL 0) to send when this end goes away, so the station forgets it at once; `nil`
    /// without EVB.
    public func shutdownFrame() -> Frame? { link.shutdownFrame() }

    // MARK: Inputs

    /// A frame from the wire: LLDP goes to the LLDP agent (when EVB runs), the rest to the VDP port.
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [BridgeEVBOutput]) {
        if let delivery = acknowledge(frame, at: now, into: &output) {
            deliver(delivery, at: now, into: &output)
        }
    }

    /// The first half of ``receive(_:at:into:)``: an ECP request is only acknowledged
    /// (``BridgePort/acknowledge(_:arrivedAt:at:into:)``) and its VDP content returned for
    /// ``deliver(_:at:into:)``; any other frame is handled entirely and `nil` returned.
    package mutating func acknowledge(
        _ frame: Frame,
        arrivedAt: Instant? = nil,
        at now: Instant,
        into output: inout [BridgeEVBOutput]
    ) -> ECPDelivery? {
        switch link.receive(frame, at: now) {
        case .dropped:
            return nil
        case .lldp(_, let changes):
            apply(changes, into: &output)
            return nil
        case .vdp:
            var portOutput: [BridgeOutput] = []
            let delivery = port.acknowledge(frame, arrivedAt: arrivedAt, at: now, into: &portOutput)
            route(portOutput, into: &output)
            return delivery
        }
    }

    /// The second half of ``receive(_:at:into:)``: ``BridgePort/deliver(_:at:into:)``.
    package mutating func deliver(_ delivery: ECPDelivery, at now: Instant, into output: inout [BridgeEVBOutput]) {
        var portOutput: [BridgeOutput] = []
        port.deliver(delivery, at: now, into: &portOutput)
        route(portOutput, into: &output)
    }

    /// Runs everything due at `now`: ECP retransmissions, decision timeouts, ageing, LLDP transmissions and the
    /// peer's expiry.
    public mutating func advance(to now: Instant, into output: inout [BridgeEVBOutput]) {
        var portOutput: [BridgeOutput] = []
        port.advance(to: now, into: &portOutput)
        route(portOutput, into: &output)
        let changes = link.advance(to: now, into: &output)
        apply(changes, into: &output)
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

    /// What accepting a pending decision will grant: ``BridgePort/prepareAccept(_:_:)``.
    package mutating func prepareAccept(_ id: BridgeDecisionID, _ assignment: VIDAssignment) -> BridgePreparedGrant? {
        port.prepareAccept(id, assignment)
    }

    /// Puts back the VSIs a previous run granted: ``BridgePort/restore(_:at:)``.
    public mutating func restore(_ snapshots: [BridgeVSISnapshot], at now: Instant) throws(BridgeRestoreError) {
        try port.restore(snapshots, at: now)
    }

    /// ``BridgePort/tracksChanges``.
    package var tracksChanges: Bool {
        get { port.tracksChanges }
        set { port.tracksChanges = newValue }
    }

    /// ``BridgePort/takeChangedVSIs()``.
    package mutating func takeChangedVSIs() -> Set<VSIID> {
        port.takeChangedVSIs()
    }

    /// ``BridgePort/vidHolds(of:)``.
    package func vidHolds(of vsiID: VSIID) -> [BridgeVIDHold] {
        port.vidHolds(of: vsiID)
    }

    /// ``BridgePort/restoreHoldings(of:)``.
    package mutating func restoreHoldings(of vsiID: VSIID) {
        port.restoreHoldings(of: vsiID)
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
        apply(link.down(), into: &output)
    }

    /// The link came back up. Calling it while the link is up does nothing.
    public mutating func linkUp(at now: Instant, into output: inout [BridgeEVBOutput]) {
        apply(link.up(), into: &output)
    }

    /// The driver could not send a frame: counted and reported; when the failure says the link is down, as
    /// ``linkDown(at:into:)``.
    public mutating func sendFailed(
        _ failure: TransmissionFailure,
        at now: Instant,
        into output: inout [BridgeEVBOutput]
    ) {
        apply(link.sendFailed(failure), into: &output)
    }

    // MARK: Plumbing

    /// The bridge's side of the link's changes: negotiated values go to the VDP port; a lost peer or link restarts
    /// ECP (the VSIs stay), and a lost peer gives GroupIDs back to this bridge's offer.
    private mutating func apply(_ changes: [EVBLink.Change], into output: inout [BridgeEVBOutput]) {
        for change in changes {
            switch change {
            case .negotiated(let parameters): port.update(parameters: parameters)
            case .peerLost:
                port.peerLost()
                if let offersGroupIDs {
                    // The next station has not negotiated yet: GroupIDs follow this bridge's offer again.
                    var parameters = port.configuration.parameters
                    parameters.groupIDsSupported = offersGroupIDs
                    port.update(parameters: parameters)
                }
            case .linkDown: port.peerLost()
            case .linkUp, .sendFailed: break
            }
            output.append(.event(change.event()))
        }
    }

    private func route(_ portOutput: [BridgeOutput], into output: inout [BridgeEVBOutput]) {
        for item in portOutput {
            switch item {
            case .send(let frame):
                if link.isUp {
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
