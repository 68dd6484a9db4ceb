import VDPWire

/// The station's state machine for one VSI (802.1Qbg-2012 41.5.5; lldpad `vdp22sm.c` station states).
///
/// | state | meaning |
/// |---|---|
/// | `requesting` | a command's request is out; waiting up to respWaitDelay for the bridge |
/// | `established` | the bridge confirmed a Pre-Associate, Pre-Associate with RR or Associate; keep-alive timer running |
/// | `refreshing` | a keep-alive (the confirmed request again) is out |
/// | `deAssociating` | a De-Associate is out |
/// | `ended` | the VSI is gone; the port forgets it |
///
/// Inputs are method calls with the current time; each appends what must happen to `output`.
struct StationVSIMachine: Sendable, Equatable {
    /// The VSI as the local user described it (null VIDs stay null here).
    private(set) var descriptor: VSIDescriptor
    private(set) var state: State

    enum State: Sendable, Equatable {
        case requesting(Requesting)
        case established(Established)
        case refreshing(Refreshing)
        case deAssociating(DeAssociating)
        case ended
    }

    struct Requesting: Sendable, Equatable {
        var request: VSITLV
        var requestID: StationRequestID
        var previous: StationVSIState?
        var deadline: Instant
    }

    struct Established: Sendable, Equatable {
        var confirmed: StationVSIState
        var keepAliveAt: Instant
    }

    struct Refreshing: Sendable, Equatable {
        var request: VSITLV
        var confirmed: StationVSIState
        var deadline: Instant
    }

    struct DeAssociating: Sendable, Equatable {
        var request: VSITLV
        var requestID: StationRequestID
        var deadline: Instant
    }

    /// What the machine asks its port to do.
    enum Output: Sendable, Equatable {
        /// Send this VSI TLV (under the descriptor's Manager ID).
        case transmit(VSITLV)
        /// A command finished.
        case completed(StationRequestID, Result<StationVSIState?, StationRequestFailure>)
        /// Something happened that no command asked for.
        case event(StationEvent)
    }

    /// A machine for a VSI the bridge does not know yet, sending the first request of `type`, with `filterInfo`
    /// in place of the descriptor's (the VIDs granted before, when a VSI is requested again).
    init(
        descriptor: VSIDescriptor,
        type: VSITLVType,
        hints: VSIHints,
        requestID: StationRequestID,
        requesting filterInfo: FilterInfo? = nil,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        self.descriptor = descriptor
        let request = descriptor.tlv(type, status: hints.status, filterInfo: filterInfo ?? descriptor.filterInfo)
        self.state = .requesting(
            Requesting(request: request, requestID: requestID, previous: nil, deadline: now + timers.respWaitDelay)
        )
        output.append(.transmit(request))
    }

    /// A machine for a VSI the port does not know (it was forgotten, say by a restart of the process) that the
    /// bridge may still hold: it starts by sending a De-Associate with `filterInfo` and ends on the answer.
    init(
        deAssociating descriptor: VSIDescriptor,
        filterInfo: FilterInfo,
        requestID: StationRequestID,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        self.descriptor = descriptor
        let request = descriptor.tlv(.deAssociate, status: VSIHints.none.status, filterInfo: filterInfo)
        self.state = .deAssociating(
            DeAssociating(request: request, requestID: requestID, deadline: now + timers.respWaitDelay)
        )
        output.append(.transmit(request))
    }

    /// The time of the machine's next timer, if one runs.
    var deadline: Instant? {
        switch state {
        case .requesting(let state): state.deadline
        case .established(let state): state.keepAliveAt
        case .refreshing(let state): state.deadline
        case .deAssociating(let state): state.deadline
        case .ended: nil
        }
    }

    /// The state the bridge last confirmed, if any.
    var confirmed: StationVSIState? {
        switch state {
        case .requesting(let state): state.previous
        case .established(let state): state.confirmed
        case .refreshing(let state): state.confirmed
        case .deAssociating, .ended: nil
        }
    }

    /// Whether the machine has ended.
    var isEnded: Bool { state == .ended }

    // MARK: Local commands

