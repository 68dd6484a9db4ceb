import VDPWire

/// The bridge's state machine for one VSI (802.1Qbg-2012 41.5.5; lldpad `vdp22sm.c` bridge states), with
/// a real resource decision where lldpad has a stub that accepts everything.
///
/// | state | meaning |
/// |---|---|
/// | `deciding` | a request waits for the policy's decision, for at most resourceWaitDelay |
/// | `established` | a Pre-Associate, Pre-Associate with RR or Associate is granted; toutKeepAlive running |
/// | `ended` | the VSI is gone; the port forgets it |
struct BridgeVSIMachine: Sendable, Equatable {
    /// The station the VSI is bound to.
    let station: MACAddress
    /// The VSI as its latest granted (or, before any grant, its first) request described it; its VSIID is the
    /// VSI's, whatever request came later.
    private(set) var descriptor: VSIDescriptor
    private(set) var state: State
    private var compactCounters = BridgeVSICompactCounters()

    /// The station and the VSIID.
    var key: BridgeVSIKey { BridgeVSIKey(station: station, vsiID: descriptor.vsiID) }

    /// Counters of the EVB MIB's VSI table.
    var counters: BridgeVSICounters { compactCounters.counters }

    enum State: Sendable, Equatable {
        /// Boxed, so that the many established machines do not each hold room for a pending request.
        indirect case deciding(Deciding)
        case established(Established)
        case ended
    }

    struct Deciding: Sendable, Equatable {
        var type: VSITLVType
        var hints: VSIHints
        var requested: VSIDescriptor
        var decisionID: BridgeDecisionID
        var previous: BridgeVSIState?
        var deadline: Instant
    }

    struct Established: Sendable, Equatable {
        var granted: BridgeVSIState
        var deadline: Instant
    }

    /// What the machine asks its port to do.
    enum Output: Sendable, Equatable {
        /// Send this VSI TLV to the station (a response, or an unsolicited De-Associate).
        case transmit(VSITLV, managerID: VSIManagerID)
        /// Ask the policy.
        case decisionRequired(BridgeDecisionRequest)
        /// Report a table change.
        case event(BridgeEvent)
    }

    /// A machine for a request about a VSI the bridge does not have.
    init(
        key: BridgeVSIKey,
        type: VSITLVType,
        hints: VSIHints,
        descriptor: VSIDescriptor,
        decisionID: BridgeDecisionID,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        self.station = key.station
        self.descriptor = descriptor
        self.state = .ended
        startDeciding(
            type: type,
            hints: hints,
            requested: descriptor,
            previous: nil,
            decisionID: decisionID,
            timers: timers,
            now: now,
            into: &output
        )
    }

    /// A machine for a VSI granted before the process restarted: established with `granted`, ageing out at
    /// `deadline`.
    init(restoring key: BridgeVSIKey, descriptor: VSIDescriptor, granted: BridgeVSIState, deadline: Instant) {
        self.station = key.station
        self.descriptor = descriptor
        self.state = .established(Established(granted: granted, deadline: deadline))
    }

    /// What is granted and when it ages out, when the machine is established.
    var establishedState: (granted: BridgeVSIState, deadline: Instant)? {
        if case .established(let state) = state { (state.granted, state.deadline) } else { nil }
    }

    /// The time of the machine's next timer, if one runs.
    var deadline: Instant? {
        switch state {
        case .deciding(let state): state.deadline
        case .established(let state): state.deadline
        case .ended: nil
        }
    }

    /// What is granted now, if anything (while deciding, what was granted before the request).
    var granted: BridgeVSIState? {
        switch state {
        case .deciding(let state): state.previous
        case .established(let state): state.granted
        case .ended: nil
        }
    }

    /// The VSI as the request awaiting a decision describes it.
    var pendingDescriptor: VSIDescriptor? {
        if case .deciding(let state) = state { state.requested } else { nil }
    }

    /// The type and hints of the request awaiting a decision.
    var pendingRequest: (type: VSITLVType, hints: VSIHints)? {
        if case .deciding(let state) = state { (state.type, state.hints) } else { nil }
    }

    /// The decision the machine waits for, if any.
    var pendingDecision: BridgeDecisionID? {
        if case .deciding(let state) = state { state.decisionID } else { nil }
    }

    /// Whether the machine has ended.
    var isEnded: Bool { state == .ended }

