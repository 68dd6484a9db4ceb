import VDPWire

/// Ratified EVB TLV negotiation for one port, as lldpad does it (`lldp_evb22.c`; WIRE.md §5.1).
///
/// Feed it every EVB TLV received from the peer (``receive(_:)``), and `nil` when the peer goes away (TTL expiry
/// or a shutdown LLDPDU); advertise ``localTLV`` in every LLDPDU; run ECP and VDP with ``parameters``.
///
/// - R, RTE, RWD and RKA: each side advertises and uses max(local, peer), where the peer's value counts only up to
///   the configuration's ``EVBConfiguration/ceilings``: max(local, min(peer, ceiling)). The ROL bit next to RWD and
///   RKA is set when the peer's value (so capped) was taken, that is when it is at least the local one (ties give
///   ROL = 1). lldpad has no ceilings; with values below ours (its defaults are) the result is lldpad's. A peer that
///   insists on more than our ceiling runs with its own value while we run with, and advertise, the ceiling.
/// - Status octets: each side echoes the peer's status octet verbatim (a station copies the bridge status, a
///   bridge the station status). A bridge sets RRCTR when it is RR capable and the station's RRREQ is set. A
///   station reports RRSTAT 3 (unknown) until it hears a bridge, then 1 if the bridge set RRCTR and 0 if not.
/// - Group IDs are usable only when the bridge's BGID and the station's SGID are both set.
///
/// Only a TLV from the opposite role counts as a peer. A TLV whose mode is this port's own role (two stations, or
/// two bridges, on one link), "not supported" or reserved is ignored: the negotiator stays as it was and
/// ``receive(_:)`` returns `false`.
///
/// Before a peer is heard, and after it is lost, lldpad fills the peer's fields with zeros; this type does the
/// same except for ROL, which is 0 with no peer (lldpad would set ROL when a local exponent is 0, since 0 ≥ 0).
package struct EVBNegotiator: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        /// No EVB TLV from the opposite role has been received, or the peer was lost.
        case waitingForPeer
        /// The last EVB TLV received from the peer.
        case negotiated(peer: EVBTLV)
    }

    /// The values this end advertises and uses, derived from the configuration and the peer's TLV.
    private struct Outcome: Equatable {
        var bridgeStatus: EVBBridgeStatus
        var stationStatus: EVBStationStatus
        var maximumRetries: UInt8
        var retransmissionExponent: UInt8
        var resourceWaitDelayExponent: UInt8
        var resourceWaitDelayIsRemote: Bool
        var reinitKeepAliveExponent: UInt8
        var reinitKeepAliveIsRemote: Bool
    }

    /// The local policy.
    package let configuration: EVBConfiguration
    private var state: State = .waitingForPeer

    /// Creates a negotiator that has not heard a peer yet.
    package init(configuration: EVBConfiguration) {
        self.configuration = configuration
    }

    /// Takes in the peer's EVB TLV, or `nil` when the peer is gone (its TTL expired, it sent a shutdown LLDPDU,
    /// or its LLDPDU no longer carries an EVB TLV).
    ///
    /// A TLV whose mode is not the opposite role is ignored. Returns `true` when ``parameters`` or
    /// ``reflectiveRelayActive`` changed.
    package mutating func receive(_ peer: EVBTLV?) -> Bool {
        let before = (parameters, reflectiveRelayActive)
        if let peer {
            guard peer.mode == configuration.role.peer.mode else {
                return false
            }
            state = .negotiated(peer: peer)
        } else {
            state = .waitingForPeer
        }
        return before != (parameters, reflectiveRelayActive)
    }

    /// The last EVB TLV accepted from the peer, or `nil` before one is heard and after the peer is lost.
    package var peer: EVBTLV? {
        switch state {
        case .waitingForPeer: nil
        case .negotiated(let peer): peer
        }
    }

    /// Whether an EVB TLV of the opposite role has been received (and the peer has not been lost since).
    package var isNegotiated: Bool { peer != nil }

    /// The EVB TLV to advertise now, with lldpad's exact bits.
    package var localTLV: EVBTLV {
        let outcome = self.outcome
        return EVBTLV(
            clampingBridgeStatus: outcome.bridgeStatus,
            stationStatus: outcome.stationStatus,
            maximumRetries: outcome.maximumRetries,
            retransmissionExponent: outcome.retransmissionExponent,
            mode: configuration.role.mode,
            resourceWaitDelayIsRemote: outcome.resourceWaitDelayIsRemote,
            resourceWaitDelayExponent: outcome.resourceWaitDelayExponent,
            reinitKeepAliveIsRemote: outcome.reinitKeepAliveIsRemote,
            reinitKeepAliveExponent: outcome.reinitKeepAliveExponent
        )
    }

    /// The values ECP and VDP run with: max(local, min(peer, ceiling)) for R, RTE, RWD and RKA (the local values
    /// before a peer is heard), and group IDs when the bridge's BGID and the station's SGID are both set (never
    /// without a peer).
    package var parameters: EVBParameters {
        let outcome = self.outcome
        return EVBParameters(
            maximumRetries: outcome.maximumRetries,
            retransmissionExponent: outcome.retransmissionExponent,
            resourceWaitDelayExponent: outcome.resourceWaitDelayExponent,
            reinitKeepAliveExponent: outcome.reinitKeepAliveExponent,
            groupIDsSupported: outcome.bridgeStatus.supportsGroupID && outcome.stationStatus.supportsGroupID
        )
    }

    /// Whether reflective relay is in effect: for a station, the bridge's RRCTR bit (RRSTAT 1); for a bridge,
    /// whether it set RRCTR (it is RR capable and the station requested RR).
    package var reflectiveRelayActive: Bool {
        switch configuration.role {
        case .station: peer?.bridgeStatus.reflectiveRelayControl ?? false
        case .bridge: outcome.bridgeStatus.reflectiveRelayControl
        }
    }

    /// lldpad's `bridge_tlv` / `station_tlv` and `common_tlv`.
    private var outcome: Outcome {
        let local = configuration
        let peer = self.peer
        let bridgeStatus: EVBBridgeStatus
        let stationStatus: EVBStationStatus
        switch local.role {
        case .station:
            bridgeStatus = peer?.bridgeStatus ?? EVBBridgeStatus()
            let relayStatus: EVBReflectiveRelayStatus
            if let peer {
                relayStatus = peer.bridgeStatus.reflectiveRelayControl ? .active : .notActive
            } else {
                relayStatus = .unknown
            }
            stationStatus = EVBStationStatus(
                supportsGroupID: local.supportsGroupIDs,
                requestsReflectiveRelay: local.reflectiveRelay,
                reflectiveRelayStatus: relayStatus
            )
        case .bridge:
            stationStatus = peer?.stationStatus ?? EVBStationStatus()
            let requested = peer?.stationStatus.requestsReflectiveRelay ?? false
            bridgeStatus = EVBBridgeStatus(
                supportsGroupID: local.supportsGroupIDs,
                reflectiveRelayCapable: local.reflectiveRelay,
                reflectiveRelayControl: local.reflectiveRelay && requested
            )
        }
        let ceilings = local.ceilings
        let localR = min(local.maximumRetries, EVBTLV.maximumRetriesLimit)
        let localRTE = min(local.retransmissionExponent, EVBTLV.exponentLimit)
        let localRWD = min(local.resourceWaitDelayExponent, EVBTLV.exponentLimit)
        let localRKA = min(local.reinitKeepAliveExponent, EVBTLV.exponentLimit)
        let peerR = peer.map { min($0.maximumRetries, ceilings.maximumRetries) }
        let peerRTE = peer.map { min($0.retransmissionExponent, ceilings.retransmissionExponent) }
        let peerRWD = peer.map { min($0.resourceWaitDelayExponent, ceilings.resourceWaitDelayExponent) }
        let peerRKA = peer.map { min($0.reinitKeepAliveExponent, ceilings.reinitKeepAliveExponent) }
        return Outcome(
            bridgeStatus: bridgeStatus,
            stationStatus: stationStatus,
            maximumRetries: max(localR, peerR ?? 0),
            retransmissionExponent: max(localRTE, peerRTE ?? 0),
            resourceWaitDelayExponent: max(localRWD, peerRWD ?? 0),
            resourceWaitDelayIsRemote: peerRWD.map { $0 >= localRWD } ?? false,
            reinitKeepAliveExponent: max(localRKA, peerRKA ?? 0),
            reinitKeepAliveIsRemote: peerRKA.map { $0 >= localRKA } ?? false
        )
    }
}
