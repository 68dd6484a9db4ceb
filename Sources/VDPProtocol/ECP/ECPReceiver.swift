import VDPWire

/// The ECP receive state machine for one port (802.1Qbg-2012 43.3.8; lldpad `ecp22.c`).
///
/// Every version-1 request of subtype VDP or PE-CSP is acknowledged with its own subtype and sequence number. A
/// request that repeats the last sequence number received is a retransmission: it is acknowledged again but not
/// delivered. lldpad checks only that; this receiver also remembers the last ``recentWindow`` sequence numbers
/// it delivered, and treats a request repeating one of them within ``duplicateHorizon`` as a late copy too: on a
/// link that reorders, a delayed retransmission of seq n may arrive after seq n + 1 and must not be delivered
/// twice. A number seen longer ago than the horizon is new (the peer restarted its numbering). The first request
/// after ``init(duplicateHorizon:)`` or ``reset()`` is always new. Only VDP requests carry a ULPDU to deliver; a
/// PE-CSP request is acknowledged and dropped, as lldpad does.
///
/// | state | event | result | next state |
/// | --- | --- | --- | --- |
/// | waiting for the first | request n | ack n, deliver | last = n |
/// | last = m | request n ≠ m, not delivered within the horizon | ack n, deliver | last = n |
/// | last = m | request m | ack m, no delivery (duplicate) | last = m |
/// | last = m | request n ≠ m delivered within the horizon (a late copy) | ack n, no delivery | last = m |
/// | any | acknowledgement, other version or operation, subtype not 1 or 2 | `nil` (no ack) | unchanged |
/// | any | ``reset()`` | — | waiting for the first |
public struct ECPReceiver: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        /// Nothing received since start or reset (lldpad's RX_WAIT).
        case waitingForFirst
        /// At least one request received (lldpad's RX_WAIT2).
        case receiving(lastSequenceNumber: UInt16)
    }

    private struct Recent: Sendable, Equatable {
        var sequenceNumber: UInt16
        var at: Instant
    }

    private var state: State = .waitingForFirst
    private var recent: [Recent] = []

    /// How many recently delivered sequence numbers are remembered.
    public static let recentWindow = 16

    /// How long a delivered sequence number counts as seen: longer than any sender keeps retransmitting it.
    public var duplicateHorizon: Duration

    /// Running totals.
    public private(set) var counters = ECPReceiverCounters()

    /// Creates a receiver that treats the next request as new.
    public init(duplicateHorizon: Duration = .seconds(1)) {
        self.duplicateHorizon = duplicateHorizon
    }

    private func isLateCopy(_ sequenceNumber: UInt16, at now: Instant) -> Bool {
        recent.contains { $0.sequenceNumber == sequenceNumber && now - $0.at <= duplicateHorizon }
    }

    /// Handles one received ECPDU.
    ///
    /// Returns `nil` for anything that is not a version-1 request of subtype VDP (1) or PE-CSP (2); lldpad drops
    /// those without an acknowledgement. For a request, returns the acknowledgement to send and, when the request
    /// is new and carries a VDP ULPDU, that ULPDU.
    public mutating func receive(_ ecpdu: ECPDU, at now: Instant) -> ECPReceiverResult? {
        guard ecpdu.version == .v1, ecpdu.operation == .request,
            ecpdu.subtype == .vdp || ecpdu.subtype == .portExtenderControlAndStatus
        else {
            counters.ignored += 1
            return nil
        }
        counters.received += 1
        let sequenceNumber = ecpdu.sequenceNumber
        let acknowledgement = ECPDU.acknowledgement(of: sequenceNumber, subtype: ecpdu.subtype)
        switch state {
        case .receiving(let lastSequenceNumber) where lastSequenceNumber == sequenceNumber:
            counters.duplicates += 1
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: nil)
        case .receiving where isLateCopy(sequenceNumber, at: now):
            counters.duplicates += 1
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: nil)
        case .receiving, .waitingForFirst:
            state = .receiving(lastSequenceNumber: sequenceNumber)
        }
        if recent.count == Self.recentWindow {
            recent.removeFirst()
        }
        recent.append(Recent(sequenceNumber: sequenceNumber, at: now))
        switch ecpdu.payload {
        case .vdp(let ulpdu) where ecpdu.subtype == .vdp:
            counters.delivered += 1
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: ulpdu)
        case .salvagedVDP(let salvage) where ecpdu.subtype == .vdp:
            counters.delivered += 1
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: nil, salvaged: salvage)
        case .vdp, .salvagedVDP, .acknowledgement, .opaque:
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: nil)
        }
    }

    /// Forgets the last sequence number (the port went down), so the next request is new. Counters are kept.
    public mutating func reset() {
        state = .waitingForFirst
        recent.removeAll()
    }

    /// The sequence number of the last request received, or `nil` before the first.
    public var lastSequenceNumber: UInt16? {
        switch state {
        case .waitingForFirst: nil
        case .receiving(let lastSequenceNumber): lastSequenceNumber
        }
    }
}
