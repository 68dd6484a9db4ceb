import VDPWire

/// The bridge (NVE) side of VDP on one port: every VSI's machine, the policy hand-off, the VID pool, ECP in
/// both directions, batching and timers. Sans-I/O: frames, decisions and time go in; frames, decision
/// requests and table events come out.
///
/// VSIs are keyed by VSIID and bound to the station that created them: a request from another station about
/// the same VSIID is refused, so one station cannot change or remove another's VSIs.
public struct BridgePort: Sendable {
    /// The configuration.
    public private(set) var configuration: BridgePortConfiguration
    private var machines: [VSIID: BridgeVSIMachine] = [:]
    private var decisions: [BridgeDecisionID: VSIID] = [:]
    private var poolHoldings: [VSIID: [VIDPool.Owner]] = [:]
    private var deadlines = DeadlineQueue<VSIID>()
    private var pending = PendingTLVs<BridgeVSIKey>()
    private var transmitter: ECPTransmitter
    private var receiver = ECPReceiver()
    private var nextDecisionNumber: UInt64 = 1
    /// The VIDs handed out for null VIDs.
    public private(set) var vidPool: VIDPool
    /// The port's counters.
    public private(set) var counters = BridgePortCounters()

    /// Creates a port.
    public init(configuration: BridgePortConfiguration) {
        self.configuration = configuration
        self.vidPool = VIDPool(range: configuration.vidRange)
        self.transmitter = ECPTransmitter(
            maximumRetries: configuration.parameters.maximumRetries,
            ackTimer: configuration.parameters.timers.ackTimer,
            minimumSpacing: configuration.minimumSpacing,
            firstSequenceNumber: configuration.firstSequenceNumber ?? 1
        )
    }

    /// The timers in force.
    public var timers: VDPTimers { configuration.parameters.timers }

    /// The counters of the port's ECP transmitter.
    public var ecpTransmitterCounters: ECPTransmitterCounters { transmitter.counters }

    /// The counters of the port's ECP receiver.
    public var ecpReceiverCounters: ECPReceiverCounters { receiver.counters }

    /// The number of VSIs in the table.
    public var vsiCount: Int { machines.count }

