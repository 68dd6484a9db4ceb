import VDPWire

/// A sans-I/O LLDP agent for one port on the nearest-customer-bridge address, carrying the ratified EVB TLV and
/// negotiating the EVB values (``parameters``) with its neighbour.
///
/// Transmission:
/// - the first LLDPDU is due at the instant the agent is created, and the first
///   ``LLDPAgentConfiguration/fastStartCount`` LLDPDUs go out ``LLDPAgentConfiguration/fastStartInterval``
///   apart; after that, one every ``LLDPAgentConfiguration/messageInterval``. Every transmission restarts that
///   schedule from its own instant;
/// - when the local EVB TLV differs from the one last sent (after a receive or a peer loss), an extra LLDPDU is
///   due at once, but never sooner than ``LLDPAgentConfiguration/fastStartInterval`` after the previous one;
/// - when an LLDPDU brings information new to the agent (802.1AB newNeighbor and fast transmission): a new
///   neighbour, or the neighbour's EVB TLV differs from its previous one (or appears or disappears), and no fast
///   transmissions are left, ``LLDPAgentConfiguration/fastStartCount`` LLDPDUs go out again
///   ``LLDPAgentConfiguration/fastStartInterval`` apart, the first at once but never sooner than
///   ``LLDPAgentConfiguration/fastStartInterval`` after the previous one. A neighbour that restarted with the same
///   chassis and port ID advertises an EVB TLV that has not heard this port (RRSTAT, echoed status, ROL bits), so
///   it gets this port's TLV within a few seconds rather than at the next ``LLDPAgentConfiguration/messageInterval``,
///   also when some LLDPDUs are lost. A neighbour whose TLVs keep changing makes the agent send at most one LLDPDU
///   per ``LLDPAgentConfiguration/fastStartInterval``;
/// - every LLDPDU carries the chassis ID and port ID (both the port's MAC address), the Time To Live
///   ``LLDPAgentConfiguration/timeToLive``, the EVB TLV and an End TLV.
///
/// Reception: the port has at most one neighbour, identified by the chassis ID and port ID of its LLDPDUs
/// (``neighbour``, an ``LLDPNeighbourID``). The first LLDPDU heard with a Time To Live above 0 makes its sender the
/// neighbour. After that, an LLDPDU from the neighbour restarts its expiry deadline (its Time To Live in seconds, at
/// most ``LLDPAgentConfiguration/maximumNeighbourTimeToLive``) and feeds its EVB TLV, or `nil` if it carries none,
/// to the negotiator; a shutdown LLDPDU (TTL 0) from the neighbour, or the expiry, forgets it. An LLDPDU from any
/// other sender, whatever it carries (TTL 0, no EVB TLV, an EVB TLV of either role), is counted in
/// ``LLDPAgentCounters/foreignLLDPDUsIgnored`` and changes nothing: it neither ends nor replaces nor renegotiates
/// the neighbour. Another sender becomes the neighbour only once the current one has shut down or expired; when its
/// LLDPDU arrives after the current neighbour's deadline but before ``advance(to:into:events:)`` has run, the
/// current neighbour expires first, within the same ``receive(_:at:into:)``. The port's own LLDPDUs, looped back,
/// are ignored. LLDP has no authentication: a sender that copies the neighbour's two IDs is the neighbour, and a
/// sender that speaks first keeps the port while it goes on sending.
/// The negotiated exponents are bounded by ``EVBConfiguration/ceilings`` (``EVBCeilings``).
///
/// | input | from | outcome | event |
/// | --- | --- | --- | --- |
/// | any LLDPDU with this port's own chassis ID and port ID | itself, looped back | ignored (counted) | — |
/// | LLDPDU, TTL > 0, no neighbour yet | anyone | the sender becomes the neighbour, fast transmission; as below | |
/// | LLDPDU, EVB TLV other than its previous one | the neighbour | fast transmission; as below | |
/// | LLDPDU, first EVB TLV of the opposite role | the neighbour | negotiated | ``LLDPAgentEvent/peerNegotiated(_:)`` |
/// | LLDPDU, new parameters or RR state | the neighbour | renegotiated | ``LLDPAgentEvent/peerChanged(_:)`` |
/// | LLDPDU without EVB TLV, while negotiated | the neighbour | kept, not negotiated | ``LLDPAgentEvent/peerLost`` |
/// | LLDPDU, TTL 0 | the neighbour | no neighbour | ``LLDPAgentEvent/peerLost`` if negotiated |
/// | its TTL runs out (``advance(to:into:events:)``) | — | no neighbour | ``LLDPAgentEvent/peerLost`` if negotiated |
/// | LLDPDU, TTL 0, no neighbour | anyone | ignored (counted) | — |
/// | any LLDPDU, the neighbour not expired | another sender | ignored (counted) | — |
/// | any LLDPDU, the neighbour's TTL run out | another sender | expiry, then as with no neighbour | as for both |
public struct LLDPAgent: Sendable, Equatable {
    /// What is known of the peer's LLDP session.
    private enum PeerState: Sendable, Equatable {
        /// No LLDPDU heard, or the peer shut down or expired.
        case absent
        /// LLDPDUs are arriving from `neighbour`, the last one with the EVB TLV `evb` (any role, or `nil` if it
        /// carried none); it is forgotten at `expiry` unless another one arrives.
        case present(neighbour: LLDPNeighbourID, evb: EVBTLV?, expiry: Instant)
    }

