import VDPWire

/// The station (hypervisor) side of VDP on one port: every VSI's machine, ECP in both directions, batching,
/// and the timers of all of them. Sans-I/O: frames and time go in, frames, completions and events come out.
///
/// Call order, after every input: ``advance(to:into:)`` when ``nextDeadline`` has passed, and send every
/// ``StationOutput/send(_:)`` in order.
public struct StationPort: Sendable {
    /// The configuration.
    public private(set) var configuration: StationPortConfiguration
    private var machines: [VSIID: StationVSIMachine] = [:]
    private var deadlines = DeadlineQueue<VSIID>()
    private var pending = PendingTLVs<VSIID>()
    private var inFlight: [ECPTransmissionID: [PendingTLVs<VSIID>.Item]] = [:]
    private var transmitter: ECPTransmitter
    private var receiver = ECPReceiver()
    private var nextRequestNumber: UInt64 = 1
    /// Established VSIs whose keep-alive went unanswered (timeout or ECP retries exhausted), with what the
    /// bridge had confirmed, oldest first; ``StationEVBPort`` takes them to request them again.
    /// Kept only while ``keepsUnansweredKeepAlives`` is set (the EVB port drains it after every input).
    private(set) var unansweredKeepAlives: [(descriptor: VSIDescriptor, confirmed: StationVSIState)] = []
    /// Whether ``unansweredKeepAlives`` is kept.
    var keepsUnansweredKeepAlives = false
    /// The port's counters.
    public private(set) var counters = StationPortCounters()