    /// The earliest time the port needs ``advance(to:into:)`` (possibly early, never late).
    public var nextDeadline: Instant? {
        [deadlines.earliest, transmitter.nextDeadline].compactMap { $0 }.min()
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

    /// Applies newly negotiated EVB values; they take effect for timers started from now on.
    public mutating func update(parameters: EVBParameters) {
        configuration.parameters = parameters
        transmitter.update(maximumRetries: parameters.maximumRetries, ackTimer: parameters.timers.ackTimer)
    }

    // MARK: Input

    /// A frame from the wire. Frames other than ratified ECP are ignored.
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [BridgeOutput]) {
        guard case .ecp(let ecpdu) = frame.payload else {
            return
        }
        if ecpdu.operation == .acknowledgement {
            var ecpOutput: [ECPTransmitterOutput] = []
            transmitter.receiveAcknowledgement(sequenceNumber: ecpdu.sequenceNumber, at: now, into: &ecpOutput)
            handle(ecpOutput, into: &output)
        } else if let result = receiver.receive(ecpdu, at: now) {
            output.append(.send(.ecp(result.acknowledgement, from: configuration.address)))
            if let ulpdu = result.delivered, let managerID = ulpdu.managerID {
                receive(ulpdu.vsiTLVs, managerID: managerID, from: frame.header.source, at: now, into: &output)
            } else if let salvage = result.salvaged {
                counters.malformedULPDUs += 1
                for malformed in salvage.malformedVSITLVs {
                    output.append(.event(.malformedRequest(station: frame.header.source, malformed)))
                }
                if let managerID = salvage.managerID {
                    receive(salvage.vsiTLVs, managerID: managerID, from: frame.header.source, at: now, into: &output)
                }
            }
        }
        flush(at: now, into: &output)
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
        let descriptor = VSIDescriptor(tlv, managerID: managerID)
        let hints = VSIHints(tlv.status)
        let vsiID = tlv.vsiID
        let key = BridgeVSIKey(station: station, vsiID: vsiID)
        guard let existing = machines[vsiID] else {
            if tlv.type == .deAssociate {
                reply(tlv, status: .response(), managerID: managerID, for: key)
            } else if tlv.filterInfo.format.hasGroupID, !configuration.parameters.groupIDsSupported {
                reply(tlv, status: .response(.insufficientResources), managerID: managerID, for: key)
            } else if machines.count >= configuration.maximumVSIs {
                reply(
                    tlv.with(type: .deAssociate),
                    status: .response(.insufficientResources),
                    managerID: managerID,
                    for: key
                )
                output.append(.event(.requestRefused(key, .insufficientResources)))
            } else {
                var machineOutput: [BridgeVSIMachine.Output] = []
                let machine = BridgeVSIMachine(
                    key: key,
                    type: tlv.type,
                    hints: hints,
                    descriptor: descriptor,
                    decisionID: takeDecisionID(),
                    timers: timers,
                    now: now,
                    into: &machineOutput
                )
                machines[vsiID] = machine
                apply(machineOutput, for: vsiID, previousDeadline: nil, into: &output)
            }
            return
        }
        guard existing.key.station == station else {
            counters.foreignRequestsRefused += 1
            reply(tlv.with(type: .deAssociate), status: .response(.otherFailure), managerID: managerID, for: key)
            return
        }
        let timers = self.timers
        var nextID = nextDecisionNumber
        var ignored = false
        modify(vsiID, into: &output) { machine, machineOutput in
            if tlv.type == .deAssociate {
                machine.receiveDeAssociate(hints: hints, into: &machineOutput)
            } else {
                machine.receiveRequest(
                    type: tlv.type,
                    hints: hints,
                    descriptor: descriptor,
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
    }

    /// Runs every timer due at `now`: ECP retransmissions, decision timeouts and keep-alive ageing.
    public mutating func advance(to now: Instant, into output: inout [BridgeOutput]) {
        var ecpOutput: [ECPTransmitterOutput] = []
        transmitter.advance(to: now, into: &ecpOutput)
        handle(ecpOutput, into: &output)
        let due = deadlines.popDue(at: now) { vsiID, deadline in machines[vsiID]?.deadline == deadline }
        let timers = self.timers
        for vsiID in due {
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.timerExpired(timers: timers, now: now, into: &machineOutput)
            }
        }
        deadlines.discardStale { vsiID, deadline in machines[vsiID]?.deadline == deadline }
        flush(at: now, into: &output)
    }

    // MARK: Decisions and local changes

    /// The policy's answer to a ``BridgeOutput/decisionRequired(_:)``. Answers to decisions no longer pending
    /// (timed out, or the VSI went away) are ignored.
    public mutating func decide(
        _ id: BridgeDecisionID,
        _ decision: BridgeDecision,
        at now: Instant,
        into output: inout [BridgeOutput]
    ) {
        guard let vsiID = decisions[id], let machine = machines[vsiID], machine.pendingDecision == id else {
            return
        }
        let timers = self.timers
        switch decision {
        case .accept(let assignment):
            let requested = machine.pendingDescriptor ?? machine.descriptor
            guard let filterInfo = assign(assignment, to: requested.filterInfo, for: machine.key) else {
                let reason: BridgeRejectionReason =
                    if case .perEntry = assignment { .conflictingPolicy } else { .insufficientResources }
                modify(vsiID, into: &output) { machine, machineOutput in
                    machine.reject(
                        id,
                        reason: reason,
                        hardError: false,
                        keep: false,
                        timers: timers,
                        now: now,
                        into: &machineOutput
                    )
                }
                flush(at: now, into: &output)
                return
            }
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.accept(id, filterInfo: filterInfo, timers: timers, now: now, into: &machineOutput)
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
        flush(at: now, into: &output)
    }

    /// Ends a VSI from the bridge's side (an NVE local change): an unsolicited De-Associate goes to the station.
    /// Returns whether the VSI existed.
    @discardableResult
    public mutating func deAssociate(_ vsiID: VSIID, at now: Instant, into output: inout [BridgeOutput]) -> Bool {
        guard machines[vsiID] != nil else {
            return false
        }
        modify(vsiID, into: &output) { machine, machineOutput in
            machine.sendUnsolicitedDeAssociate(reason: .bridgeDeAssociated, into: &machineOutput)
        }
        flush(at: now, into: &output)
        return true
    }

    /// Changes the VIDs/PCPs granted to a VSI (an NVE local change); the station learns them from the response
    /// to its next keep-alive. The MACs and GroupIDs must stay the same. Returns whether the change was made.
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
        return changed
    }

    /// The peer went away (LLDP TTL expiry or shutdown) and may come back restarted: ECP starts afresh (its
    /// sequence numbers restart), responses not yet acknowledged are dropped, and the VSIs stay, to be refreshed
    /// by the returning station or aged out after toutKeepAlive.
    public mutating func peerLost() {
        pending.removeAll()
        _ = transmitter.reset()
        receiver.reset()
    }

    /// The port went down for good: every VSI is removed.
    public mutating func portDown(into output: inout [BridgeOutput]) {
        for vsiID in Array(machines.keys) {
            modify(vsiID, into: &output) { machine, machineOutput in
                machine.portDown(into: &machineOutput)
            }
        }
        pending.removeAll()
        deadlines.removeAll()
        decisions.removeAll()
        _ = transmitter.reset()
        receiver.reset()
    }

    // MARK: Plumbing

    private mutating func takeDecisionID() -> BridgeDecisionID {
        defer { nextDecisionNumber += 1 }
        return BridgeDecisionID(rawValue: nextDecisionNumber)
    }

    /// Fills in null VIDs (from the pool with ``VIDAssignment/fromPool``; a policy's own words are kept as they
    /// are, null included) and takes the pool's holds for every VID the VSI uses, so the pool never hands a VID
    /// in use to another network; `nil` when the pool is exhausted or a per-entry list has the wrong length.
    private mutating func assign(_ assignment: VIDAssignment, to requested: FilterInfo, for key: BridgeVSIKey)
        -> FilterInfo?
    {
        var entries = requested.entries
        switch assignment {
        case .fixed(let word):
            for index in entries.indices where entries[index].vid.isNullVID {
                entries[index].vid = word
            }
        case .perEntry(let words):
            guard words.count == entries.count else {
                return nil
            }
            for index in entries.indices {
                entries[index].vid = words[index]
            }
        case .fromPool:
            break
        }
        var acquired: [VIDPool.Owner] = []
        let fillsNullVIDs = assignment == .fromPool
        for index in entries.indices where fillsNullVIDs || !entries[index].vid.isNullVID {
            let owner: VIDPool.Owner =
                if !entries[index].vid.isNullVID {
                    .explicit(entries[index].vid.vid)
                } else {
                    entries[index].groupID.map { .group($0) } ?? .vsi(key)
                }
            let vid: UInt16
            if acquired.contains(owner), let held = vidPool.vid(of: owner) {
                vid = held
            } else if let fresh = vidPool.acquire(owner) {
                acquired.append(owner)
                vid = fresh
            } else {
                acquired.forEach { vidPool.release($0) }
                return nil
            }
            entries[index].vid = FilterVID(rawValue: entries[index].vid.rawValue & 0xF000 | vid)
        }
        guard let filterInfo = try? FilterInfo(format: requested.format, entries: entries) else {
            acquired.forEach { vidPool.release($0) }
            return nil
        }
        for owner in poolHoldings.removeValue(forKey: key.vsiID) ?? [] {
            vidPool.release(owner)
        }
        poolHoldings[key.vsiID] = acquired
        return filterInfo
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
        for item in machineOutput {
            switch item {
            case .transmit(let tlv, let managerID):
                if let key = machines[vsiID]?.key {
                    pending.enqueue(tlv, managerID: managerID, for: key)
                }
            case .decisionRequired(let request):
                decisions[request.id] = vsiID
                output.append(.decisionRequired(request))
            case .event(let event):
                output.append(.event(event))
            }
        }
        guard let machine = machines[vsiID] else {
            return
        }
        if machine.isEnded {
            machines.removeValue(forKey: vsiID)
            for owner in poolHoldings.removeValue(forKey: vsiID) ?? [] {
                vidPool.release(owner)
            }
        } else if let deadline = machine.deadline, deadline != previousDeadline {
            deadlines.schedule(vsiID, at: deadline)
        }
    }

    /// Answers a request that creates no state (a De-Associate of an unknown VSI, a refused request).
    private mutating func reply(_ tlv: VSITLV, status: VDPStatus, managerID: VSIManagerID, for key: BridgeVSIKey) {
        var response = tlv
        response.status = status
        pending.enqueue(response, managerID: managerID, for: key)
    }

    private mutating func handle(_ ecpOutput: [ECPTransmitterOutput], into output: inout [BridgeOutput]) {
        for item in ecpOutput {
            switch item {
            case .send(let ecpdu):
                output.append(.send(.ecp(ecpdu, from: configuration.address)))
            case .delivered, .failed:
                // A response the station never acknowledged is not retried at the VDP level: the station
                // repeats its request after respWaitDelay, or its keep-alive does.
                break
            }
        }
    }

    private mutating func flush(at now: Instant, into output: inout [BridgeOutput]) {
        if transmitter.isIdle, transmitter.queuedCount == 0,
            let (managerID, batch) = pending.takeBatch(configuration.batching)
        {
            _ = transmitter.enqueue(VDPULPDU(managerID: managerID, vsis: batch.map(\.tlv)))
            counters.responsePDUsSent += 1
        }
        var ecpOutput: [ECPTransmitterOutput] = []
        transmitter.advance(to: now, into: &ecpOutput)
        handle(ecpOutput, into: &output)
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
