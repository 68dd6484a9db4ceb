import VDPWire

/// The stations a bridge port faces, each known by the source MAC address of its frames: their ECP receivers and
/// transmitters, their response queues, the share of the port's bounds they hold, and when the port must next
/// look at each of them.
///
/// The table keeps these invariants, which is why every change goes through its methods:
/// - the stations are stored densely (reading or changing one happens in place, without copying it), and
///   `positions` maps exactly the addresses of the stored stations to their places;
/// - ``queuedResponses`` is the sum of the stations' response queues;
/// - a station's `wakeUp` is the deadline queued for it in `wakeUps`; entries with another deadline are stale;
/// - the ECP counter totals include the counters of every station forgotten.
///
/// A position (from ``position(of:)``) stays valid until a station is forgotten.
struct BridgeStationTable: Sendable {
    private var stations: [BridgeStation] = []
    private var positions: [MACAddress: Int] = [:]
    /// Stations' transmitter deadlines and the moments their receive histories expire.
    private var wakeUps = DeadlineQueue<MACAddress>()
    /// Stations whose queues or transmitters changed during the current input, in the order first touched.
    private var touched: [MACAddress] = []
    /// An empty array whose capacity is kept between flushes, for what a transmitter asks for.
    private var ecpOutputBuffer: [ECPTransmitterOutput] = []
    /// The number of responses waiting for ECP, all stations together.
    private(set) var queuedResponses = 0
    /// How many stations the table ever created; each starts its sequence numbers further on.
    private var stationsMet: UInt64 = 0
    private var forgottenReceivers = ECPReceiverCounters()
    private var forgottenTransmitters = ECPTransmitterCounters()

    /// The number of stations held.
    var count: Int { stations.count }

    /// The addresses of the stations held.
    var addresses: [MACAddress] { stations.map(\.address) }

    /// The earliest wake-up queued (possibly a stale one, which only wakes the port early).
    var earliestWakeUp: Instant? { wakeUps.earliest }

    /// The counters of the ECP transmitters, all stations together (stations forgotten included).
    var transmitterCounters: ECPTransmitterCounters {
        stations.reduce(forgottenTransmitters) { $0 + $1.transmitter.counters }
    }

    /// The counters of the ECP receivers, all stations together (stations forgotten included).
    var receiverCounters: ECPReceiverCounters {
        stations.reduce(forgottenReceivers) { $0 + $1.receiver.counters }
    }

    /// Where `station` is stored, if the table holds it.
    func position(of station: MACAddress) -> Int? {
        positions[station]
    }

    /// The number of VSIs bound to `station`.
    func vsiCount(of station: MACAddress) -> Int {
        positions[station].map { stations[$0].vsiCount } ?? 0
    }

    /// The number of VSIs bound to the station at `position`.
    func vsiCount(at position: Int) -> Int {
        stations[position].vsiCount
    }

    // MARK: Stations met and forgotten

    /// The position of `station`, created for a station the table has not met while it holds fewer than
    /// ``BridgePortLimits/maximumStations``; `nil` beyond.
    mutating func position(creating station: MACAddress, at now: Instant, configuration: BridgePortConfiguration)
        -> Int?
    {
        if let position = positions[station] {
            return position
        }
        guard stations.count < max(1, configuration.limits.maximumStations) else {
            return nil
        }
        // A station met again after being forgotten must not take the port's first ECPDU for a retransmission of
        // the last one it saw: each station met starts 4099 further on in the sequence space.
        let offset = UInt16(truncatingIfNeeded: stationsMet &* 4099)
        stationsMet &+= 1
        let first = (configuration.firstSequenceNumber ?? 1) &+ offset
        let parameters = configuration.parameters
        positions[station] = stations.count
        stations.append(
            BridgeStation(
                address: station,
                receiver: ECPReceiver(duplicateHorizon: parameters.timers.toutKeepAlive),
                transmitter: ECPTransmitter(
                    maximumRetries: parameters.maximumRetries,
                    ackTimer: parameters.timers.ackTimer,
                    minimumSpacing: configuration.minimumSpacing,
                    firstSequenceNumber: first == 0 ? 1 : first
                ),
                newVSIs: TokenBucket(burst: max(1, configuration.limits.newVSIBurstPerStation), at: now),
                lastHeard: now
            )
        )
        return stations.count - 1
    }

    /// Forgets a station, keeping its ECP counters in the totals. Returns whether the table held it.
    @discardableResult
    private mutating func forget(_ station: MACAddress) -> Bool {
        guard let position = positions.removeValue(forKey: station) else {
            return false
        }
        stations.swapAt(position, stations.count - 1)
        let removed = stations.removeLast()
        if position < stations.count {
            positions[stations[position].address] = position
        }
        forgottenReceivers = forgottenReceivers + removed.receiver.counters
        forgottenTransmitters = forgottenTransmitters + removed.transmitter.counters
        queuedResponses -= removed.responses.count
        return true
    }

