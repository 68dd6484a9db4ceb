import VDPWire

/// The ECP transmit state machine for one port and direction (802.1Qbg-2012 43.3.7; lldpad `ecp22.c`).
///
/// Stop-and-wait: at most one ECPDU is outstanding, and further ULPDUs wait in a FIFO queue. Each new ULPDU gets
/// the next sequence number (0 is skipped on wrap, as lldpad does); retransmissions reuse the number and the very
/// same ECPDU. The machine never reads a clock: every input carries the current ``Instant`` and
/// ``nextDeadline`` says when to call ``advance(to:into:)`` again.
///
/// | state | event | outputs | next state |
/// | --- | --- | --- | --- |
/// | idle | ``enqueue(_:)`` | — (the ULPDU joins the queue) | idle |
/// | idle, queue not empty | ``advance(to:into:)``, spacing passed | `.send` (next number) | waiting |
/// | waiting | ack of the outstanding number | `.delivered`, `.send` of the next if allowed | idle or waiting |
/// | waiting | ack of another number | — (counted as unexpected) | waiting |
/// | waiting, fewer than 1 + R sent | ack timer expiry | `.send` (the same ECPDU) | waiting |
/// | waiting, 1 + R sent | ack timer expiry | `.failed`, `.send` of the next if allowed | idle or waiting |
/// | any | ``reset()`` | the dropped identifiers, returned | idle |
///
/// Two deliberate differences from lldpad: an acknowledgement releases the next ULPDU at once (lldpad waits for
/// the ack timer, so it sends at most one ECPDU per ackTimer period), and a ULPDU that runs out of retries is
/// reported as ``ECPTransmitterOutput/failed(_:)`` (lldpad drops it silently).
package struct ECPTransmitter: Sendable, Equatable {
    /// A ULPDU waiting for its first transmission.
    private struct Queued: Sendable, Equatable {
        var id: ECPTransmissionID
        var ulpdu: VDPULPDU
    }

    /// The ECPDU on the wire, waiting for its acknowledgement.
    private struct Outstanding: Sendable, Equatable {
        var id: ECPTransmissionID
        var ecpdu: ECPDU
        /// How many times ``ecpdu`` has been sent, 1 to 1 + R.
        var transmissions: Int
        /// When the ack timer of the last transmission expires.
        var deadline: Instant
        /// When the ack timer of the first transmission expired or expires: an acknowledgement that arrived by
        /// then was in time.
        var firstDeadline: Instant
    }

    private enum State: Sendable, Equatable {
        /// No ECPDU outstanding (lldpad's TX_WAIT_ONDATA).
        case idle
        /// One ECPDU outstanding (lldpad's TX_TXMIT_ECPDU).
        case waitingForAcknowledgement(Outstanding)
    }

    /// A deadline that is always due, for a queued ULPDU when nothing has been sent yet.
    private static let immediately = Instant(nanoseconds: .min)
    /// The shortest ack timer accepted, so that a retransmission is never due at the instant it is sent.
    private static let minimumAckTimer = Duration.nanoseconds(1)

    private var state: State = .idle
    private var queue: [Queued] = []
    private var nextSequenceNumber: UInt16
    private var nextIdentifier: UInt64 = 0
    /// When the spacing before the next first transmission starts: the last first transmission, moved on to the
    /// arrival of its acknowledgement (or to its failure).
    private var spacingStart: Instant?

    /// R: how many times an unacknowledged ECPDU is retransmitted; it is sent at most 1 + R times.
    package private(set) var maximumRetries: UInt8
    /// How long to wait for an acknowledgement after each transmission (10 µs · 2^RTE).
    package private(set) var ackTimer: Duration
    /// The least time from one ULPDU's acknowledgement (or failure) to the next ULPDU's first transmission, and
    /// between two first transmissions.
    ///
    /// Counted from the acknowledgement's arrival rather than from the first transmission: the peer has read the
    /// ECPDU by the time it acknowledged it, so the peer reads consecutive ULPDUs at least this far apart however
    /// late this end's frame left after the instant the port stamped it with (a busy host can send one several
    /// milliseconds late, and lldpad then got the next ULPDU within 2 ms of it).
    package let minimumSpacing: Duration
    /// Running totals.
    package private(set) var counters = ECPTransmitterCounters()
    /// The TLV array of the last ULPDU delivered, emptied, for the next ULPDU (``takeSpareTLVStorage()``).
    private var spareTLVStorage: [VDPTLV] = []

    /// Creates an idle transmitter with an empty queue.
    ///
    /// - Parameters:
    ///   - maximumRetries: R, the number of retransmissions before a ULPDU fails (lldpad's default is 3).
    ///   - ackTimer: the acknowledgement timeout (lldpad's default is 2.56 ms, RTE 8); at least 1 ns is used.
    ///   - minimumSpacing: the least time from a ULPDU's acknowledgement (or failure) to the next ULPDU's first
    ///     transmission; negative values count as zero.
    ///   - firstSequenceNumber: the sequence number of the first ULPDU; 0 is never used and becomes 1.
    package init(
        maximumRetries: UInt8 = 3,
        ackTimer: Duration = .microseconds(2560),
        minimumSpacing: Duration = .zero,
        firstSequenceNumber: UInt16 = 1
    ) {
        self.maximumRetries = maximumRetries
        self.ackTimer = max(ackTimer, Self.minimumAckTimer)
        self.minimumSpacing = max(minimumSpacing, .zero)
        self.nextSequenceNumber = firstSequenceNumber == 0 ? 1 : firstSequenceNumber
    }

    /// Changes R and the ack timer, for instance after EVB renegotiation.
    ///
    /// The timer of a transmission already on the wire keeps its deadline; the new ack timer applies from the next
    /// transmission or retransmission, and the new R from the next timer expiry.
    package mutating func update(maximumRetries: UInt8, ackTimer: Duration) {
        self.maximumRetries = maximumRetries
        self.ackTimer = max(ackTimer, Self.minimumAckTimer)
    }

    /// Appends a ULPDU to the queue and returns its identifier; call ``advance(to:into:)`` to send it.
    package mutating func enqueue(_ ulpdu: VDPULPDU) -> ECPTransmissionID {
        let id = ECPTransmissionID(rawValue: nextIdentifier)
        nextIdentifier &+= 1
        queue.append(Queued(id: id, ulpdu: ulpdu))
        return id
    }

    /// Handles an acknowledgement from the peer.
    ///
    /// An acknowledgement of the outstanding ECPDU produces ``ECPTransmitterOutput/delivered(_:)`` and sends the
    /// next queued ULPDU at once when ``minimumSpacing`` is zero (otherwise once the spacing from the
    /// acknowledgement's arrival has passed). Any other acknowledgement is counted and ignored.
    ///
    /// The acknowledgement is judged by `arrivedAt`, when it reached this end (a link's receive stamp; `now` when
    /// unknown), not by when the driver got to it: one that arrived after the ack timer of the ECPDU's first
    /// transmission counts in ``ECPTransmitterCounters/lateAcknowledgements`` (the peer or the link was late), and
    /// the retransmissions of an ECPDU whose acknowledgement arrived before that count in
    /// ``ECPTransmitterCounters/needlessRetransmissions`` (this end was late).
    package mutating func receiveAcknowledgement(
        sequenceNumber: UInt16,
        arrivedAt: Instant? = nil,
        at now: Instant,
        into output: inout [ECPTransmitterOutput]
    ) {
        switch state {
        case .waitingForAcknowledgement(var outstanding) where outstanding.ecpdu.sequenceNumber == sequenceNumber:
            state = .idle
            keepTLVStorage(of: &outstanding.ecpdu)
            counters.acknowledged += 1
            let arrival = min(arrivedAt ?? now, now)
            if arrival > outstanding.firstDeadline {
                counters.lateAcknowledgements += 1
            } else if outstanding.transmissions > 1 {
                counters.needlessRetransmissions += UInt64(outstanding.transmissions - 1)
            }
            spacingStart = max(spacingStart ?? arrival, arrival)
            output.append(.delivered(outstanding.id))
            sendNextIfAllowed(at: now, into: &output)
        case .waitingForAcknowledgement, .idle:
            counters.unexpectedAcknowledgements += 1
        }
    }

    /// Runs everything due at `now`: an expired ack timer retransmits or fails the outstanding ECPDU, and an idle
    /// transmitter sends the next queued ULPDU once the spacing allows. Calling it again at the same instant does
    /// nothing.
    ///
    /// Only this call runs the ack timer, so a driver hands every frame that has arrived to the port before it
    /// calls it: an acknowledgement that arrived in time then stops the retransmission even when the timer was due
    /// before the driver got to the acknowledgement.
    package mutating func advance(to now: Instant, into output: inout [ECPTransmitterOutput]) {
        switch state {
        case .idle:
            break
        case .waitingForAcknowledgement(var outstanding):
            guard now >= outstanding.deadline else {
                return
            }
            if outstanding.transmissions > Int(maximumRetries) {
                counters.failed += 1
                state = .idle
                spacingStart = max(spacingStart ?? now, now)
                output.append(.failed(outstanding.id))
            } else {
                outstanding.transmissions += 1
                outstanding.deadline = now + ackTimer
                counters.transmitted += 1
                counters.retransmitted += 1
                state = .waitingForAcknowledgement(outstanding)
                output.append(.send(outstanding.ecpdu))
            }
        }
        sendNextIfAllowed(at: now, into: &output)
    }

    /// The TLV array of the last ULPDU the peer acknowledged (or an empty array), for a port to empty, keeping its
    /// capacity, and build its next ULPDU in without allocating: a keep-alive's answer then touches no allocator.
    /// By the time the acknowledgement has come, the driver has sent the frame and let go of it, so the storage
    /// is this end's alone.
    package mutating func takeSpareTLVStorage() -> [VDPTLV] {
        defer { spareTLVStorage = [] }
        return spareTLVStorage
    }

    /// Keeps the TLV array of a delivered ECPDU's ULPDU for ``takeSpareTLVStorage()``.
    private mutating func keepTLVStorage(of ecpdu: inout ECPDU) {
        guard case .vdp(var ulpdu) = ecpdu.payload else {
            return
        }
        ecpdu.payload = .acknowledgement(padding: [])
        if let storage = ulpdu.takeTLVStorage(), storage.capacity > spareTLVStorage.capacity {
            spareTLVStorage = storage
        }
    }

    /// Sends the next queued ULPDU if no ECPDU is outstanding and the spacing allows, without running the ack
    /// timer: what a port does after any input other than time, so that only ``advance(to:into:)`` retransmits.
    package mutating func sendQueued(at now: Instant, into output: inout [ECPTransmitterOutput]) {
        sendNextIfAllowed(at: now, into: &output)
    }

    /// When ``advance(to:into:)`` next has work: the outstanding ECPDU's ack timer, or, when idle with a queue,
    /// the time the spacing allows the next first transmission (possibly already past, meaning now). `nil` when
    /// idle with an empty queue.
    package var nextDeadline: Instant? {
        switch state {
        case .waitingForAcknowledgement(let outstanding):
            return outstanding.deadline
        case .idle:
            guard !queue.isEmpty else {
                return nil
            }
            guard let spacingStart else {
                return Self.immediately
            }
            return spacingStart + minimumSpacing
        }
    }

    /// The number of ULPDUs waiting for their first transmission (the outstanding one is not counted).
    package var queuedCount: Int { queue.count }

    /// Whether no ECPDU is outstanding.
    package var isIdle: Bool {
        switch state {
        case .idle: true
        case .waitingForAcknowledgement: false
        }
    }

    /// The sequence number the next new ULPDU will carry.
    package var upcomingSequenceNumber: UInt16 { nextSequenceNumber }

    /// Drops the outstanding ECPDU and the queue (the port went down) and returns their identifiers, outstanding
    /// first, then in queue order. No ``ECPTransmitterOutput/failed(_:)`` is produced for them.
    ///
    /// Sequence numbers carry on from where they were rather than restarting at 1 as lldpad does, so that a peer
    /// whose receiver was not reset does not take the next ULPDU for a duplicate. Counters are kept.
    package mutating func reset() -> [ECPTransmissionID] {
        var dropped: [ECPTransmissionID] = []
        dropped.reserveCapacity(queue.count + 1)
        switch state {
        case .idle:
            break
        case .waitingForAcknowledgement(let outstanding):
            dropped.append(outstanding.id)
        }
        dropped.append(contentsOf: queue.map(\.id))
        state = .idle
        queue.removeAll()
        return dropped
    }

    /// Sends the next queued ULPDU if no ECPDU is outstanding and the spacing since the last first transmission's
    /// acknowledgement (or failure) has passed.
    private mutating func sendNextIfAllowed(at now: Instant, into output: inout [ECPTransmitterOutput]) {
        switch state {
        case .waitingForAcknowledgement:
            return
        case .idle:
            break
        }
        guard !queue.isEmpty else {
            return
        }
        if let spacingStart, now < spacingStart + minimumSpacing {
            return
        }
        let next = queue.removeFirst()
        let sequenceNumber = nextSequenceNumber
        nextSequenceNumber = Self.successor(of: sequenceNumber)
        let ecpdu = ECPDU.vdpRequest(sequenceNumber: sequenceNumber, next.ulpdu)
        state = .waitingForAcknowledgement(
            Outstanding(
                id: next.id,
                ecpdu: ecpdu,
                transmissions: 1,
                deadline: now + ackTimer,
                firstDeadline: now + ackTimer
            )
        )
        spacingStart = now
        counters.transmitted += 1
        output.append(.send(ecpdu))
    }

    /// The sequence number after `number`, skipping 0 on wrap as lldpad does.
    static func successor(of number: UInt16) -> UInt16 {
        number == .max ? 1 : number + 1
    }
}