    /// The agent's configuration.
    public let configuration: LLDPAgentConfiguration
    /// The EVB negotiation fed by received LLDPDUs.
    package private(set) var negotiator: EVBNegotiator

    /// Running totals of LLDPDUs received and of the neighbour's arrivals and departures.
    public private(set) var counters = LLDPAgentCounters()

    /// The chassis ID and port ID this agent sends: an LLDPDU carrying them is its own, looped back.
    private let ownID: LLDPNeighbourID
    private var peerState: PeerState = .absent
    private var nextScheduledTransmission: Instant
    private var fastTransmissionsLeft: Int
    private var lastTransmission: Instant?
    private var lastSentTLV: EVBTLV?

    /// The shortest period used for any schedule, so that a transmission is never due again at its own instant.
    private static let shortestInterval = Duration.nanoseconds(1)

    /// Creates an agent whose first LLDPDU is due at `now`.
    public init(configuration: LLDPAgentConfiguration, now: Instant) {
        self.configuration = configuration
        self.negotiator = EVBNegotiator(configuration: configuration.evb)
        self.ownID = LLDPNeighbourID(
            chassisID: LLDPChassisID(macAddress: configuration.address),
            portID: LLDPPortID(macAddress: configuration.address)
        )
        self.nextScheduledTransmission = now
        self.fastTransmissionsLeft = max(configuration.fastStartCount, 0)
    }

    /// Handles an LLDPDU received on the port and appends any resulting events.
    ///
    /// Only the neighbour's LLDPDUs count; see the table in the type's description. Call
    /// ``advance(to:into:events:)`` afterwards: a change of the local EVB TLV makes an extra LLDPDU due.
    public mutating func receive(_ lldpdu: LLDPDU, at now: Instant, into events: inout [LLDPAgentEvent]) {
        let sender = LLDPNeighbourID(lldpdu)
        guard sender != ownID else {
            counters.ownLLDPDUsIgnored &+= 1
            return
        }
        if case .present(let current, _, let expiry) = peerState, current != sender {
            guard now >= expiry else {
                counters.foreignLLDPDUsIgnored &+= 1
                return
            }
            expire(into: &events)
        }
        if lldpdu.isShutdown {
            guard hasPeer else {
                counters.shutdownsWithoutNeighbour &+= 1
                return
            }
            counters.shutdownsHonoured &+= 1
            forgetPeer(into: &events)
            return
        }
        let isNewInformation: Bool
        switch peerState {
        case .absent:
            counters.neighboursAccepted &+= 1
            isNewInformation = true
        case .present(_, let previousEVB, _):
            isNewInformation = previousEVB != lldpdu.evb
        }
        counters.neighbourLLDPDUs &+= 1
        let timeToLive = min(Duration.seconds(Int64(lldpdu.timeToLive)), configuration.maximumNeighbourTimeToLive)
        peerState = .present(neighbour: sender, evb: lldpdu.evb, expiry: now + timeToLive)
        if isNewInformation {
            startFastTransmission()
        }
        let wasNegotiated = negotiator.isNegotiated
        let changed = negotiator.receive(lldpdu.evb)
        switch (wasNegotiated, negotiator.isNegotiated) {
        case (false, true):
            events.append(.peerNegotiated(negotiator.parameters))
        case (true, true):
            if changed {
                events.append(.peerChanged(negotiator.parameters))
            }
        case (true, false):
            events.append(.peerLost)
        case (false, false):
            break
        }
    }

    /// Runs everything due at `now`: the peer's expiry, then at most one transmission (scheduled or triggered by a
    /// change of the local EVB TLV). Calling it again at the same instant does nothing.
    public mutating func advance(to now: Instant, into frames: inout [LLDPDU], events: inout [LLDPAgentEvent]) {
        switch peerState {
        case .present(_, _, let expiry) where now >= expiry:
            expire(into: &events)
        case .present, .absent:
            break
        }
        if now >= transmissionDeadline {
            transmit(at: now, into: &frames)
        }
    }