    /// Forgets every station (their ECP counters stay in the totals) and every wake-up. Returns how many
    /// stations were forgotten.
    mutating func forgetAll() -> Int {
        var forgotten = 0
        for station in addresses {
            if forget(station) {
                forgotten += 1
            }
        }
        touched.removeAll()
        queuedResponses = 0
        wakeUps.removeAll()
        return forgotten
    }

    /// The station went away or restarted: its ECP starts afresh (sequence numbers and receive history) and
    /// the responses not yet acknowledged are dropped.
    mutating func reset(_ station: MACAddress) {
        guard let position = positions[station] else {
            return
        }
        queuedResponses -= stations[position].responses.count
        stations[position].responses.removeAll()
        stations[position].receiver.reset()
        _ = stations[position].transmitter.reset()
        reschedule(position)
    }

    /// Applies newly negotiated EVB values to every station's ECP; each receive history is kept for the new
    /// toutKeepAlive.
    mutating func update(parameters: EVBParameters) {
        let horizon = parameters.timers.toutKeepAlive
        for position in stations.indices {
            stations[position].transmitter.update(
                maximumRetries: parameters.maximumRetries,
                ackTimer: parameters.timers.ackTimer
            )
            stations[position].receiver.duplicateHorizon = horizon
        }
    }

    // MARK: ECP

    /// Hands an acknowledgement from `station` to its transmitter. Returns `false` (counted as unexpected in the
    /// totals) when the table does not hold the station.
    mutating func receiveAcknowledgement(
        _ sequenceNumber: UInt16,
        from station: MACAddress,
        arrivedAt: Instant?,
        at now: Instant,
        into output: inout [ECPTransmitterOutput]
    ) -> Bool {
        guard let position = positions[station] else {
            forgottenTransmitters.unexpectedAcknowledgements += 1
            return false
        }
        stations[position].lastHeard = now
        stations[position].transmitter.receiveAcknowledgement(
            sequenceNumber: sequenceNumber,
            arrivedAt: arrivedAt,
            at: now,
            into: &output
        )
        touch(station)
        return true
    }

    /// Whether a non-acknowledgement ECPDU from `station` may be served: a request always (the station may be
    /// created for it), anything else only from a station the table holds; one that may not is counted as
    /// ignored in the receivers' totals.
    mutating func accepts(_ operation: ECPOperation, from station: MACAddress) -> Bool {
        guard operation == .request || positions[station] != nil else {
            forgottenReceivers.ignored += 1
            return false
        }
        return true
    }

    /// Hands an ECPDU to the receiver of the station at `position`.
    mutating func receive(_ ecpdu: ECPDU, at position: Int, now: Instant) -> ECPReceiverResult? {
        stations[position].lastHeard = now
        touch(stations[position].address)
        return stations[position].receiver.receive(ecpdu, at: now)
    }

    /// Runs the stations' wake-ups due at `now`: a station holding nothing whose receive history has expired is
    /// forgotten; any other has its transmitter advanced, and `send` gets what it asks for. Returns how many
    /// stations were forgotten.
    mutating func advance(to now: Instant, send: (MACAddress, [ECPTransmitterOutput]) -> Void) -> Int {
        var forgotten = 0
        while let entry = wakeUps.popFirst(dueAt: now) {
            let station = entry.key
            guard let position = positions[station], stations[position].wakeUp == entry.deadline else {
                continue
            }
            stations[position].wakeUp = nil
            if stations[position].holdsNothing,
                now - stations[position].lastHeard > stations[position].receiver.duplicateHorizon
            {
                forget(station)
                forgotten += 1
                continue
            }
            var ecpOutput: [ECPTransmitterOutput] = []
            stations[position].transmitter.advance(to: now, into: &ecpOutput)
            send(station, ecpOutput)
            touch(station)
        }
        return forgotten
    }

    /// Marks a station as changed during the current input, so ``flushTouched(_:at:send:)`` looks at it.
    mutating func touch(_ station: MACAddress) {
        if !touched.contains(station) {
            touched.append(station)
        }
    }

    /// Ends an input: each station touched sends its next ULPDU of responses if its transmitter is free, and has
    /// its wake-up rescheduled; `send` gets what each transmitter asks for. Returns the number of ULPDUs of
    /// responses handed to the transmitters.
    mutating func flushTouched(
        _ batching: Batching,
        at now: Instant,
        send: (MACAddress, [ECPTransmitterOutput]) -> Void
    ) -> Int {
        var ulpdus = 0
        for station in touched {
            guard let position = positions[station] else {
                continue
            }
            var ecpOutput: [ECPTransmitterOutput] = []
            swap(&ecpOutput, &ecpOutputBuffer)
            let taken = stations[position].flush(batching, at: now, into: &ecpOutput)
            if taken > 0 {
                queuedResponses -= taken
                ulpdus += 1
            }
            send(station, ecpOutput)
            ecpOutput.removeAll(keepingCapacity: true)
            swap(&ecpOutput, &ecpOutputBuffer)
            reschedule(position)
        }
        touched.removeAll(keepingCapacity: true)
        return ulpdus
    }

