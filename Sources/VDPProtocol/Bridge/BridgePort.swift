import VDPWire

/// The bridge (NVE) side of VDP on one port: every VSI's machine, the policy hand-off, the VID pool, ECP in
/// both directions, batching and timers. Sans-I/O: frames, decisions and time go in; frames, decision
/// requests and table events come out.
///
/// A port may face several stations (a shared segment, or a station with many MACs). Each station, known by the
/// source MAC address of its frames, has its own ECP receiver and transmitter and its own response queue, so
/// its sequence numbers, acknowledgements and floods never touch another station's exchanges; the port answers
/// each station at its unicast address. VSIs are keyed by VSIID and bound to the station that created them: a
/// request from another station about the same VSIID is refused, so one station cannot change or remove
/// another's VSIs. What the port holds for its stations is bounded by ``BridgePortConfiguration/limits``
/// (`Docs/HARDENING.md` says what a shared port can and cannot guarantee).
public struct BridgePort: Sendable {
    /// The configuration.
    public private(set) var configuration: BridgePortConfiguration
    private var machines: [VSIID: BridgeVSIMachine] = [:]
    private var decisions: [BridgeDecisionID: VSIID] = [:]
    private var poolHoldings: [VSIID: [VIDPool.Owner]] = [:]
    private var deadlines = DeadlineQueue<VSIID>()
    /// The stations, densely (an array reads and changes one station in place); `stationPositions` finds them.
    private var stations: [BridgeStation] = []
    private var stationPositions: [MACAddress: Int] = [:]
    /// Stations' transmitter deadlines and the moments their receive histories expire.
    private var wakeUps = DeadlineQueue<MACAddress>()
    /// Stations whose queues or transmitters changed during the current input, in the order first touched.
    private var touched: [MACAddress] = []
    private var queuedResponses = 0
    private var stationsMet: UInt64 = 0
    private var forgottenReceivers = ECPReceiverCounters()
    private var forgottenTransmitters = ECPTransmitterCounters()
    /// The latest instant of any input.
    private var latest: Instant?
    private var nextDecisionNumber: UInt64 = 1
    /// The VIDs handed out for null VIDs.
    public private(set) var vidPool: VIDPool
    /// The port's counters.
    public private(set) var counters = BridgePortCounters()

    /// How many malformed VSI TLVs of one ULPDU a ``BridgeEvent/malformedRequest(station:_:total:)`` lists; the
    /// event's total counts them all.
    public static let malformedTLVsReported = 8

    /// Creates a port.
    public init(configuration: BridgePortConfiguration) {
        self.configuration = configuration
        self.vidPool = VIDPool(range: configuration.vidRange)
    }

    /// The timers in force.
    public var timers: VDPTimers { configuration.parameters.timers }

    /// The counters of the port's ECP transmitters, all stations together (stations forgotten included).
    public var ecpTransmitterCounters: ECPTransmitterCounters {
        stations.reduce(forgottenTransmitters) { $0 + $1.transmitter.counters }
    }

    /// The counters of the port's ECP receivers, all stations together (stations forgotten included).
    public var ecpReceiverCounters: ECPReceiverCounters {
        stations.reduce(forgottenReceivers) { $0 + $1.receiver.counters }
    }

    /// The number of VSIs in the table.
    public var vsiCount: Int { machines.count }

    /// The number of VSIs bound to `station`.
    public func vsiCount(of station: MACAddress) -> Int {
        stationPositions[station].map { stations[$0].vsiCount } ?? 0
    }

    /// The number of stations the port keeps ECP or VSI state for.
    public var stationCount: Int { stations.count }

    /// The number of responses waiting for ECP, all stations together.
    public var queuedResponseCount: Int { queuedResponses }

    /// The number of requests waiting for the policy.
    public var pendingDecisionCount: Int { decisions.count }

    /// The earliest time the port needs ``advance(to:into:)`` (possibly early, never late). While work that was
    /// due is still left (``BridgePortLimits/maximumTimerExpiriesPerAdvance`` cut an advance short), it is the
    /// latest instant the port was given: call again at once, after serving what else has arrived.
    public var nextDeadline: Instant? {
        guard let earliest = [deadlines.earliest, wakeUps.earliest].compactMap({ $0 }).min() else {
            return nil
        }
        if let latest, earliest < latest {
            return latest
        }
        return earliest
    }

    /// The table row of a VSI.
    public func record(of vsiID: VSIID) -> BridgeVSIRecord? {
        machines[vsiID].map(Self.record)
    }

    /// Every row of the table, in no particular order.
    public var records: [BridgeVSIRecord] {
        machines.values.map(Self.record)
    }