    /// The earliest of the next transmission and the peer's expiry.
    public var nextDeadline: Instant? {
        switch peerState {
        case .absent: transmissionDeadline
        case .present(_, _, let expiry): min(expiry, transmissionDeadline)
        }
    }

    /// The LLDPDU a transmission would send now.
    public var advertisedLLDPDU: LLDPDU {
        LLDPDU(
            chassisID: LLDPChassisID(macAddress: configuration.address),
            portID: LLDPPortID(macAddress: configuration.address),
            timeToLive: configuration.timeToLive,
            optionalTLVs: [.evb(negotiator.localTLV)],
            end: .endTLV
        )
    }

    /// The shutdown LLDPDU to send when the agent stops: chassis ID, port ID and Time To Live 0, no EVB TLV (as
    /// lldpad sends it).
    public func shutdownLLDPDU() -> LLDPDU {
        LLDPDU(
            chassisID: LLDPChassisID(macAddress: configuration.address),
            portID: LLDPPortID(macAddress: configuration.address),
            timeToLive: 0,
            optionalTLVs: [],
            end: .endTLV
        )
    }

    /// The values ECP and VDP run with: the negotiated ones once an EVB TLV of the opposite role has been heard
    /// from the neighbour, the local ones before that and after the neighbour is lost.
    public var parameters: EVBParameters { negotiator.parameters }

    /// Whether the neighbour's EVB TLV, of the opposite role, has been heard (and the neighbour not lost since).
    public var isNegotiated: Bool { negotiator.isNegotiated }

    /// Whether reflective relay is in effect: for a station, the bridge's RRCTR bit; for a bridge, whether it set
    /// RRCTR (it is RR capable and the station requested RR).
    public var reflectiveRelayActive: Bool { negotiator.reflectiveRelayActive }

    /// Whether the port has a neighbour: an LLDPDU has been heard and its sender has neither shut down nor expired.
    public var hasPeer: Bool { neighbour != nil }

    /// The port's neighbour, or `nil` before the first LLDPDU and after the neighbour shut down or expired.
    public var neighbour: LLDPNeighbourID? {
        switch peerState {
        case .absent: nil
        case .present(let neighbour, _, _): neighbour
        }
    }

    /// When the next LLDPDU is due: the scheduled one, or sooner when the local EVB TLV changed.
    private var transmissionDeadline: Instant {
        guard let lastSentTLV, let lastTransmission, lastSentTLV != negotiator.localTLV else {
            return nextScheduledTransmission
        }
        return min(nextScheduledTransmission, lastTransmission + interval(configuration.fastStartInterval))
    }

    private mutating func transmit(at now: Instant, into frames: inout [LLDPDU]) {
        let lldpdu = advertisedLLDPDU
        frames.append(lldpdu)
        lastTransmission = now
        lastSentTLV = lldpdu.evb
        if fastTransmissionsLeft > 0 {
            fastTransmissionsLeft -= 1
        }
        let period = fastTransmissionsLeft > 0 ? configuration.fastStartInterval : configuration.messageInterval
        nextScheduledTransmission = now + interval(period)
    }

    /// 802.1AB's fast transmission for a new neighbour: unless fast transmissions are still left, the next
    /// ``LLDPAgentConfiguration/fastStartCount`` LLDPDUs go out ``LLDPAgentConfiguration/fastStartInterval`` apart,
    /// the first at once (never sooner than that interval after the previous LLDPDU).
    private mutating func startFastTransmission() {
        guard fastTransmissionsLeft == 0, configuration.fastStartCount > 0 else {
            return
        }
        fastTransmissionsLeft = configuration.fastStartCount
        if let lastTransmission {
            nextScheduledTransmission = min(
                nextScheduledTransmission,
                lastTransmission + interval(configuration.fastStartInterval)
            )
        }
    }

    private mutating func expire(into events: inout [LLDPAgentEvent]) {
        counters.expiries &+= 1
        forgetPeer(into: &events)
    }

    private mutating func forgetPeer(into events: inout [LLDPAgentEvent]) {
        peerState = .absent
        let wasNegotiated = negotiator.isNegotiated
        _ = negotiator.receive(nil)
        if wasNegotiated {
            events.append(.peerLost)
        }
    }

    private func interval(_ duration: Duration) -> Duration {
        max(duration, Self.shortestInterval)
    }
}