    /// Creates a port.
    public init(configuration: StationPortConfiguration) {
        self.configuration = configuration
        let timers = configuration.parameters.timers
        self.transmitter = ECPTransmitter(
            maximumRetries: configuration.parameters.maximumRetries,
            ackTimer: timers.ackTimer,
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

    /// The number of VSIs the port knows.
    public var vsiCount: Int { machines.count }

    /// The earliest time the port needs ``advance(to:into:)`` (possibly early, never late).
    public var nextDeadline: Instant? {
        [deadlines.earliest, transmitter.nextDeadline].compactMap { $0 }.min()
    }

    /// Makes room for `count` more VSIs at once, before a batch of requests for new VSIs, so that the VSI table
    /// does not grow (moving every entry, during which no acknowledgement leaves) while the batch is answered.
    public mutating func reserveCapacity(forAdditionalVSIs count: Int) {
        let (wanted, overflow) = machines.count.addingReportingOverflow(max(count, 0))
        guard !overflow, wanted > machines.capacity else {
            return
        }
        machines.reserveCapacity(wanted)
    }

    /// What the bridge has confirmed for a VSI, if anything.
    public func state(of vsiID: VSIID) -> StationVSIState? {
        machines[vsiID]?.confirmed
    }

    /// The VSI as the local user described it (null VIDs still null), if the port knows it.
    public func descriptor(of vsiID: VSIID) -> VSIDescriptor? {
        machines[vsiID]?.descriptor
    }

    /// Whether a request for the VSI is waiting for the bridge.
    public func isBusy(_ vsiID: VSIID) -> Bool {
        switch machines[vsiID]?.state {
        case .requesting, .refreshing, .deAssociating: true
        case .established, .ended, nil: false
        }
    }

    /// The VSIIDs the port knows.
    public var vsiIDs: [VSIID] { Array(machines.keys) }

    // MARK: Commands

    /// Asks the bridge for `type` (Pre-Associate, Pre-Associate with RR, Associate or De-Associate) for the VSI.
    ///
    /// Throws, sending nothing, when the command breaks a local rule: a request already out for the VSI, other
    /// filters than the live VSI's, a Pre-Associate after an Associate, a De-Associate of an unknown VSI, or
    /// a GroupID format without GroupID support on both ends.
    public mutating func request(
        _ type: VSITLVType,
        for descriptor: VSIDescriptor,
        hints: VSIHints = .none,
        at now: Instant,
        into output: inout [StationOutput]
    ) throws(StationCommandError) -> StationRequestID {
        try request(type, for: descriptor, hints: hints, requesting: nil, at: now, into: &output)
    }

    /// ``request(_:for:hints:at:into:)`` for a VSI the port does not know, with `filterInfo` in the request in
    /// place of the descriptor's (the VIDs granted before a peer loss); the descriptor stays as given.
    mutating func request(
        _ type: VSITLVType,
        for descriptor: VSIDescriptor,
        hints: VSIHints,
        requesting filterInfo: FilterInfo?,
        at now: Instant,
        into output: inout [StationOutput]
    ) throws(StationCommandError) -> StationRequestID {
        if descriptor.filterInfo.format.hasGroupID, !configuration.parameters.groupIDsSupported {
            throw .groupIDsNotNegotiated
        }
        let requestID = StationRequestID(rawValue: nextRequestNumber)
        var machineOutput: [StationVSIMachine.Output] = []
        let previousDeadline = machines[descriptor.vsiID]?.deadline
        if var machine = machines[descriptor.vsiID] {
            try machine.command(
                type,
                descriptor: descriptor,
                hints: hints,
                requestID: requestID,
                timers: timers,
                now: now,
                into: &machineOutput
            )
            machines[descriptor.vsiID] = machine
        } else {
            guard type != .deAssociate else {
                throw .unknownVSI
            }
            machines[descriptor.vsiID] = StationVSIMachine(
                descriptor: descriptor,
                type: type,
                hints: hints,
                requestID: requestID,
                requesting: filterInfo,
                timers: timers,
                now: now,
                into: &machineOutput
            )
        }
        nextRequestNumber += 1
        apply(machineOutput, for: descriptor.vsiID, previousDeadline: previousDeadline, into: &output)
        flush(at: now, into: &output)
        return requestID
    }

    /// A De-Associate for a VSI the port does not know but the bridge may still hold (a process that restarted
    /// and kept only what it wanted): sent with the descriptor's filters; the answer completes the request with
    /// `nil`. For a VSI the port knows, the same as ``request(_:for:hints:at:into:)`` with a De-Associate.
    package mutating func deAssociateForgotten(
        _ descriptor: VSIDescriptor,
        at now: Instant,
        into output: inout [StationOutput]
    ) throws(StationCommandError) -> StationRequestID {
        if let machine = machines[descriptor.vsiID], !machine.isEnded {
            return try request(.deAssociate, for: descriptor, hints: .none, requesting: nil, at: now, into: &output)
        }
        let requestID = StationRequestID(rawValue: nextRequestNumber)
        var machineOutput: [StationVSIMachine.Output] = []
        machines[descriptor.vsiID] = StationVSIMachine(
            deAssociating: descriptor,
            filterInfo: descriptor.filterInfo,
            requestID: requestID,
            timers: timers,
            now: now,
            into: &machineOutput
        )
        nextRequestNumber += 1
        apply(machineOutput, for: descriptor.vsiID, previousDeadline: nil, into: &output)
        flush(at: now, into: &output)
        return requestID
    }

    /// Applies newly negotiated EVB values; they take effect for timers started from now on.
    public mutating func update(parameters: EVBParameters) {
        configuration.parameters = parameters
        transmitter.update(maximumRetries: parameters.maximumRetries, ackTimer: parameters.timers.ackTimer)
    }

    /// The port went down or the peer was lost: every VSI ends and every pending command fails.
    public mutating func portDown(into output: inout [StationOutput]) {
        for vsiID in Array(machines.keys) {
            guard var machine = machines[vsiID] else {
                continue
            }
            var machineOutput: [StationVSIMachine.Output] = []
            machine.portDown(into: &machineOutput)
            machines[vsiID] = machine
            apply(machineOutput, for: vsiID, previousDeadline: nil, into: &output)
        }
        pending.removeAll()
        inFlight.removeAll()
        deadlines.removeAll()
        _ = transmitter.reset()
        receiver.reset()
    }

    // MARK: Input

    /// A frame from the wire. Frames other than ratified ECP are ignored.
    public mutating func receive(_ frame: Frame, at now: Instant, into output: inout [StationOutput]) {
        if let delivery = acknowledge(frame, at: now, into: &output) {
            deliver(delivery, at: now, into: &output)
        }
    }

    /// The ECP half of ``receive(_:at:into:)``, so that a driver can send every acknowledgement of a batch of
    /// frames before it does their VDP work: an acknowledgement from the bridge is handled entirely (judged by
    /// `arrivedAt`, its arrival, against the ack timer); a request is acknowledged (the acknowledgement is the
    /// first output) and its VDP content returned, for ``deliver(_:at:into:)``. Returns `nil` when nothing is
    /// left to do.
    package mutating func acknowledge(
        _ frame: Frame,
        arrivedAt: Instant? = nil,
        at now: Instant,
        into output: inout [StationOutput]
    ) -> ECPDelivery? {
        guard case .ecp(let ecpdu) = frame.payload else {
            return nil
        }
        if ecpdu.operation == .acknowledgement {
            var ecpOutput: [ECPTransmitterOutput] = []
            transmitter.receiveAcknowledgement(
                sequenceNumber: ecpdu.sequenceNumber,
                arrivedAt: arrivedAt,
                at: now,
                into: &ecpOutput
            )
            handle(ecpOutput, at: now, into: &output)
        } else if let result = receiver.receive(ecpdu, at: now) {
            output.append(.send(.ecp(result.acknowledgement, from: configuration.address)))
            if result.delivered != nil || result.salvaged != nil {
                return ECPDelivery(result, from: frame.header.source)
            }
        }
        flush(at: now, into: &output)
        return nil
    }

    /// The VDP half of ``receive(_:at:into:)``: the responses and De-Associates of a request that
    /// ``acknowledge(_:arrivedAt:at:into:)`` acknowledged.
    package mutating func deliver(_ delivery: ECPDelivery, at now: Instant, into output: inout [StationOutput]) {
        if let ulpdu = delivery.ulpdu {
            receive(ulpdu.vsiTLVList, managerID: ulpdu.managerID, at: now, into: &output)
        } else if let salvage = delivery.salvage {
            counters.malformedULPDUs += 1
            counters.malformedTLVs += UInt64(salvage.malformedVSITLVs.count)
            receive(salvage.vsiTLVs, managerID: salvage.managerID, at: now, into: &output)
        }
        flush(at: now, into: &output)
    }

    private mutating func receive(
        _ tlvs: some Sequence<VSITLV>,
        managerID: VSIManagerID?,
        at now: Instant,
        into output: inout [StationOutput]
    ) {
        for vsi in tlvs {
            guard var machine = machines[vsi.vsiID], machine.descriptor.managerID == managerID else {
                counters.tlvsIgnored += 1
                continue
            }
            var machineOutput: [StationVSIMachine.Output] = []
            let previousDeadline = machine.deadline
            if vsi.status.isResponse {
                machine.receiveResponse(vsi, timers: timers, now: now, into: &machineOutput)
            } else if vsi.type == .deAssociate {
                machine.receiveBridgeDeAssociate(into: &machineOutput)
            } else {
                counters.tlvsIgnored += 1
            }
            machines[vsi.vsiID] = machine
            apply(machineOutput, for: vsi.vsiID, previousDeadline: previousDeadline, into: &output)
        }
    }

    /// The most VSI deadlines (response waits, keep-alives) one ``advance(to:into:)`` handles, earliest first: the
    /// keep-alives of a large batch come due together, and handling them all in one call would hold up the
    /// acknowledgements of the frames that arrive meanwhile. What is left stays due (``nextDeadline`` is then
    /// `now` or earlier), so the caller's next round, after taking what has arrived, goes on with it.
    public static let maximumTimerExpiriesPerAdvance = 1_024

    /// Runs the timers due at `now`: ECP retransmissions, and response timeouts and keep-alives up to
    /// ``maximumTimerExpiriesPerAdvance`` of them.
    public mutating func advance(to now: Instant, into output: inout [StationOutput]) {
        var ecpOutput: [ECPTransmitterOutput] = []
        transmitter.advance(to: now, into: &ecpOutput)
        handle(ecpOutput, at: now, into: &output)
        var budget = Self.maximumTimerExpiriesPerAdvance
        while budget > 0, let entry = deadlines.popFirst(dueAt: now) {
            budget -= 1
            let vsiID = entry.key
            guard var machine = machines[vsiID], machine.deadline == entry.deadline else {
                continue
            }
            var machineOutput: [StationVSIMachine.Output] = []
            let confirmed = machine.confirmed
            machine.timerExpired(timers: timers, now: now, into: &machineOutput)
            machines[vsiID] = machine
            noteUnansweredKeepAlive(machine, confirmed: confirmed, machineOutput)
            apply(machineOutput, for: vsiID, previousDeadline: nil, into: &output)
        }
        deadlines.discardStale { vsiID, deadline in machines[vsiID]?.deadline == deadline }
        flush(at: now, into: &output)
    }

    // MARK: Plumbing

    /// Routes a machine's outputs, forgets an ended machine, and schedules its deadline when it changed
    /// (`previousDeadline` is the deadline before the input; `nil` forces scheduling).
    private mutating func apply(
        _ machineOutput: [StationVSIMachine.Output],
        for vsiID: VSIID,
        previousDeadline: Instant?,
        into output: inout [StationOutput]
    ) {
        for item in machineOutput {
            switch item {
            case .transmit(let tlv):
                if let managerID = machines[vsiID]?.descriptor.managerID {
                    pending.enqueue(tlv, managerID: managerID, for: vsiID)
                }
            case .completed(let requestID, let result):
                output.append(.completed(requestID, vsiID, result))
            case .event(let event):
                output.append(.event(event))
            }
        }
        guard let machine = machines[vsiID] else {
            return
        }
        if machine.isEnded {
            machines.removeValue(forKey: vsiID)
        } else if let deadline = machine.deadline, deadline != previousDeadline {
            deadlines.schedule(vsiID, at: deadline)
        }
    }

    private mutating func handle(
        _ ecpOutput: [ECPTransmitterOutput],
        at now: Instant,
        into output: inout [StationOutput]
    ) {
        for item in ecpOutput {
            switch item {
            case .send(let ecpdu):
                output.append(.send(.ecp(ecpdu, from: configuration.address)))
            case .delivered(let id):
                inFlight.removeValue(forKey: id)
            case .failed(let id):
                for sent in inFlight.removeValue(forKey: id) ?? [] {
                    guard var machine = machines[sent.key] else {
                        continue
                    }
                    var machineOutput: [StationVSIMachine.Output] = []
                    let previousDeadline = machine.deadline
                    let confirmed = machine.confirmed
                    machine.deliveryFailed(sent.tlv, into: &machineOutput)
                    machines[sent.key] = machine
                    noteUnansweredKeepAlive(machine, confirmed: confirmed, machineOutput)
                    apply(machineOutput, for: sent.key, previousDeadline: previousDeadline, into: &output)
                }
            }
        }
    }

    /// Remembers a VSI that just ended because its keep-alive went unanswered.
    private mutating func noteUnansweredKeepAlive(
        _ machine: StationVSIMachine,
        confirmed: StationVSIState?,
        _ machineOutput: [StationVSIMachine.Output]
    ) {
        guard keepsUnansweredKeepAlives, machine.isEnded, let confirmed else {
            return
        }
        for case .event(.keepAliveFailed(_, let failure)) in machineOutput
        where failure == .timeout || failure == .retriesExhausted {
            unansweredKeepAlives.append((machine.descriptor, confirmed))
        }
    }

    /// Hands over the VSIs whose keep-alive went unanswered since the last call.
    mutating func takeUnansweredKeepAlives() -> [(descriptor: VSIDescriptor, confirmed: StationVSIState)] {
        defer { unansweredKeepAlives.removeAll() }
        return unansweredKeepAlives
    }

    /// Packs waiting TLVs into the next ECPDU when the transmitter is free, and lets it send (its ack timer runs
    /// only in ``advance(to:into:)``).
    private mutating func flush(at now: Instant, into output: inout [StationOutput]) {
        if transmitter.isIdle, transmitter.queuedCount == 0,
            let (managerID, batch) = pending.takeBatch(configuration.batching)
        {
            let ulpdu = VDPULPDU(managerID: managerID, vsis: batch.map(\.tlv))
            let id = transmitter.enqueue(ulpdu)
            inFlight[id] = batch
            counters.requestPDUsSent += 1
            counters.tlvsSent += UInt64(batch.count)
        }
        var ecpOutput: [ECPTransmitterOutput] = []
        transmitter.sendQueued(at: now, into: &ecpOutput)
        handle(ecpOutput, at: now, into: &output)
    }
}