    private mutating func startDeciding(
        type: VSITLVType,
        hints: VSIHints,
        requested: VSIDescriptor,
        previous: BridgeVSIState?,
        decisionID: BridgeDecisionID,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        state = .deciding(
            Deciding(
                type: type,
                hints: hints,
                requested: requested,
                decisionID: decisionID,
                previous: previous,
                deadline: now + timers.resourceWaitDelay
            )
        )
        output.append(
            .decisionRequired(
                BridgeDecisionRequest(
                    id: decisionID,
                    key: key,
                    type: type,
                    hints: hints,
                    descriptor: requested,
                    current: previous
                )
            )
        )
    }

    // MARK: Station requests

    /// A request (status bit 0x40 clear) of type Pre-Associate, Pre-Associate with RR or Associate.
    ///
    /// A repeat of what is granted is a keep-alive: the timer restarts and the granted state is confirmed at
    /// once, with the VIDs the bridge holds (a keep-alive may still carry VIDs the bridge has since changed; the
    /// response tells the station). Anything else goes to the policy, unless `decisionAllowed` is false (the port
    /// holds as many pending decisions as it may): then it is refused with keep and "insufficient resources", and
    /// the VSI stays as it was. Requests that arrive while a decision is pending are ignored. Returns whether the
    /// request was refused for want of room for a decision.
    @discardableResult
    mutating func receiveRequest(
        type: VSITLVType,
        hints: VSIHints,
        descriptor requested: VSIDescriptor,
        decisionAllowed: Bool = true,
        nextDecisionID: () -> BridgeDecisionID,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) -> Bool {
        switch state {
        case .deciding, .ended:
            return false
        case .established(var established):
            let granted = established.granted
            let isKeepAlive =
                type == granted.type && hints == granted.hints
                && requested.managerID == descriptor.managerID && requested.typeID == descriptor.typeID
                && requested.typeVersion == descriptor.typeVersion
                && requested.filterInfo.hasSameAddresses(as: granted.filterInfo)
            if isKeepAlive {
                established.deadline = now + timers.toutKeepAlive
                state = .established(established)
                compactCounters.countKeepAlive()
                output.append(
                    .transmit(
                        descriptor.tlv(type, status: .response(), filterInfo: granted.filterInfo),
                        managerID: descriptor.managerID
                    )
                )
                return false
            }
            guard decisionAllowed else {
                compactCounters.countReverted()
                output.append(
                    .transmit(
                        requested.tlv(type, status: .response(.insufficientResources, keep: true)),
                        managerID: requested.managerID
                    )
                )
                output.append(.event(.requestRefused(key, .insufficientResources)))
                return true
            }
            startDeciding(
                type: type,
                hints: hints,
                requested: requested,
                previous: granted,
                decisionID: nextDecisionID(),
                timers: timers,
                now: now,
                into: &output
            )
            return false
        }
    }

    /// The station de-associated the VSI: free it at once and confirm (lldpad keeps it and later sends a
    /// spurious De-Associate; this does not).
    mutating func receiveDeAssociate(hints: VSIHints, into output: inout [Output]) {
        guard !isEnded else {
            return
        }
        let filterInfo = granted?.filterInfo ?? descriptor.filterInfo
        state = .ended
        compactCounters.countSucceeded()
        output.append(
            .transmit(
                descriptor.tlv(.deAssociate, status: .response(), filterInfo: filterInfo),
                managerID: descriptor.managerID
            )
        )
        output.append(.event(.vsiRemoved(key, .stationDeAssociated)))
    }

    // MARK: Decisions

    /// The policy accepted the pending request; `filterInfo` is the request's with null VIDs filled in.
    mutating func accept(
        _ decisionID: BridgeDecisionID,
        filterInfo: FilterInfo,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        guard case .deciding(let deciding) = state, deciding.decisionID == decisionID else {
            return
        }
        let granted = BridgeVSIState(type: deciding.type, hints: deciding.hints, filterInfo: filterInfo)
        descriptor = deciding.requested
        state = .established(Established(granted: granted, deadline: now + timers.toutKeepAlive))
        compactCounters.countSucceeded()
        output.append(
            .transmit(
                descriptor.tlv(deciding.type, status: .response(), filterInfo: filterInfo),
                managerID: descriptor.managerID
            )
        )
        if granted != deciding.previous {
            output.append(.event(.vsiChanged(key, granted)))
        }
    }

    /// The policy refused the pending request.
    ///
    /// With `keep`, and a granted state to go back to, the response carries the request's type with keep set
    /// and the VSI reverts. Otherwise the response is a De-Associate carrying the error, and the VSI is removed.
    mutating func reject(
        _ decisionID: BridgeDecisionID,
        reason: BridgeRejectionReason,
        hardError: Bool,
        keep: Bool,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        guard case .deciding(let deciding) = state, deciding.decisionID == decisionID else {
            return
        }
        refuse(
            deciding,
            reason: reason,
            hardError: hardError,
            keep: keep,
            removal: .rejected(reason),
            timers: timers,
            now: now,
            into: &output
        )
    }