    private static func record(_ machine: BridgeVSIMachine) -> BridgeVSIRecord {
        BridgeVSIRecord(
            key: machine.key,
            descriptor: machine.descriptor,
            state: machine.granted,
            decisionPending: machine.pendingDecision != nil,
            counters: machine.counters
        )
    }

    /// Applies newly negotiated EVB values; they take effect for timers started from now on. Each station's ECP
    /// receive history is kept for the new toutKeepAlive.
    public mutating func update(parameters: EVBParameters) {
        configuration.parameters = parameters
        let horizon = parameters.timers.toutKeepAlive
        for index in stations.indices {
            stations[index].transmitter.update(
                maximumRetries: parameters.maximumRetries,
                ackTimer: parameters.timers.ackTimer
            )
            stations[index].receiver.duplicateHorizon = horizon
        }
    }

    // MARK: Input

    /// A frame from the wire. Frames other than ratified ECP are ignored, and so are frames from a group or
    /// all-zero source address and, while the port holds ``BridgePortLimits/maximumStations``, requests from a
    /// station it does not know (unacknowledged).
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [BridgeOutput]) {
        guard case .ecp(let ecpdu) = frame.payload else {
            return
        }
        note(now)
        let source = frame.header.source
        guard !source.isMulticast, !source.isZero else {
            counters.invalidSources += 1
            return
        }
        if ecpdu.operation == .acknowledgement {
            guard let index = stationPositions[source] else {
                forgottenTransmitters.unexpectedAcknowledgements += 1
                return
            }
            stations[index].lastHeard = now
            var ecpOutput: [ECPTransmitterOutput] = []
            stations[index].transmitter.receiveAcknowledgement(
                sequenceNumber: ecpdu.sequenceNumber,
                at: now,
                into: &ecpOutput
            )
            send(ecpOutput, to: source, into: &output)
            touch(source)
            finish(at: now, into: &output)
            return
        }
        guard ecpdu.operation == .request || stationPositions[source] != nil else {
            forgottenReceivers.ignored += 1
            return
        }
        guard let index = stationIndex(creating: source, at: now) else {
            return
        }
        stations[index].lastHeard = now
        touch(source)
        if let result = stations[index].receiver.receive(ecpdu, at: now) {
            output.append(.send(ecpFrame(result.acknowledgement, to: source)))
            if let ulpdu = result.delivered, let managerID = ulpdu.managerID {
                receive(ulpdu.vsiTLVs, managerID: managerID, from: source, at: now, into: &output)
            } else if let salvage = result.salvaged {
                receive(salvage, from: source, at: now, into: &output)
            }
        }
        finish(at: now, into: &output)
    }

    /// A ULPDU that failed strict decoding: one event for all its malformed VSI TLVs, an "invalid format" answer
    /// for those with a reserved filter-info format, and its well-formed TLVs served as usual.
    private mutating func receive(
        _ salvage: VDPSalvage,
        from station: MACAddress,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) {
        counters.malformedULPDUs += 1
        let malformed = salvage.malformedVSITLVs
        if !malformed.isEmpty {
            output.append(
                .event(
                    .malformedRequest(
                        station: station,
                        Array(malformed.prefix(Self.malformedTLVsReported)),
                        total: malformed.count
                    )
                )
            )
        }
        guard let managerID = salvage.managerID else {
            return
        }
        for tlv in malformed {
            refuseReservedFilterFormat(tlv, in: salvage.bytes, managerID: managerID, from: station)
        }
        receive(salvage.vsiTLVs, managerID: managerID, from: station, at: now, into: &output)
    }

    /// Answers a request whose filter-info format is reserved (0, 5–255) with a De-Associate carrying "invalid
    /// format" (hard error), when its VSIID could be read. The answer cannot echo filters that do not decode, so it
    /// carries one null-VID entry of format 1 in their place.
    private mutating func refuseReservedFilterFormat(
        _ malformed: MalformedVSITLV,
        in bytes: [UInt8],
        managerID: VSIManagerID,
        from station: MACAddress
    ) {
        let value = malformed.offset + 2
        guard malformed.error.code == .unsupportedValue, malformed.error.field == .filterInfoFormat,
            let vsiID = malformed.vsiID, value + 5 <= bytes.count,
            bytes[value] & 0x40 == 0,
            let placeholder = try? FilterInfo.vid([.null])
        else {
            return
        }
        let typeID = UInt32(bytes[value + 1]) << 16 | UInt32(bytes[value + 2]) << 8 | UInt32(bytes[value + 3])
        counters.requestsReceived += 1
        counters.invalidFormatRefusals += 1
        let response = VSITLV(
            type: .deAssociate,
            status: .response(.invalidFormat, hardError: true),
            typeID: VSITypeID(truncating: typeID),
            typeVersion: bytes[value + 4],
            vsiID: vsiID,
            filterInfo: placeholder
        )
        enqueue(response, managerID: managerID, for: BridgeVSIKey(station: station, vsiID: vsiID))
    }

    private mutating func receive(
        _ tlvs: [VSITLV],
        managerID: VSIManagerID,
        from station: MACAddress,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) {
        for vsi in tlvs {
            counters.requestsReceived += 1
            receive(vsi, managerID: managerID, from: station, at: now, into: &output)
        }
    }

    private mutating func receive(
        _ tlv: VSITLV,
        managerID: VSIManagerID,
        from station: MACAddress,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) {
        guard tlv.status.request != nil else {
            counters.tlvsIgnored += 1
            return
        }
        let vsiID = tlv.vsiID
        let key = BridgeVSIKey(station: station, vsiID: vsiID)
        guard vsiID.format.isDefined else {
            counters.invalidFormatRefusals += 1
            reply(tlv.with(type: .deAssociate), status: .response(.invalidFormat, hardError: true), managerID, key)
            if tlv.type != .deAssociate {
                output.append(.event(.requestRefused(key, .invalidFormat)))
            }
            return
        }
        guard let existing = machines[vsiID] else {
            receiveNew(tlv, managerID: managerID, key: key, at: now, into: &output)
            return
        }
        guard existing.key.station == station else {
            counters.foreignRequestsRefused += 1
            reply(tlv.with(type: .deAssociate), status: .response(.otherFailure), managerID, key)
            return
        }
        let descriptor = VSIDescriptor(tlv, managerID: managerID)
        let hints = VSIHints(tlv.status)
        let timers = self.timers
        let decisionAllowed = hasRoomForDecision(station)
        var nextID = nextDecisionNumber
        var ignored = false
        var refused = false
        modify(vsiID, into: &output) { machine, machineOutput in
            if tlv.type == .deAssociate {
                machine.receiveDeAssociate(hints: hints, into: &machineOutput)
            } else {
                refused = machine.receiveRequest(
                    type: tlv.type,
                    hints: hints,
                    descriptor: descriptor,
                    decisionAllowed: decisionAllowed,
                    nextDecisionID: {
                        defer { nextID += 1 }
                        return BridgeDecisionID(rawValue: nextID)
                    },
                    timers: timers,
                    now: now,
                    into: &machineOutput
                )
            }
            ignored = machineOutput.isEmpty
        }
        nextDecisionNumber = max(nextDecisionNumber, nextID)
        if ignored {
            counters.tlvsIgnored += 1
        }
        if refused {
            counters.decisionLimitRefusals += 1
        }
    }

    /// A request about a VSI the port does not have: answered at once when it creates nothing (a De-Associate,
    /// GroupIDs not negotiated) or when a bound or the validation at the door refuses it; otherwise a new machine
    /// asks the policy.
    private mutating func receiveNew(
        _ tlv: VSITLV,
        managerID: VSIManagerID,
        key: BridgeVSIKey,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) {
        if tlv.type == .deAssociate {
            reply(tlv, status: .response(), managerID, key)
            return
        }
        if tlv.filterInfo.format.hasGroupID, !configuration.parameters.groupIDsSupported {
            reply(tlv, status: .response(.insufficientResources), managerID, key)
            return
        }
        guard hasRoomForResponse(key.station, replacing: key.vsiID) else {
            // Not even the answer could be queued: nothing is created, and the station asks again later.
            counters.responsesDropped += 1
            return
        }
        if let (reason, hardError) = doorRefusal(tlv, station: key.station, at: now) {
            reply(
                tlv.with(type: .deAssociate),
                status: .response(reason.errorCode, hardError: hardError),
                managerID,
                key
            )
            output.append(.event(.requestRefused(key, reason)))
            return
        }
        var machineOutput: [BridgeVSIMachine.Output] = []
        let machine = BridgeVSIMachine(
            key: key,
            type: tlv.type,
            hints: VSIHints(tlv.status),
            descriptor: VSIDescriptor(tlv, managerID: managerID),
            decisionID: takeDecisionID(),
            timers: timers,
            now: now,
            into: &machineOutput
        )
        machines[key.vsiID] = machine
        if let index = stationPositions[key.station] {
            stations[index].vsiCount += 1
        }
        apply(machineOutput, for: key.vsiID, previousDeadline: nil, into: &output)
    }

    /// Why a new VSI is refused before the policy sees it, if it is: VID 4095 (reserved by 802.1Q), then the
    /// bounds on VSIs, pending decisions and the rate of new VSIs, each counted. The rate's token is taken only
    /// when every other check passed.
    private mutating func doorRefusal(_ tlv: VSITLV, station: MACAddress, at now: Instant)
        -> (BridgeRejectionReason, hardError: Bool)?
    {
        if tlv.filterInfo.entries.contains(where: { $0.vid.vid == 4095 }) {
            counters.invalidVIDRefusals += 1
            return (.invalidAddressOrVLAN, true)
        }
        guard let index = stationPositions[station] else {
            return (.insufficientResources, false)
        }
        let limits = configuration.limits
        let held = stations[index].vsiCount
        if held >= max(1, limits.maximumVSIsPerStation) {
            counters.stationVSILimitRefusals += 1
            return (.insufficientResources, false)
        }
        if !admits(held: held, total: machines.count, perStation: .max, perPort: limits.maximumVSIs) {
            counters.vsiLimitRefusals += 1
            return (.insufficientResources, false)
        }
        if !hasRoomForDecision(station) {
            counters.decisionLimitRefusals += 1
            return (.insufficientResources, false)
        }
        let rate = limits.newVSIsPerSecondPerStation
        let burst = max(1, limits.newVSIBurstPerStation)
        if !stations[index].newVSIs.take(rate: rate, burst: burst, at: now) {
            counters.newVSIRateRefusals += 1
            return (.insufficientResources, false)
        }
        return nil
    }

    /// Runs what is due at `now`: the stations' ECP retransmissions, and at most
    /// ``BridgePortLimits/maximumTimerExpiriesPerAdvance`` VSI deadlines (decision timeouts, keep-alive ageing),
    /// earliest first. What is left stays due; ``nextDeadline`` then returns `now`.
    public mutating func advance(to now: Instant, into output: inout [BridgeOutput]) {
        note(now)
        while let entry = wakeUps.popFirst(dueAt: now) {
            let station = entry.key
            guard let index = stationPositions[station], stations[index].wakeUp == entry.deadline else {
                continue
            }
            stations[index].wakeUp = nil
            if stations[index].holdsNothing,
                now - stations[index].lastHeard > stations[index].receiver.duplicateHorizon
            {
                forget(station)
                continue
            }
            var ecpOutput: [ECPTransmitterOutput] = []
            stations[index].transmitter.advance(to: now, into: &ecpOutput)
            send(ecpOutput, to: station, into: &output)
            touch(station)
        }
        var budget = max(1, configuration.limits.maximumTimerExpiriesPerAdvance)
        let timers = self.timers
        while budget > 0, let entry = deadlines.popFirst(dueAt: now) {
            budget -= 1
            guard machines[entry.key]?.deadline == entry.deadline else {
                continue
            }
            modify(entry.key, into: &output) { machine, machineOutput in
                machine.timerExpired(timers: timers, now: now, into: &machineOutput)
            }
        }
        if budget == 0, let earliest = deadlines.earliest, earliest <= now {
            counters.timerExpiryLimitHits += 1
        }
        finish(at: now, into: &output)
    }

    // MARK: Decisions and local changes

    /// The policy's answer to a ``BridgeOutput/decisionRequired(_:)``. Answers to decisions no longer pending
    /// (timed out, or the VSI went away) are ignored.
    ///
    /// With ``VIDAssignment/fromPool`` every VID granted lies in ``BridgePortConfiguration/vidRange``: an entry
    /// with a GroupID takes the GroupID's VID (one VID per GroupID; a different explicit VID is refused), a VSI
    /// that echoes the VID the pool gave it keeps it, and an explicit VID outside the range or assigned by the
    /// pool to another network is refused with "invalid VID" (``BridgeRejectionReason/invalidAddressOrVLAN``). With
    /// the other assignments the policy's words are granted as given, and a station's own explicit VID still may
    /// not be 4095 or a VID the pool assigned to another network.
    public mutating func decide(
        _ id: BridgeDecisionID,
        _ decision: BridgeDecision,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) {
        note(now)
        guard let vsiID = decisions[id], let machine = machines[vsiID], machine.pendingDecision == id else {
            return
        }
        let timers = self.timers
        switch decision {
        case .accept(let assignment):
            let requested = machine.pendingDescriptor ?? machine.descriptor
            switch assign(assignment, to: requested.filterInfo, for: machine.key) {
            case .granted(let filterInfo):
                modify(vsiID, into: &output) { machine, machineOutput in
                    machine.accept(id, filterInfo: filterInfo, timers: timers, now: now, into: &machineOutput)
                }
            case .refused(let reason):
                if reason == .invalidAddressOrVLAN {
                    counters.invalidVIDRefusals += 1
                }
                modify(vsiID, into: &output) { machine, machineOutput in
                    machine.reject(
                        id,
                        reason: reason,
                        hardError: false,
                        keep: true,
                        timers: timers,
                        now: now,
                        into: &machineOutput
                    )
                }
            }
        case .reject(let reason, let hardError, let keep):
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.reject(
                    id,
                    reason: reason,
                    hardError: hardError,
                    keep: keep,
                    timers: timers,
                    now: now,
                    into: &machineOutput
                )
            }
        }
        finish(at: now, into: &output)
    }

    /// Ends a VSI from the bridge's side (an NVE local change): an unsolicited De-Associate goes to the station.
    /// Returns whether the VSI existed.
    @discardableResult
    public mutating func deAssociate(_ vsiID: VSIID, at now: Instant, into output: inout [BridgeOutput]) -> Bool {
        note(now)
        guard machines[vsiID] != nil else {
            return false
        }
        modify(vsiID, into: &output) { machine, machineOutput in
            machine.sendUnsolicitedDeAssociate(reason: .bridgeDeAssociated, into: &machineOutput)
        }
        finish(at: now, into: &output)
        return true
    }

    /// Changes the VIDs/PCPs granted to a VSI (an NVE local change); the station learns them from the response
    /// to its next keep-alive. The MACs and GroupIDs must stay the same. The VSI's holds in the VID pool move to
    /// the new VIDs, so the pool may hand out the old ones again. Returns whether the change was made.
    @discardableResult
    public mutating func changeFilterInfo(
        of vsiID: VSIID,
        to filterInfo: FilterInfo,
        into output: inout [BridgeOutput]
    ) -> Bool {
        var changed = false
        modify(vsiID, into: &output) { machine, machineOutput in
            changed = machine.changeFilterInfo(filterInfo, into: &machineOutput)
        }
        if changed, let key = machines[vsiID]?.key {
            moveHoldings(of: key, to: filterInfo)
        }
        return changed
    }

    /// Every station went away or restarted (LLDP TTL expiry or shutdown): each station's ECP starts afresh (its
    /// sequence numbers and receive history restart), responses not yet acknowledged are dropped, and the VSIs
    /// stay, to be refreshed by the returning stations or aged out after toutKeepAlive.
    public mutating func peerLost() {
        for station in stations.map(\.address) {
            peerLost(station: station)
        }
    }

    /// One station went away or restarted: as ``peerLost()``, for that station only.
    public mutating func peerLost(station: MACAddress) {
        guard let index = stationPositions[station] else {
            return
        }
        queuedResponses -= stations[index].responses.count
        stations[index].responses.removeAll()
        stations[index].receiver.reset()
        _ = stations[index].transmitter.reset()
        reschedule(index)
    }

    /// The port went down for good: every VSI is removed, and every station's state with it.
    public mutating func portDown(into output: inout [BridgeOutput]) {
        for vsiID in Array(machines.keys) {
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.portDown(into: &machineOutput)
            }
        }
        for station in stations.map(\.address) {
            forget(station)
        }
        touched.removeAll()
        queuedResponses = 0
        deadlines.removeAll()
        wakeUps.removeAll()
        decisions.removeAll()
    }

    // MARK: Stations

    private mutating func note(_ now: Instant) {
        if latest.map({ now > $0 }) ?? true {
            latest = now
        }
    }

    /// The station's entry, created for a station the port has not met while it holds fewer than
    /// ``BridgePortLimits/maximumStations``; `nil` (counted) beyond.
    private mutating func stationIndex(creating station: MACAddress, at now: Instant)
        -> Int?
    {
        if let index = stationPositions[station] {
            return index
        }
        guard stations.count < max(1, configuration.limits.maximumStations) else {
            counters.stationsRefused += 1
            return nil
        }
        // A station met again after being forgotten must not take the port's first ECPDU for a retransmission of
        // the last one it saw: each station met starts 4099 further on in the sequence space.
        let offset = UInt16(truncatingIfNeeded: stationsMet &* 4099)
        stationsMet &+= 1
        let first = (configuration.firstSequenceNumber ?? 1) &+ offset
        let parameters = configuration.parameters
        stationPositions[station] = stations.count
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

    /// Forgets a station, keeping its ECP counters in the port's totals.
    private mutating func forget(_ station: MACAddress) {
        guard let index = stationPositions.removeValue(forKey: station) else {
            return
        }
        stations.swapAt(index, stations.count - 1)
        let removed = stations.removeLast()
        if index < stations.count {
            stationPositions[stations[index].address] = index
        }
        forgottenReceivers = forgottenReceivers + removed.receiver.counters
        forgottenTransmitters = forgottenTransmitters + removed.transmitter.counters
        queuedResponses -= removed.responses.count
        counters.stationsForgotten += 1
    }

    private mutating func touch(_ station: MACAddress) {
        if !touched.contains(station) {
            touched.append(station)
        }
    }

    /// Ends an input: each station touched sends its next ULPDU of responses if its transmitter is free, and has
    /// its wake-up rescheduled.
    private mutating func finish(at now: Instant, into output: inout [BridgeOutput]) {
        let batching = configuration.batching
        for station in touched {
            guard let index = stationPositions[station] else {
                continue
            }
            var ecpOutput: [ECPTransmitterOutput] = []
            let taken = stations[index].flush(batching, at: now, into: &ecpOutput)
            if taken > 0 {
                queuedResponses -= taken
                counters.responsePDUsSent += 1
            }
            send(ecpOutput, to: station, into: &output)
            reschedule(index)
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Queues the station's next wake-up when it is earlier than the one queued (a later one is found early and
    /// rescheduled then). The moment a station holding nothing may be forgotten is just after its history expires.
    private mutating func reschedule(_ index: Int) {
        guard var wakeUp = stations[index].nextWakeUp else {
            return
        }
        if stations[index].transmitter.nextDeadline == nil {
            wakeUp = wakeUp + .nanoseconds(1)
        }
        if stations[index].wakeUp.map({ wakeUp < $0 }) ?? true {
            stations[index].wakeUp = wakeUp
            wakeUps.schedule(stations[index].address, at: wakeUp)
        }
    }

    /// Whether a station holding `held` of a resource may take one more: below its own bound, and below the
    /// port's, or, when the port is full, below its fair share of it (the port's bound over
    /// ``BridgePortLimits/maximumStations``), so other stations' floods cannot leave it nothing. The port thus
    /// holds at most twice its bound.
    private func admits(held: Int, total: Int, perStation: Int, perPort: Int) -> Bool {
        guard held < max(1, perStation) else {
            return false
        }
        let portBound = max(1, perPort)
        return total < portBound || held < max(1, portBound / max(1, configuration.limits.maximumStations))
    }

    private func hasRoomForDecision(_ station: MACAddress) -> Bool {
        let limits = configuration.limits
        return admits(
            held: stationPositions[station].map { stations[$0].pendingDecisions } ?? 0,
            total: decisions.count,
            perStation: limits.maximumPendingDecisionsPerStation,
            perPort: limits.maximumPendingDecisions
        )
    }

    private func hasRoomForResponse(_ station: MACAddress, replacing vsiID: VSIID) -> Bool {
        stationPositions[station].map { hasRoomForResponse(at: $0, replacing: vsiID) } ?? false
    }

    private func hasRoomForResponse(at index: Int, replacing vsiID: VSIID) -> Bool {
        if stations[index].responses.isWaiting(vsiID) {
            return true
        }
        let limits = configuration.limits
        return admits(
            held: stations[index].responses.count,
            total: queuedResponses,
            perStation: limits.maximumQueuedResponsesPerStation,
            perPort: limits.maximumQueuedResponses
        )
    }

    /// Queues a response for the station of `key`, or drops it (counted) when its queue or the port's is full.
    private mutating func enqueue(_ tlv: VSITLV, managerID: VSIManagerID, for key: BridgeVSIKey) {
        guard let index = stationPositions[key.station], hasRoomForResponse(at: index, replacing: key.vsiID)
        else {
            counters.responsesDropped += 1
            return
        }
        if !stations[index].responses.isWaiting(key.vsiID) {
            queuedResponses += 1
        }
        stations[index].responses.enqueue(tlv, managerID: managerID, for: key.vsiID)
        touch(key.station)
    }

    /// Answers a request that creates no state (a De-Associate of an unknown VSI, a refused request).
    private mutating func reply(_ tlv: VSITLV, status: VDPStatus, _ managerID: VSIManagerID, _ key: BridgeVSIKey) {
        var response = tlv
        response.status = status
        enqueue(response, managerID: managerID, for: key)
    }

    private func ecpFrame(_ ecpdu: ECPDU, to station: MACAddress) -> Frame {
        Frame(
            header: EthernetHeader(destination: station, source: configuration.address, etherType: .ecp),
            payload: .ecp(ecpdu)
        )
    }

    private func send(_ ecpOutput: [ECPTransmitterOutput], to station: MACAddress, into output: inout [BridgeOutput]) {
        for item in ecpOutput {
            switch item {
            case .send(let ecpdu):
                output.append(.send(ecpFrame(ecpdu, to: station)))
            case .delivered, .failed:
                // A response the station never acknowledged is not retried at the VDP level: the station
                // repeats its request after respWaitDelay, or its keep-alive does.
                break
            }
        }
    }

    // MARK: VSIs

    private mutating func takeDecisionID() -> BridgeDecisionID {
        defer { nextDecisionNumber += 1 }
        return BridgeDecisionID(rawValue: nextDecisionNumber)
    }

    /// The pool owner and, for an owner without a VID yet, the VID it should take, for one entry of a request
    /// the policy accepted; or why the entry's VID is refused (see ``decide(_:_:at:into:)``).
    private func owner(
        of entry: FilterEntry,
        fromStation: Bool,
        _ assignment: VIDAssignment,
        for key: BridgeVSIKey,
        ownPoolVID: UInt16?
    ) -> VIDChoice {
        let vid = entry.vid
        guard assignment == .fromPool else {
            guard !vid.isNullVID else {
                return .none
            }
            if fromStation {
                let groupVID = entry.groupID.flatMap { vidPool.vid(of: .group($0)) }
                guard vid.vid <= 4094, !vidPool.isAssigned(vid.vid) || vid.vid == ownPoolVID || vid.vid == groupVID
                else {
                    return .refuse(.invalidAddressOrVLAN)
                }
            }
            return .take(.explicit(vid.vid), chosen: nil)
        }
        if let group = entry.groupID {
            if let held = vidPool.vid(of: .group(group)) {
                return vid.isNullVID || vid.vid == held
                    ? .take(.group(group), chosen: nil) : .refuse(.invalidAddressOrVLAN)
            }
            guard !vid.isNullVID else {
                return .take(.group(group), chosen: nil)
            }
            guard vidPool.range.contains(vid.vid), !vidPool.isInUse(vid.vid) else {
                return .refuse(.invalidAddressOrVLAN)
            }
            return .take(.group(group), chosen: vid.vid)
        }
        if vid.isNullVID || vid.vid == ownPoolVID {
            return .take(.vsi(key), chosen: nil)
        }
        guard vidPool.range.contains(vid.vid), !vidPool.isAssigned(vid.vid) else {
            return .refuse(.invalidAddressOrVLAN)
        }
        return .take(.explicit(vid.vid), chosen: nil)
    }

    /// Fills in null VIDs (from the pool with ``VIDAssignment/fromPool``; a policy's own words are kept as they
    /// are, null included) and takes the pool's holds for every VID the VSI uses, so the pool never hands a VID
    /// in use to another network. Fails with the reason to give the station: an invalid VID, an exhausted pool,
    /// or a per-entry list of the wrong length.
    private mutating func assign(_ assignment: VIDAssignment, to requested: FilterInfo, for key: BridgeVSIKey)
        -> VIDAssignmentOutcome
    {
        var entries = requested.entries
        var fromStation = entries.map { !$0.vid.isNullVID }
        switch assignment {
        case .fixed(let word):
            for index in entries.indices where entries[index].vid.isNullVID {
                entries[index].vid = word
            }
        case .perEntry(let words):
            guard words.count == entries.count else {
                return .refused(.conflictingPolicy)
            }
            for index in entries.indices {
                entries[index].vid = words[index]
            }
            fromStation = entries.map { _ in false }
        case .fromPool:
            break
        }
        let previous = poolHoldings[key.vsiID] ?? []
        let ownPoolVID = previous.contains(.vsi(key)) ? vidPool.vid(of: .vsi(key)) : nil
        var acquired: [VIDPool.Owner] = []
        var failure: BridgeRejectionReason?
        entryLoop: for index in entries.indices {
            let choice = owner(
                of: entries[index],
                fromStation: fromStation[index],
                assignment,
                for: key,
                ownPoolVID: ownPoolVID
            )
            let owner: VIDPool.Owner
            let chosen: UInt16?
            switch choice {
            case .none:
                continue
            case .refuse(let reason):
                failure = reason
                break entryLoop
            case .take(let taken, let vid):
                owner = taken
                chosen = vid
            }
            let vid: UInt16
            if acquired.contains(owner), let held = vidPool.vid(of: owner) {
                vid = held
            } else if let fresh = vidPool.acquire(owner, choosing: chosen) {
                acquired.append(owner)
                vid = fresh
            } else {
                failure = .insufficientResources
                break entryLoop
            }
            entries[index].vid = FilterVID(rawValue: entries[index].vid.rawValue & 0xF000 | vid)
        }
        guard failure == nil, let filterInfo = try? FilterInfo(format: requested.format, entries: entries) else {
            acquired.forEach { vidPool.release($0) }
            return .refused(failure ?? .insufficientResources)
        }
        previous.forEach { vidPool.release($0) }
        poolHoldings[key.vsiID] = acquired
        return .granted(filterInfo)
    }

    /// Moves a VSI's pool holds to the VIDs of `filterInfo` (an NVE local change): a VID the VSI already holds
    /// keeps its owner; any other is held as an explicit VID. The old holds are released.
    private mutating func moveHoldings(of key: BridgeVSIKey, to filterInfo: FilterInfo) {
        let previous = poolHoldings[key.vsiID] ?? []
        var acquired: [VIDPool.Owner] = []
        for entry in filterInfo.entries where !entry.vid.isNullVID {
            let vid = entry.vid.vid
            let kept = previous.first { owner in
                guard vidPool.vid(of: owner) == vid else {
                    return false
                }
                switch owner {
                case .group(let group): return entry.groupID == group
                case .vsi(let holder): return holder == key
                case .explicit: return true
                }
            }
            let owner = kept ?? .explicit(vid)
            if !acquired.contains(owner), vidPool.acquire(owner) != nil {
                acquired.append(owner)
            }
        }
        previous.forEach { vidPool.release($0) }
        poolHoldings[key.vsiID] = acquired.isEmpty ? nil : acquired
    }

    private mutating func modify(
        _ vsiID: VSIID,
        into output: inout [BridgeOutput],
        _ body: (inout BridgeVSIMachine, inout [BridgeVSIMachine.Output]) -> Void
    ) {
        guard var machine = machines[vsiID] else {
            return
        }
        let decisionBefore = machine.pendingDecision
        let previousDeadline = machine.deadline
        var machineOutput: [BridgeVSIMachine.Output] = []
        body(&machine, &machineOutput)
        machines[vsiID] = machine
        if let decisionBefore, machine.pendingDecision != decisionBefore {
            decisions.removeValue(forKey: decisionBefore)
            if let index = stationPositions[machine.key.station] {
                stations[index].pendingDecisions -= 1
            }
        }
        apply(machineOutput, for: vsiID, previousDeadline: previousDeadline, into: &output)
    }

    /// Routes a machine's outputs, forgets an ended machine and its VIDs, and schedules its deadline when it
    /// changed (`previousDeadline` is the deadline before the input; `nil` forces scheduling).
    private mutating func apply(
        _ machineOutput: [BridgeVSIMachine.Output],
        for vsiID: VSIID,
        previousDeadline: Instant?,
        into output: inout [BridgeOutput]
    ) {
        guard let machine = machines[vsiID] else {
            return
        }
        let station = machine.key.station
        for item in machineOutput {
            switch item {
            case .transmit(let tlv, let managerID):
                enqueue(tlv, managerID: managerID, for: machine.key)
            case .decisionRequired(let request):
                decisions[request.id] = vsiID
                if let index = stationPositions[station] {
                    stations[index].pendingDecisions += 1
                }
                output.append(.decisionRequired(request))
            case .event(let event):
                output.append(.event(event))
            }
        }
        if machine.isEnded {
            machines.removeValue(forKey: vsiID)
            for owner in poolHoldings.removeValue(forKey: vsiID) ?? [] {
                vidPool.release(owner)
            }
            if let index = stationPositions[station] {
                stations[index].vsiCount -= 1
            }
            touch(station)
        } else if let deadline = machine.deadline, deadline != previousDeadline {
            deadlines.schedule(vsiID, at: deadline)
        }
    }
}

/// What the port makes of one filter entry's VID when the policy accepts.
private enum VIDChoice {
    /// Nothing to hold: a null VID the policy left null.
    case none
    /// Hold `owner`'s VID; an owner without one yet takes `chosen` (or a free one from the pool when `nil`).
    case take(VIDPool.Owner, chosen: UInt16?)
    /// The VID is refused.
    case refuse(BridgeRejectionReason)
}

/// The filters granted, or why they are not.
private enum VIDAssignmentOutcome {
    case granted(FilterInfo)
    case refused(BridgeRejectionReason)
}

extension VSITLV {
    /// The same TLV with another type.
    func with(type: VSITLVType) -> VSITLV {
        var copy = self
        copy.type = type
        return copy
    }
}
