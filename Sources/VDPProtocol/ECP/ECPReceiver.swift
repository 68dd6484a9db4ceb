import VDPWire

/// The ECP receive state machine for one port and one peer (802.1Qbg-2012 43.3.8; lldpad `ecp22.c`).
///
/// Every version-1 request of subtype VDP or PE-CSP is acknowledged with its own subtype and sequence number. A
/// request that repeats the last sequence number received is a retransmission: it is acknowledged again but not
/// delivered. lldpad checks only that; this receiver also keeps a receive history of the sequence numbers it
/// delivered within ``duplicateHorizon`` and treats a request repeating one of them as a copy too: on a link that
/// reorders, a delayed retransmission of seq n may arrive after seq n + 1 and must not be delivered twice, and a
/// bridge that keeps the history for toutKeepAlive does not deliver a captured request replayed within that time.
/// A number last delivered longer ago than the horizon is new (the peer restarted its numbering). The first request after
/// ``init(duplicateHorizon:)`` or ``reset()`` is always new. Only VDP requests carry a ULPDU to deliver; a PE-CSP
/// request is acknowledged and dropped, as lldpad does.
///
/// The history is bounded: it is kept as runs of consecutive numbers (a sender numbers its ECPDUs one after the
/// other, so one run per ``duplicateHorizon``/2 is usual), at most ``maximumHistoryRuns`` runs covering at most
/// ``maximumHistorySpan`` numbers; the oldest run goes first when either is exceeded, counted in
/// ``ECPReceiverCounters/historyEvictions``. A number evicted early is new again, as after the horizon. Since
/// the history never covers more than half the sequence space, a sender's next numbers are never taken for
/// copies, however fast it sends.
///
/// | state | event | result | next state |
/// | --- | --- | --- | --- |
/// | waiting for the first | request n | ack n, deliver | last = n |
/// | last = m | request n ≠ m, not delivered within the horizon | ack n, deliver | last = n |
/// | last = m | request m | ack m, no delivery (duplicate) | last = m |
/// | last = m | request n ≠ m delivered within the horizon (a late copy or a replay) | ack n, no delivery | last = m |
/// | any | acknowledgement, other version or operation, subtype not 1 or 2 | `nil` (no ack) | unchanged |
/// | any | ``reset()`` | — | waiting for the first |
package struct ECPReceiver: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        /// Nothing received since start or reset (lldpad's RX_WAIT).
        case waitingForFirst
        /// At least one request received (lldpad's RX_WAIT2).
        case receiving(lastSequenceNumber: UInt16)
    }

    /// Consecutive sequence numbers `first` … `last` (in the 16-bit sequence space, 0 skipped on wrap as a
    /// sender skips it), delivered between `startedAt` and `lastAt`.
    private struct Run: Sendable, Equatable {
        var first: UInt16
        var last: UInt16
        var startedAt: Instant
        var lastAt: Instant

        /// The numbers the run covers.
        var span: Int { Int(last &- first) + 1 }

        func contains(_ number: UInt16) -> Bool {
            number &- first <= last &- first
        }
    }

    private var state: State = .waitingForFirst
    /// Oldest first; only the newest run grows, so the runs are also in order of `lastAt`.
    private var history: [Run] = []

    /// The most runs of consecutive numbers the history keeps.
    package static let maximumHistoryRuns = 64
    /// The most sequence numbers the history covers: half the sequence space, so a peer's next numbers are
    /// never all taken for copies.
    package static let maximumHistorySpan = 32_768

    /// How long a delivered sequence number counts as seen: at least as long as any sender keeps retransmitting
    /// it. A bridge port sets it to toutKeepAlive, so a request replayed within that time is not delivered again.
    package var duplicateHorizon: Duration

    /// Running totals.
    package private(set) var counters = ECPReceiverCounters()

    /// Creates a receiver that treats the next request as new.
    package init(duplicateHorizon: Duration = .seconds(1)) {
        self.duplicateHorizon = duplicateHorizon
    }

    private func isCopy(_ sequenceNumber: UInt16, at now: Instant) -> Bool {
        history.contains { $0.contains(sequenceNumber) && now - $0.lastAt <= duplicateHorizon }
    }

    /// Records a delivered number: it extends the newest run when it follows it and the run is younger than half
    /// the horizon, and starts a new run otherwise.
    private mutating func remember(_ sequenceNumber: UInt16, at now: Instant) {
        while let oldest = history.first, now - oldest.lastAt > duplicateHorizon {
            history.removeFirst()
        }
        if let newest = history.last, ECPTransmitter.successor(of: newest.last) == sequenceNumber,
            newest.span < Self.maximumHistorySpan, now - newest.startedAt <= duplicateHorizon / 2
        {
            history[history.count - 1].last = sequenceNumber
            history[history.count - 1].lastAt = now
        } else {
            history.append(Run(first: sequenceNumber, last: sequenceNumber, startedAt: now, lastAt: now))
        }
        var span = history.reduce(0) { $0 + $1.span }
        while history.count > Self.maximumHistoryRuns || (span > Self.maximumHistorySpan && history.count > 1) {
            span -= history.removeFirst().span
            counters.historyEvictions += 1
        }
    }

    /// Handles one received ECPDU.
    ///
    /// Returns `nil` for anything that is not a version-1 request of subtype VDP (1) or PE-CSP (2); lldpad drops
    /// those without an acknowledgement. For a request, returns the acknowledgement to send and, when the request
    /// is new and carries a VDP ULPDU, that ULPDU.
    package mutating func receive(_ ecpdu: ECPDU, at now: Instant) -> ECPReceiverResult? {
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
        case .receiving where isCopy(sequenceNumber, at: now):
            counters.duplicates += 1
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: nil)
        case .receiving, .waitingForFirst:
            state = .receiving(lastSequenceNumber: sequenceNumber)
        }
        remember(sequenceNumber, at: now)
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

    /// Forgets the last sequence number and the history (the port went down, or the peer restarted), so the next
    /// request is new. Counters are kept.
    package mutating func reset() {
        state = .waitingForFirst
        history.removeAll()
    }

    /// The sequence number of the last request received, or `nil` before the first.
    package var lastSequenceNumber: UInt16? {
        switch state {
        case .waitingForFirst: nil
        case .receiving(let lastSequenceNumber): lastSequenceNumber
        }
    }
}
