import VDPWire

/// What a bridge port keeps for one station (keyed by the station's MAC address, the source of its frames): its
/// own ECP receiver and transmitter, so one station's sequence numbers and acknowledgements never touch another's
/// exchange; the responses waiting for it; and what it holds of the port's shared resources.
struct BridgeStation: Sendable {
    /// The station's MAC address: the source of its frames, the destination of the port's.
    let address: MACAddress
    var receiver: ECPReceiver
    var transmitter: ECPTransmitter
    var responses = StationResponseQueue()
    /// VSIs in the port's table bound to this station.
    var vsiCount = 0
    /// Its requests waiting for the policy.
    var pendingDecisions = 0
    /// Tokens for new VSIs.
    var newVSIs: TokenBucket
    /// When its last frame arrived.
    var lastHeard: Instant
    /// The deadline queued for it in the port's station wake-ups, if any; an entry with another deadline is stale.
    var wakeUp: Instant?

    /// Whether the station holds nothing but its receive history, so it can be forgotten once that expires.
    var holdsNothing: Bool {
        vsiCount == 0 && pendingDecisions == 0 && responses.isEmpty && transmitter.isIdle
            && transmitter.queuedCount == 0
    }

    /// Takes the next ULPDU's worth of responses when the transmitter is free, and lets the transmitter send it
    /// (its ack timer runs only when the port advances): the number of TLVs taken, and what the transmitter asks
    /// for.
    mutating func flush(_ batching: Batching, at now: Instant, into output: inout [ECPTransmitterOutput]) -> Int {
        var taken = 0
        if transmitter.isIdle, transmitter.queuedCount == 0, !responses.isEmpty {
            var storage = transmitter.takeSpareTLVStorage()
            if let (tlvs, count) = responses.takeBatch(batching, storage: &storage) {
                _ = transmitter.enqueue(VDPULPDU(tlvs: tlvs))
                taken = count
            }
        }
        transmitter.sendQueued(at: now, into: &output)
        return taken
    }

    /// When the port must next look at this station: its transmitter's next deadline, or, when it holds nothing,
    /// the moment its receive history expires.
    var nextWakeUp: Instant? {
        if let deadline = transmitter.nextDeadline {
            return deadline
        }
        return holdsNothing ? lastHeard + receiver.duplicateHorizon : nil
    }
}