    /// A new command for this live VSI: Pre-Associate, Pre-Associate with RR, Associate, or De-Associate.
    mutating func command(
        _ type: VSITLVType,
        descriptor newDescriptor: VSIDescriptor,
        hints: VSIHints,
        requestID: StationRequestID,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) throws(StationCommandError) {
        guard newDescriptor.managerID == descriptor.managerID, newDescriptor.typeID == descriptor.typeID,
            newDescriptor.typeVersion == descriptor.typeVersion
        else {
            throw .descriptorMismatch
        }
        guard newDescriptor.filterInfo == descriptor.filterInfo else {
            throw .filterMismatch
        }
        if type == .deAssociate {
            try deAssociate(requestID: requestID, timers: timers, now: now, into: &output)
            return
        }
        let previous: StationVSIState
        switch state {
        case .requesting, .refreshing, .deAssociating:
            throw .busy
        case .ended:
            throw .unknownVSI
        case .established(let established):
            previous = established.confirmed
        }
        guard type >= previous.type else {
            throw .invalidTransition(from: previous.type, to: type)
        }
        let request = descriptor.tlv(type, status: hints.status, filterInfo: previous.filterInfo)
        state = .requesting(
            Requesting(request: request, requestID: requestID, previous: previous, deadline: now + timers.respWaitDelay)
        )
        output.append(.transmit(request))
    }

    /// A De-Associate: allowed in every state but while one is already out; a pending request is superseded.
    private mutating func deAssociate(
        requestID: StationRequestID,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) throws(StationCommandError) {
        let filterInfo: FilterInfo
        switch state {
        case .deAssociating:
            throw .busy
        case .ended:
            throw .unknownVSI
        case .requesting(let requesting):
            output.append(.completed(requesting.requestID, .failure(.superseded)))
            filterInfo = requesting.previous?.filterInfo ?? descriptor.filterInfo
        case .established(let established):
            filterInfo = established.confirmed.filterInfo
        case .refreshing(let refreshing):
            filterInfo = refreshing.confirmed.filterInfo
        }
        let hints = VSIHints(currentStatus ?? .request())
        let request = descriptor.tlv(.deAssociate, status: hints.status, filterInfo: filterInfo)
        state = .deAssociating(
            DeAssociating(request: request, requestID: requestID, deadline: now + timers.respWaitDelay)
        )
        output.append(.transmit(request))
    }

    /// The status of the request most recently sent or confirmed, for hint bits.
    private var currentStatus: VDPStatus? {
        switch state {
        case .requesting(let state): state.request.status
        case .refreshing(let state): state.request.status
        case .established(let state): state.confirmed.hints.status
        case .deAssociating(let state): state.request.status
        case .ended: nil
        }
    }

    // MARK: Received TLVs

    /// A response (status bit 0x40 set) for this VSI.
    mutating func receiveResponse(_ tlv: VSITLV, timers: VDPTimers, now: Instant, into output: inout [Output]) {
        guard let response = tlv.status.response else {
            return
        }
        switch state {
        case .requesting(let requesting):
            guard tlv.type == requesting.request.type || tlv.type == .deAssociate else {
                return
            }
            finishRequest(requesting, response: response, tlv: tlv, timers: timers, now: now, into: &output)
        case .refreshing(let refreshing):
            guard tlv.type == refreshing.request.type || tlv.type == .deAssociate else {
                return
            }
            finishRefresh(refreshing, response: response, tlv: tlv, timers: timers, now: now, into: &output)
        case .deAssociating(let deAssociating):
            guard tlv.type == .deAssociate else {
                return
            }
            state = .ended
            output.append(.completed(deAssociating.requestID, .success(nil)))
        case .established, .ended:
            // A late or duplicated response: nothing is waiting for it.
            return
        }
    }

    private mutating func finishRequest(
        _ requesting: Requesting,
        response: VDPResponseStatus,
        tlv: VSITLV,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        if response.error != .success || response.hardError || response.keep {
            let failure = StationRequestFailure.rejected(
                response.error,
                hardError: response.hardError,
                keep: response.keep
            )
            if response.keep, tlv.type != .deAssociate, let previous = requesting.previous {
                state = .established(Established(confirmed: previous, keepAliveAt: now + timers.reinitKeepAlive))
            } else {
                state = .ended
            }
            output.append(.completed(requesting.requestID, .failure(failure)))
            return
        }
        guard tlv.type == requesting.request.type else {
            // Success in a De-Associate TLV: the bridge ended the VSI instead of granting the request.
            state = .ended
            output.append(.completed(requesting.requestID, .failure(.bridgeDeAssociated)))
            return
        }
        guard requesting.request.filterInfo.isAnswered(by: tlv.filterInfo) else {
            state = .ended
            output.append(.completed(requesting.requestID, .failure(.responseMismatch)))
            return
        }
        let confirmed = StationVSIState(
            type: tlv.type,
            hints: VSIHints(requesting.request.status),
            filterInfo: tlv.filterInfo
        )
        state = .established(Established(confirmed: confirmed, keepAliveAt: now + timers.reinitKeepAlive))
        output.append(.completed(requesting.requestID, .success(confirmed)))
    }

