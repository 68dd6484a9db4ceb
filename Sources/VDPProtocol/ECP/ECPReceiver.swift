import VDPWire

/// The ECP receive state machine for one port (802.1Qbg-2012 43.3.8; lldpad `ecp22.c`).
///
/// Every version-1 request of subtype VDP or PE-CSP is acknowledged with its own subtype and sequence number. A
/// request that repeats the last sequence number received is a retransmission: it is acknowledged again but not
/// delivered. Any other number is new (lldpad keeps no window and checks no order), and the first request after
/// ``init()`` or ``reset()`` is always new. Only VDP requests carry a ULPDU to deliver; a PE-CSP request is
/// acknowledged and dropped, as lldpad does.
///
/// | state | event | result | next state |
/// | --- | --- | --- | --- |
/// | waiting for the first | request n | ack n, deliver | last = n |
/// | last = m | request n ≠ m | ack n, deliver | last = n |
/// | last = m | request m | ack m, no delivery (duplicate) | last = m |
/// | any | acknowledgement, other version or operation, subtype not 1 or 2 | `nil` (no ack) | unchanged |
/// | any | ``reset()`` | — | waiting for the first |
public struct ECPReceiver: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        /// Nothing received since start or reset (lldpad's RX_WAIT).
        case waitingForFirst
        /// At least one request received (lldpad's RX_WAIT2).
        case receiving(lastSequenceNumber: UInt16)
    }

    private var state: State = .waitingForFirst

    /// Running totals.
    public private(set) var counters = ECPReceiverCounters()

    /// Creates a receiver that treats the next request as new.
    public init() {}

    /// Handles one received ECPDU.
    ///
    /// Returns `nil` for anything that is not a version-1 request of subtype VDP (1) or PE-CSP (2); lldpad drops
    /// those without an acknowledgement. For a request, returns the acknowledgement to send and, when the request
    /// is new and carries a VDP ULPDU, that ULPDU.
    public mutating func receive(_ ecpdu: ECPDU) -> ECPReceiverResult? {
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
        case .receiving, .waitingForFirst:
            state = .receiving(lastSequenceNumber: sequenceNumber)
        }
        switch ecpdu.payload {
        case .vdp(let ulpdu) where ecpdu.subtype == .vdp:
            counters.delivered += 1
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: ulpdu)
        case .vdp, .acknowledgement, .opaque:
            return ECPReceiverResult(acknowledgement: acknowledgement, delivered: nil)
        }
    }

    /// Forgets the last sequence number (the port went down), so the next request is new. Counters are kept.
    public mutating func reset() {
        state = .waitingForFirst
    }

    /// The sequence number of the last request received, or `nil` before the first.
    public var lastSequenceNumber: UInt16? {
        switch state {
        case .waitingForFirst: nil
        case .receiving(let lastSequenceNumber): lastSequenceNumber
        }
    }
}