    /// Answers a refused request: with keep and a granted state, the VSI reverts (event requestRefused);
    /// otherwise it ends, reported as requestRefused when it was new and as vsiRemoved when it had been granted.
    private mutating func refuse(
        _ deciding: Deciding,
        reason: BridgeRejectionReason,
        hardError: Bool,
        keep: Bool,
        removal: BridgeRemovalReason,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        let requested = deciding.requested
        let code = reason.errorCode
        if keep, let previous = deciding.previous {
            state = .established(Established(granted: previous, deadline: now + timers.toutKeepAlive))
            compactCounters.countReverted()
            output.append(
                .transmit(
                    requested.tlv(deciding.type, status: .response(code, keep: true, hardError: hardError)),
                    managerID: requested.managerID
                )
            )
            output.append(.event(.requestRefused(key, reason)))
            return
        }
        state = .ended
        compactCounters.countFailed()
        output.append(
            .transmit(
                requested.tlv(.deAssociate, status: .response(code, hardError: hardError)),
                managerID: requested.managerID
            )
        )
        if deciding.previous != nil {
            output.append(.event(.vsiRemoved(key, removal)))
        } else {
            output.append(.event(.requestRefused(key, reason)))
        }
    }

    // MARK: Timers and local changes

    /// The machine's deadline has passed: a decision timed out, or the VSI went silent.
    mutating func timerExpired(timers: VDPTimers, now: Instant, into output: inout [Output]) {
        guard let deadline, deadline <= now else {
            return
        }
        switch state {
        case .deciding(let deciding):
            refuse(
                deciding,
                reason: .policyUnreachable,
                hardError: false,
                keep: deciding.previous != nil,
                removal: .decisionTimedOut,
                timers: timers,
                now: now,
                into: &output
            )
        case .established:
            sendUnsolicitedDeAssociate(reason: .agedOut, into: &output)
        case .ended:
            break
        }
    }

    /// The bridge ends the VSI on its own (an NVE local change): an unsolicited De-Associate (status 0).
    mutating func sendUnsolicitedDeAssociate(reason: BridgeRemovalReason, into output: inout [Output]) {
        let filterInfo: FilterInfo
        switch state {
        case .deciding(let deciding):
            filterInfo = deciding.previous?.filterInfo ?? deciding.requested.filterInfo
        case .established(let established):
            filterInfo = established.granted.filterInfo
        case .ended:
            return
        }
        state = .ended
        output.append(
            .transmit(
                descriptor.tlv(.deAssociate, status: .request(), filterInfo: filterInfo),
                managerID: descriptor.managerID
            )
        )
        output.append(.event(.vsiRemoved(key, reason)))
    }

    /// The bridge changes the granted VIDs/PCPs (an NVE local change); the station learns them from the
    /// response to its next keep-alive.
    mutating func changeFilterInfo(_ filterInfo: FilterInfo, into output: inout [Output]) -> Bool {
        guard case .established(var established) = state,
            established.granted.filterInfo.hasSameAddresses(as: filterInfo)
        else {
            return false
        }
        established.granted.filterInfo = filterInfo
        state = .established(established)
        output.append(.event(.vsiChanged(key, established.granted)))
        return true
    }

    /// The port went down or its peer was lost.
    mutating func portDown(into output: inout [Output]) {
        guard !isEnded else {
            return
        }
        let wasGranted = granted != nil
        state = .ended
        if wasGranted {
            output.append(.event(.vsiRemoved(key, .portDown)))
        }
    }
}

/// Per-VSI counters, as the EVB MIB's VSI table keeps them.
///
/// Read-only outside the port. Encoded with `Codable` as `{"succeeded": 2, "failed": 0, "reverted": 1,
/// "keepAlives": 40}`.
public struct BridgeVSICounters: Hashable, Sendable, Codable {
    /// Requests granted (including De-Associates confirmed).
    public package(set) var succeeded: UInt64 = 0
    /// Requests refused without keep.
    public package(set) var failed: UInt64 = 0
    /// Requests refused with keep: the VSI reverted to its previous state.
    public package(set) var reverted: UInt64 = 0
    /// Keep-alives answered.
    public package(set) var keepAlives: UInt64 = 0

    /// All zero.
    package init() {}
}