    /// Queues the station's next wake-up when it is earlier than the one queued (a later one is found early and
    /// rescheduled then). The moment a station holding nothing may be forgotten is just after its history expires.
    private mutating func reschedule(_ position: Int) {
        guard var wakeUp = stations[position].nextWakeUp else {
            return
        }
        if stations[position].transmitter.nextDeadline == nil {
            wakeUp = wakeUp + .nanoseconds(1)
        }
        if stations[position].wakeUp.map({ wakeUp < $0 }) ?? true {
            stations[position].wakeUp = wakeUp
            wakeUps.schedule(stations[position].address, at: wakeUp)
        }
    }

    // MARK: What stations hold

    /// Takes a token for a new VSI from the station at `position`; `false` when its rate is exhausted.
    mutating func takeNewVSIToken(at position: Int, rate: Int, burst: Int, now: Instant) -> Bool {
        stations[position].newVSIs.take(rate: rate, burst: burst, at: now)
    }

    /// Counts a VSI bound to `station`, or (`by: -1`) one that ended.
    mutating func countVSI(of station: MACAddress, by change: Int) {
        if let position = positions[station] {
            stations[position].vsiCount += change
        }
    }

    /// Counts a request of `station` waiting for the policy, or (`by: -1`) one no longer waiting.
    mutating func countPendingDecision(of station: MACAddress, by change: Int) {
        if let position = positions[station] {
            stations[position].pendingDecisions += change
        }
    }

    /// Whether a station holding `held` of a resource may take one more: below its own bound, and below the
    /// port's, or, when the port is full, below its fair share of it (the port's bound over
    /// ``BridgePortLimits/maximumStations``, at least 1), so other stations' floods cannot leave it nothing. The
    /// fair shares draw on a reserve as large as the bound, so the port never holds more than twice its bound,
    /// even when the bound is smaller than the number of stations.
    static func admits(held: Int, total: Int, perStation: Int, perPort: Int, limits: BridgePortLimits) -> Bool {
        guard held < max(1, perStation) else {
            return false
        }
        let portBound = max(1, perPort)
        if total < portBound {
            return true
        }
        return total < 2 * portBound && held < max(1, portBound / max(1, limits.maximumStations))
    }

    /// Whether `station` may have one more request wait for the policy, `pendingTotal` waiting on the port.
    func hasRoomForDecision(_ station: MACAddress, pendingTotal: Int, limits: BridgePortLimits) -> Bool {
        Self.admits(
            held: positions[station].map { stations[$0].pendingDecisions } ?? 0,
            total: pendingTotal,
            perStation: limits.maximumPendingDecisionsPerStation,
            perPort: limits.maximumPendingDecisions,
            limits: limits
        )
    }

    /// Whether a response about `vsiID` may be queued for `station`: one replacing a response still waiting
    /// always may; `false` for a station the table does not hold.
    func hasRoomForResponse(_ station: MACAddress, replacing vsiID: VSIID, limits: BridgePortLimits) -> Bool {
        positions[station].map { hasRoomForResponse(at: $0, replacing: vsiID, limits: limits) } ?? false
    }

    private func hasRoomForResponse(at position: Int, replacing vsiID: VSIID, limits: BridgePortLimits) -> Bool {
        if stations[position].responses.isWaiting(vsiID) {
            return true
        }
        return Self.admits(
            held: stations[position].responses.count,
            total: queuedResponses,
            perStation: limits.maximumQueuedResponsesPerStation,
            perPort: limits.maximumQueuedResponses,
            limits: limits
        )
    }

    /// Queues a response for the station of `key`. Returns `false` when its queue or the port's is full, or the
    /// table does not hold the station.
    mutating func enqueue(
        _ tlv: VSITLV,
        managerID: VSIManagerID,
        for key: BridgeVSIKey,
        limits: BridgePortLimits
    ) -> Bool {
        guard let position = positions[key.station],
            hasRoomForResponse(at: position, replacing: key.vsiID, limits: limits)
        else {
            return false
        }
        if !stations[position].responses.isWaiting(key.vsiID) {
            queuedResponses += 1
        }
        stations[position].responses.enqueue(tlv, managerID: managerID, for: key.vsiID)
        touch(key.station)
        return true
    }
}
