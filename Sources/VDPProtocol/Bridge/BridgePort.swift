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
    /// Every VSI's machine, VID holds and deadline, dense (`BridgeVSITable`).
    private var table = BridgeVSITable()
    /// The VSIs waiting for the policy (few next to the table), by decision.
    private var decisions: [BridgeDecisionID: VSIID] = [:]
    private var stations = BridgeStationTable()
    private var vidAssignments: BridgeVIDAssignments
    /// The latest instant of any input.
    private var latest: Instant?
    private var nextDecisionNumber: UInt64 = 1
    /// Empty arrays whose capacity is kept between inputs, so that a keep-alive does not allocate them anew: a
    /// machine's outputs, and what an ECP transmitter asks for when an acknowledgement arrives.
    private var machineOutputBuffer: [BridgeVSIMachine.Output] = []
    private var ecpOutputBuffer: [ECPTransmitterOutput] = []
    /// The port's counters.
    public private(set) var counters = BridgePortCounters()
    /// Whether the port notes the VSIs whose machine an input touched, for ``takeChangedVSIs()``.
    package var tracksChanges = false
    /// The VSIs touched since the last ``takeChangedVSIs()``, while ``tracksChanges``.
    private var changedVSIs: Set<VSIID> = []

    /// How many malformed VSI TLVs of one ULPDU a ``BridgeEvent/malformedRequest(station:_:total:)`` lists; the
    /// event's total counts them all.
    public static let malformedTLVsReported = 8

    /// Creates a port.
    public init(configuration: BridgePortConfiguration) {
        self.configuration = configuration
        self.vidAssignments = BridgeVIDAssignments(range: configuration.vidRange)
    }

    /// The VIDs handed out for null VIDs.
    public var vidPool: VIDPool { vidAssignments.pool }

    /// The timers in force.
    public var timers: VDPTimers { configuration.parameters.timers }

    /// The counters of the port's ECP transmitters, all stations together (stations forgotten included).
    public var ecpTransmitterCounters: ECPTransmitterCounters {
        stations.transmitterCounters
    }

    /// The counters of the port's ECP receivers, all stations together (stations forgotten included).
    public var ecpReceiverCounters: ECPReceiverCounters {
        stations.receiverCounters
    }

    /// The number of VSIs in the table.
    public var vsiCount: Int { table.count }

    /// The number of VSIs bound to `station`.
    public func vsiCount(of station: MACAddress) -> Int {
        stations.vsiCount(of: station)
    }

    /// The number of stations the port keeps ECP or VSI state for.
    public var stationCount: Int { stations.count }

    /// The number of responses waiting for ECP, all stations together.
    public var queuedResponseCount: Int { stations.queuedResponses }

    /// The number of requests waiting for the policy.
    public var pendingDecisionCount: Int { decisions.count }

    /// The earliest time the port needs ``advance(to:into:)`` (possibly early, never late). While work that was
    /// due is still left (``BridgePortLimits/maximumTimerExpiriesPerAdvance`` cut an advance short), it is the
    /// latest instant the port was given: call again at once, after serving what else has arrived.
    public var nextDeadline: Instant? {
        guard let earliest = [table.earliest?.deadline, stations.earliestWakeUp].compactMap({ $0 }).min() else {
            return nil
        }
        if let latest, earliest < latest {
            return latest
        }
        return earliest
    }

    /// The table row of a VSI.
    public func record(of vsiID: VSIID) -> BridgeVSIRecord? {
        table.entry(of: vsiID).map { Self.record($0.machine) }
    }

    /// Every row of the table, in no particular order.
    public var records: [BridgeVSIRecord] {
        var records: [BridgeVSIRecord] = []
        records.reserveCapacity(table.count)
        table.forEach { records.append(Self.record($0.machine)) }
        return records
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

    // MARK: Restart

    /// A granted VSI whole, for a driver to persist: `nil` when the VSI is not in the table or waits for a
    /// decision (what it had granted before stays what was persisted).
    public func snapshot(of vsiID: VSIID) -> BridgeVSISnapshot? {
        guard let entry = table.entry(of: vsiID), let established = entry.machine.establishedState else {
            return nil
        }
        let machine = entry.machine
        return BridgeVSISnapshot(
            key: machine.key,
            descriptor: machine.descriptor,
            state: established.granted,
            vidHolds: vidAssignments.holds(of: machine.key, entry.holds),
            deadline: established.deadline
        )
    }

    /// The VID pool's holds a VSI takes now (after ``prepareAccept(_:_:)``, those of the grant prepared).
    package func vidHolds(of vsiID: VSIID) -> [BridgeVIDHold] {
        guard let entry = table.entry(of: vsiID) else {
            return []
        }
        return vidAssignments.holds(of: entry.machine.key, entry.holds)
    }

    /// Puts back the VSIs a previous run granted (after a restart), before any frame is received: each is
    /// established with its state, takes its VID holds again and ages out at its deadline unless a keep-alive
    /// arrives first (a deadline already past ages it out at the next ``advance(to:into:)``). Its station is met
    /// afresh: its next request is taken whatever its sequence number. Nothing is sent. Throws when the port
    /// already has VSIs or the snapshots contradict each other; the port is then left part-restored, to be
    /// discarded.
    public mutating func restore(_ snapshots: [BridgeVSISnapshot], at now: Instant) throws(BridgeRestoreError) {
        if let existing = table.vsiIDs.first {
            throw BridgeRestoreError(.portNotEmpty, vsiID: existing)
        }
        for snapshot in snapshots {
            let vsiID = snapshot.key.vsiID
            guard snapshot.descriptor.vsiID == vsiID else {
                throw BridgeRestoreError(.inconsistentSnapshot, vsiID: vsiID)
            }
            guard table.slot(of: vsiID) == nil else {
                throw BridgeRestoreError(.duplicateVSI, vsiID: vsiID)
            }
            guard table.hasRoom else {
                throw BridgeRestoreError(.tooManyVSIs, vsiID: vsiID)
            }
            guard stations.position(creating: snapshot.key.station, at: now, configuration: configuration) != nil else {
                throw BridgeRestoreError(.tooManyStations, vsiID: vsiID)
            }
            guard let holds = vidAssignments.restore(snapshot.vidHolds, for: snapshot.key) else {
                throw BridgeRestoreError(.conflictingVIDHold, vsiID: vsiID)
            }
            let machine = BridgeVSIMachine(
                restoring: snapshot.key,
                descriptor: snapshot.descriptor,
                granted: snapshot.state,
                deadline: snapshot.deadline
            )
            guard let slot = table.insert(BridgeVSIEntry(machine: machine, holds: holds)) else {
                throw BridgeRestoreError(.tooManyVSIs, vsiID: vsiID)
            }
            stations.countVSI(of: snapshot.key.station, by: 1)
            table.schedule(slot, at: snapshot.deadline)
        }
        note(now)
    }

    /// The VSIs whose machine an input touched since the last call (granted, changed, refreshed by a keep-alive,
    /// removed), while ``tracksChanges`` is on; the set is emptied.
    package mutating func takeChangedVSIs() -> Set<VSIID> {
        defer { changedVSIs.removeAll(keepingCapacity: true) }
        return changedVSIs
    }

    /// Applies newly negotiated EVB values; they take effect for timers started from now on. Each station's ECP
    /// receive history is kept for the new toutKeepAlive.
    public mutating func update(parameters: EVBParameters) {
        configuration.parameters = parameters
        stations.update(parameters: parameters)
    }

    // MARK: Input

    /// A frame from the wire. Frames other than ratified ECP are ignored, and so are frames from a group or
    /// all-zero source address and, while the port holds ``BridgePortLimits/maximumStations``, requests from a
    /// station it does not know (unacknowledged).
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [BridgeOutput]) {
        if let delivery = acknowledge(frame, at: now, into: &output) {
            deliver(delivery, at: now, into: &output)
        }
    }

    /// The ECP half of ``receive(_:at:into:)``, so that a driver can send every acknowledgement of a batch of
    /// frames before it does their VDP work: an acknowledgement from a station is handled entirely (judged by
    /// `arrivedAt`, its arrival, against the ack timer); a request is acknowledged (the acknowledgement is the
    /// first output) and its VDP content returned, for ``deliver(_:at:into:)``. Returns `nil` when nothing is
    /// left to do.
    package mutating func acknowledge(
        _ frame: Frame,
        arrivedAt: Instant? = nil,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) -> ECPDelivery? {
        guard case .ecp(let ecpdu) = frame.payload else {
            return nil
        }
        note(now)
        let source = frame.header.source
        guard !source.isMulticast, !source.isZero else {
            counters.invalidSources += 1
            return nil
        }
        if ecpdu.operation == .acknowledgement {
            var ecpOutput = Self.takeBuffer(&ecpOutputBuffer)
            defer { Self.returnBuffer(&ecpOutput, to: &ecpOutputBuffer) }
            guard
                stations.receiveAcknowledgement(
                    ecpdu.sequenceNumber,
                    from: source,
                    arrivedAt: arrivedAt,
                    at: now,
                    into: &ecpOutput
                )
            else {
                return nil
            }
            Self.send(ecpOutput, from: configuration.address, to: source, into: &output)
            finish(at: now, into: &output)
            return nil
        }
        guard stations.accepts(ecpdu.operation, from: source) else {
            return nil
        }
        guard let position = stations.position(creating: source, at: now, configuration: configuration) else {
            counters.stationsRefused += 1
            return nil
        }
        if let result = stations.receive(ecpdu, at: position, now: now) {
            output.append(.send(Self.ecpFrame(result.acknowledgement, from: configuration.address, to: source)))
            if (result.delivered?.managerID != nil) || result.salvaged != nil {
                return ECPDelivery(result, from: source)
            }
        }
        finish(at: now, into: &output)
        return nil
    }

    /// The VDP half of ``receive(_:at:into:)``: the VSI TLVs of a request that
    /// ``acknowledge(_:arrivedAt:at:into:)`` acknowledged, each answered or handed to the policy.
    package mutating func deliver(_ delivery: ECPDelivery, at now: Instant, into output: inout [BridgeOutput]) {
        note(now)
        if let ulpdu = delivery.ulpdu, let managerID = ulpdu.managerID {
            receive(ulpdu.vsiTLVList, managerID: managerID, from: delivery.source, at: now, into: &output)
        } else if let salvage = delivery.salvage {
            receive(salvage, from: delivery.source, at: now, into: &output)
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
        _ tlvs: some Sequence<VSITLV>,
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
        guard let existing = table.entry(of: vsiID)?.machine else {
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
        guard stations.hasRoomForResponse(key.station, replacing: key.vsiID, limits: configuration.limits) else {
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
        let entry = BridgeVSIEntry(machine: machine, holds: .none)
        guard let slot = table.insert(entry) else {
            return
        }
        stations.countVSI(of: key.station, by: 1)
        apply(machineOutput, for: entry, in: slot, previousDeadline: nil, into: &output)
    }

    /// Why a new VSI is refused before the policy sees it, if it is: VID 4095 (reserved by 802.1Q), then the
    /// bounds on VSIs, pending decisions and the rate of new VSIs, each counted. The rate's token is taken only
    /// when every other check passed.
    private mutating func doorRefusal(_ tlv: VSITLV, station: MACAddress, at now: Instant)
        -> (BridgeRejectionReason, hardError: Bool)?
    {
        if tlv.filterInfo.entryList.contains(where: { $0.vid.vid == 4095 }) {
            counters.invalidVIDRefusals += 1
            return (.invalidAddressOrVLAN, true)
        }
        guard let position = stations.position(of: station) else {
            return (.insufficientResources, false)
        }
        let limits = configuration.limits
        guard table.hasRoom else {
            counters.vsiLimitRefusals += 1
            return (.insufficientResources, false)
        }
        let held = stations.vsiCount(at: position)
        if held >= max(1, limits.maximumVSIsPerStation) {
            counters.stationVSILimitRefusals += 1
            return (.insufficientResources, false)
        }
        if !BridgeStationTable.admits(
            held: held,
            total: table.count,
            perStation: .max,
            perPort: limits.maximumVSIs,
            limits: limits
        ) {
            counters.vsiLimitRefusals += 1
            return (.insufficientResources, false)
        }
        if !hasRoomForDecision(station) {
            counters.decisionLimitRefusals += 1
            return (.insufficientResources, false)
        }
        let rate = limits.newVSIsPerSecondPerStation
        let burst = max(1, limits.newVSIBurstPerStation)
        if !stations.takeNewVSIToken(at: position, rate: rate, burst: burst, now: now) {
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
        let address = configuration.address
        let forgotten = stations.advance(to: now) { station, ecpOutput in
            Self.send(ecpOutput, from: address, to: station, into: &output)
        }
        counters.stationsForgotten += UInt64(forgotten)
        var budget = max(1, configuration.limits.maximumTimerExpiriesPerAdvance)
        let timers = self.timers
        while budget > 0, let first = table.earliest, first.deadline <= now {
            budget -= 1
            // Taken off the heap first: a machine whose timer changes nothing is not visited again.
            table.schedule(first.slot, at: nil)
            guard let vsiID = table.entry(at: first.slot)?.machine.descriptor.vsiID else {
                continue
            }
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.timerExpired(timers: timers, now: now, into: &machineOutput)
            }
        }
        if budget == 0, let earliest = table.earliest, earliest.deadline <= now {
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
        guard let vsiID = decisions[id], let slot = table.slot(of: vsiID), var entry = table.entry(at: slot),
            entry.machine.pendingDecision == id
        else {
            return
        }
        let timers = self.timers
        switch decision {
        case .accept(let assignment):
            switch assignVIDs(assignment, toPendingRequestOf: &entry, at: slot) {
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

    /// Takes the VID pool's holds that `assignment` gives the filter of the pending request of the VSI in `slot`
    /// (its current descriptor when the request keeps it), and stores the entry with its new holds.
    private mutating func assignVIDs(
        _ assignment: VIDAssignment,
        toPendingRequestOf entry: inout BridgeVSIEntry,
        at slot: UInt32
    ) -> BridgeVIDAssignments.Outcome {
        let requested = entry.machine.pendingDescriptor ?? entry.machine.descriptor
        let outcome = vidAssignments.assign(
            assignment,
            to: requested.filterInfo,
            for: entry.machine.key,
            holdings: &entry.holds
        )
        table.update(slot, entry)
        return outcome
    }

    /// Works out what accepting a pending decision with `assignment` will grant, taking the VID pool's holds for it
    /// as ``decide(_:_:at:into:)`` would, so that a later `decide` with the same assignment grants exactly this
    /// (a VSI that already holds its VIDs keeps them). `nil` when the decision is no longer pending. When the
    /// driver then refuses the request instead, ``restoreHoldings(of:)`` gives a VSI that stays its old holds back.
    package mutating func prepareAccept(_ id: BridgeDecisionID, _ assignment: VIDAssignment) -> BridgePreparedGrant? {
        guard let vsiID = decisions[id], let slot = table.slot(of: vsiID), var entry = table.entry(at: slot),
            entry.machine.pendingDecision == id, let request = entry.machine.pendingRequest
        else {
            return nil
        }
        switch assignVIDs(assignment, toPendingRequestOf: &entry, at: slot) {
        case .granted(let filterInfo):
            let state = BridgeVSIState(type: request.type, hints: request.hints, filterInfo: filterInfo)
            let machine = entry.machine
            return .granted(
                machine.key,
                state,
                descriptor: machine.pendingDescriptor ?? machine.descriptor,
                previous: machine.granted
            )
        case .refused:
            return .refused
        }
    }

    /// Moves a VSI's VID-pool holds back to what it is granted now (after ``prepareAccept(_:_:)`` took holds for a
    /// grant that was then refused with keep).
    package mutating func restoreHoldings(of vsiID: VSIID) {
        guard let slot = table.slot(of: vsiID), var entry = table.entry(at: slot),
            let granted = entry.machine.granted
        else {
            return
        }
        vidAssignments.moveHoldings(of: entry.machine.key, &entry.holds, to: granted.filterInfo)
        table.update(slot, entry)
    }

    /// Ends a VSI from the bridge's side (an NVE local change): an unsolicited De-Associate goes to the station.
    /// Returns whether the VSI existed.
    @discardableResult
    public mutating func deAssociate(_ vsiID: VSIID, at now: Instant, into output: inout [BridgeOutput]) -> Bool {
        note(now)
        guard table.slot(of: vsiID) != nil else {
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
        if changed, let slot = table.slot(of: vsiID), var entry = table.entry(at: slot) {
            vidAssignments.moveHoldings(of: entry.machine.key, &entry.holds, to: filterInfo)
            table.update(slot, entry)
        }
        return changed
    }

    /// Every station went away or restarted (LLDP TTL expiry or shutdown): each station's ECP starts afresh (its
    /// sequence numbers and receive history restart), responses not yet acknowledged are dropped, and the VSIs
    /// stay, to be refreshed by the returning stations or aged out after toutKeepAlive.
    public mutating func peerLost() {
        for station in stations.addresses {
            peerLost(station: station)
        }
    }

    /// One station went away or restarted: as ``peerLost()``, for that station only.
    public mutating func peerLost(station: MACAddress) {
        stations.reset(station)
    }

    /// The port went down for good: every VSI is removed, and every station's state with it.
    public mutating func portDown(into output: inout [BridgeOutput]) {
        for vsiID in table.vsiIDs {
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.portDown(into: &machineOutput)
            }
        }
        counters.stationsForgotten += UInt64(stations.forgetAll())
        table.removeAll()
        decisions.removeAll()
    }

    // MARK: Responses and frames

    private mutating func note(_ now: Instant) {
        if latest.map({ now > $0 }) ?? true {
            latest = now
        }
    }

    /// Ends an input: each station touched sends its next ULPDU of responses if its transmitter is free, and has
    /// its wake-up rescheduled.
    private mutating func finish(at now: Instant, into output: inout [BridgeOutput]) {
        let address = configuration.address
        let sent = stations.flushTouched(configuration.batching, at: now) { station, ecpOutput in
            Self.send(ecpOutput, from: address, to: station, into: &output)
        }
        counters.responsePDUsSent += UInt64(sent)
    }

    /// Whether `station` may have one more request wait for the policy.
    private func hasRoomForDecision(_ station: MACAddress) -> Bool {
        stations.hasRoomForDecision(station, pendingTotal: decisions.count, limits: configuration.limits)
    }

    /// Queues a response for the station of `key`, or drops it (counted) when its queue or the port's is full.
    private mutating func enqueue(_ tlv: VSITLV, managerID: VSIManagerID, for key: BridgeVSIKey) {
        if !stations.enqueue(tlv, managerID: managerID, for: key, limits: configuration.limits) {
            counters.responsesDropped += 1
        }
    }

    /// Answers a request that creates no state (a De-Associate of an unknown VSI, a refused request).
    private mutating func reply(_ tlv: VSITLV, status: VDPStatus, _ managerID: VSIManagerID, _ key: BridgeVSIKey) {
        var response = tlv
        response.status = status
        enqueue(response, managerID: managerID, for: key)
    }

    private static func ecpFrame(_ ecpdu: ECPDU, from address: MACAddress, to station: MACAddress) -> Frame {
        Frame(
            header: EthernetHeader(destination: station, source: address, etherType: .ecp),
            payload: .ecp(ecpdu)
        )
    }

    private static func send(
        _ ecpOutput: [ECPTransmitterOutput],
        from address: MACAddress,
        to station: MACAddress,
        into output: inout [BridgeOutput]
    ) {
        for item in ecpOutput {
            switch item {
            case .send(let ecpdu):
                output.append(.send(ecpFrame(ecpdu, from: address, to: station)))
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

    private mutating func modify(
        _ vsiID: VSIID,
        into output: inout [BridgeOutput],
        _ body: (inout BridgeVSIMachine, inout [BridgeVSIMachine.Output]) -> Void
    ) {
        guard let slot = table.slot(of: vsiID), var entry = table.entry(at: slot) else {
            return
        }
        var machine = entry.machine
        if tracksChanges {
            changedVSIs.insert(vsiID)
        }
        let decisionBefore = machine.pendingDecision
        let previousDeadline = machine.deadline
        var machineOutput = Self.takeBuffer(&machineOutputBuffer)
        body(&machine, &machineOutput)
        entry.machine = machine
        table.update(slot, entry)
        if let decisionBefore, machine.pendingDecision != decisionBefore {
            decisions.removeValue(forKey: decisionBefore)
            stations.countPendingDecision(of: machine.key.station, by: -1)
        }
        apply(machineOutput, for: entry, in: slot, previousDeadline: previousDeadline, into: &output)
        Self.returnBuffer(&machineOutput, to: &machineOutputBuffer)
    }

    /// Takes a kept buffer (empty, with its capacity), leaving an empty array in its place, so that the buffer is
    /// uniquely referenced while in use.
    private static func takeBuffer<Element>(_ kept: inout [Element]) -> [Element] {
        var buffer: [Element] = []
        swap(&buffer, &kept)
        return buffer
    }

    /// Empties a buffer, keeping its capacity, and keeps it for the next input.
    private static func returnBuffer<Element>(_ buffer: inout [Element], to kept: inout [Element]) {
        buffer.removeAll(keepingCapacity: true)
        swap(&buffer, &kept)
    }

    /// Routes a machine's outputs, forgets an ended machine and its VIDs, and schedules its deadline when it
    /// changed (`previousDeadline` is the deadline before the input; `nil` forces scheduling).
    private mutating func apply(
        _ machineOutput: [BridgeVSIMachine.Output],
        for entry: BridgeVSIEntry,
        in slot: UInt32,
        previousDeadline: Instant?,
        into output: inout [BridgeOutput]
    ) {
        let machine = entry.machine
        let vsiID = machine.descriptor.vsiID
        let station = machine.key.station
        for item in machineOutput {
            switch item {
            case .transmit(let tlv, let managerID):
                enqueue(tlv, managerID: managerID, for: machine.key)
            case .decisionRequired(let request):
                decisions[request.id] = vsiID
                stations.countPendingDecision(of: station, by: 1)
                output.append(.decisionRequired(request))
            case .event(let event):
                output.append(.event(event))
            }
        }
        if machine.isEnded {
            table.remove(slot)
            vidAssignments.release(entry.holds, of: machine.key)
            stations.countVSI(of: station, by: -1)
            stations.touch(station)
        } else if let deadline = machine.deadline, deadline != previousDeadline {
            table.schedule(slot, at: deadline)
        }
    }
}

extension VSITLV {
    /// The same TLV with another type.
    func with(type: VSITLVType) -> VSITLV {
        var copy = self
        copy.type = type
        return copy
    }
}