    private mutating func finishRefresh(
        _ refreshing: Refreshing,
        response: VDPResponseStatus,
        tlv: VSITLV,
        timers: VDPTimers,
        now: Instant,
        into output: inout [Output]
    ) {
        let vsiID = descriptor.vsiID
        if response.error != .success || response.hardError || response.keep {
            if response.keep, tlv.type != .deAssociate {
                state = .established(
                    Established(confirmed: refreshing.confirmed, keepAliveAt: now + timers.reinitKeepAlive)
                )
            } else {
                state = .ended
                let failure = StationRequestFailure.rejected(response.error, hardError: response.hardError, keep: false)
                output.append(.event(.keepAliveFailed(vsiID, failure)))
            }
            return
        }
        guard tlv.type == refreshing.request.type else {
            state = .ended
            output.append(.event(.bridgeDeAssociated(vsiID)))
            return
        }
        guard
            refreshing.request.filterInfo.isAnswered(by: tlv.filterInfo)
                || descriptor.filterInfo.isAnswered(by: tlv.filterInfo)
        else {
            state = .ended
            output.append(.event(.keepAliveFailed(vsiID, .responseMismatch)))
            return
        }
        var confirmed = refreshing.confirmed
        if tlv.filterInfo != confirmed.filterInfo {
            confirmed.filterInfo = tlv.filterInfo
            output.append(.event(.filterChanged(vsiID, tlv.filterInfo)))
        }
        state = .established(Established(confirmed: confirmed, keepAliveAt: now + timers.reinitKeepAlive))
    }

    /// A De-Associate the bridge sent on its own (status bit 0x40 clear): the VSI ends at once.
    mutating func receiveBridgeDeAssociate(into output: inout [Output]) {
        switch state {
        case .requesting(let requesting):
            output.append(.completed(requesting.requestID, .failure(.bridgeDeAssociated)))
        case .deAssociating(let deAssociating):
            output.append(.completed(deAssociating.requestID, .success(nil)))
            state = .ended
            return
        case .established, .refreshing:
            break
        case .ended:
            return
        }
        state = .ended
        output.append(.event(.bridgeDeAssociated(descriptor.vsiID)))
    }

    // MARK: Timers and transport

    /// The machine's deadline has passed.
    mutating func timerExpired(timers: VDPTimers, now: Instant, into output: inout [Output]) {
        guard let deadline, deadline <= now else {
            return
        }
        switch state {
        case .requesting(let requesting):
            state = .ended
            output.append(.completed(requesting.requestID, .failure(.timeout)))
        case .established(let established):
            let confirmed = established.confirmed
            let request = descriptor.tlv(
                confirmed.type,
                status: confirmed.hints.status,
                filterInfo: confirmed.filterInfo
            )
            state = .refreshing(
                Refreshing(request: request, confirmed: confirmed, deadline: now + timers.respWaitDelay)
            )
            output.append(.transmit(request))
        case .refreshing:
            state = .ended
            output.append(.event(.keepAliveFailed(descriptor.vsiID, .timeout)))
        case .deAssociating(let deAssociating):
            state = .ended
            output.append(.completed(deAssociating.requestID, .failure(.timeout)))
        case .ended:
            break
        }
    }

    /// ECP gave up on the ECPDU that carried `tlv`; ends the VSI if that TLV is what it is waiting on.
    mutating func deliveryFailed(_ tlv: VSITLV, into output: inout [Output]) {
        end(ifWaitingOn: tlv, with: .retriesExhausted, into: &output)
    }

    /// The port went down or the peer was lost: every pending command fails and the VSI ends.
    mutating func portDown(into output: inout [Output]) {
        switch state {
        case .requesting(let requesting):
            output.append(.completed(requesting.requestID, .failure(.portDown)))
        case .deAssociating(let deAssociating):
            output.append(.completed(deAssociating.requestID, .failure(.portDown)))
        case .established, .refreshing, .ended:
            break
        }
        state = .ended
    }

    private mutating func end(
        ifWaitingOn tlv: VSITLV,
        with failure: StationRequestFailure,
        into output: inout [Output]
    ) {
        switch state {
        case .requesting(let requesting) where requesting.request == tlv:
            state = .ended
            output.append(.completed(requesting.requestID, .failure(failure)))
        case .refreshing(let refreshing) where refreshing.request == tlv:
            state = .ended
            output.append(.event(.keepAliveFailed(descriptor.vsiID, failure)))
        case .deAssociating(let deAssociating) where deAssociating.request == tlv:
            state = .ended
            output.append(.completed(deAssociating.requestID, .failure(failure)))
        case .requesting, .refreshing, .deAssociating, .established, .ended:
            break
        }
    }
}
