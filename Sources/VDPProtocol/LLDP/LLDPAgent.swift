import VDPWire

/// A sans-I/O LLDP agent for one port on the nearest-customer-bridge address, carrying the ratified EVB TLV from
/// the ``EVBNegotiator`` it owns.
///
/// Transmission:
/// - the first LLDPDU is due at the instant the agent is created, and the first
///   ``LLDPAgentConfiguration/fastStartCount`` LLDPDUs go out ``LLDPAgentConfiguration/fastStartInterval``
///   apart; after that, one every ``LLDPAgentConfiguration/messageInterval``. Every transmission restarts that
///   schedule from its own instant;
/// - when the local EVB TLV differs from the one last sent (after a receive or a peer loss), an extra LLDPDU is
///   due at once, but never sooner than ``LLDPAgentConfiguration/fastStartInterval`` after the previous one;
/// - every LLDPDU carries the chassis ID and port ID (both the port's MAC address), the Time To Live
///   ``LLDPAgentConfiguration/timeToLive``, the EVB TLV and an End TLV.
///
/// Reception: an LLDPDU from the peer restarts the peer's expiry deadline (its Time To Live in seconds) and feeds
/// its EVB TLV, or `nil` if it carries none, to the negotiator. A shutdown LLDPDU (TTL 0) or the expiry forgets the
/// peer. The agent keeps a single peer per port and does not compare chassis or port IDs.
///
/// | event | events reported |
/// | --- | --- |
/// | first EVB TLV of the opposite role | ``LLDPAgentEvent/peerNegotiated(_:)`` |
/// | a later TLV that changes the parameters or the RR state | ``LLDPAgentEvent/peerChanged(_:)`` |
/// | TTL 0, TTL expiry or an LLDPDU without EVB TLV, while negotiated | ``LLDPAgentEvent/peerLost`` |
public struct LLDPAgent: Sendable, Equatable {
    /// What is known of the peer's LLDP session.
    private enum PeerState: Sendable, Equatable {
        /// No LLDPDU heard, or the peer shut down or expired.
        case absent
        /// LLDPDUs are arriving; the peer is forgotten at `expiry` unless another one arrives.
        case present(expiry: Instant)
    }

    /// The agent's configuration.
    public let configuration: LLDPAgentConfiguration
    /// The EVB negotiation fed by received LLDPDUs.
    public private(set) var negotiator: EVBNegotiator

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
        self.nextScheduledTransmission = now
        self.fastTransmissionsLeft = max(configuration.fastStartCount, 0)
    }

    /// Handles an LLDPDU received from the peer and appends any resulting events.
    ///
    /// Call ``advance(to:into:events:)`` afterwards: a change of the local EVB TLV makes an extra LLDPDU due.
    public mutating func receive(_ lldpdu: LLDPDU, at now: Instant, into events: inout [LLDPAgentEvent]) {
        if lldpdu.isShutdown {
            switch peerState {
            case .absent:
                return
            case .present:
                forgetPeer(into: &events)
            }
            return
        }
        peerState = .present(expiry: now + .seconds(Int64(lldpdu.timeToLive)))
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
        case .present(let expiry) where now >= expiry:
            forgetPeer(into: &events)
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
        case .present(let expiry): min(expiry, transmissionDeadline)
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

    /// Whether an LLDPDU has been heard from the peer and it has neither shut down nor expired.
    public var hasPeer: Bool {
        switch peerState {
        case .absent: false
        case .present: true
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
