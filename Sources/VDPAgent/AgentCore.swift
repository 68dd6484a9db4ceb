import VDPProtocol
import VDPWire

/// The state every agent keeps around its EVB port: the link, the clock, the inbox its loop reads, the wake-up
/// timer, the event subscribers and the calls waiting for negotiation.
struct AgentCore<Port: DrivenEVBPort>: Sendable {
    var port: Port
    let link: any FrameLink
    let clock: any AgentClock
    let inbox: AgentInbox
    var timer = WakeUpTimer()
    var events: EventBroadcast<Port.Event>
    /// Set by ``EVBAgent/stopCore()``: no more timers, transmissions or frame handling.
    var stopped = false
    var running = false
    /// The task moving frames from the link to the inbox.
    var pump: Task<Void, Never>?
    /// The longest time a frame waited between its arrival (its link's stamp) and the agent handling it.
    var longestHandlingDelay = Duration.zero
    /// The longest time between an ECP request's arrival (its link's stamp) and its acknowledgement's send.
    var longestAcknowledgementDelay = Duration.zero
    var negotiationWaiters: [UInt64: CheckedContinuation<Result<Void, StationLifecycleError>, Never>] = [:]
    /// Calls waiting for the loop to finish a turn (``EVBAgent/awaitTurn()``).
    var turnWaiters: [CheckedContinuation<Void, Never>] = []
    var nextNegotiationWaiter: UInt64 = 0

    init(port: Port, link: any FrameLink, clock: any AgentClock, eventBufferLimit: Int, frameBufferLimit: Int) {
        self.port = port
        self.link = link
        self.clock = clock
        self.inbox = AgentInbox(frameLimit: frameBufferLimit)
        self.events = EventBroadcast(limit: eventBufferLimit)
    }
}

/// The driver shared by ``StationAgent`` and ``BridgeAgent``: set-up, the run loop, timers, sending, events,
/// negotiation waiters and stop. The roles add what their outputs need beyond frames and events.
///
/// The loop: the link's own thread puts each received frame into the inbox as it arrives
/// (``FrameLink/forwardFrames(to:finished:)``; for a link that cannot, a task moves them from ``FrameLink/frames``),
/// whatever the agent is doing; the loop takes everything queued at once and hands every frame to the port before
/// it runs the timers that are due, and before those timers it also takes what has arrived at the link but not come
/// through yet (``FrameLink/takeArrived()``), so an acknowledgement that arrived in time is never counted late
/// because the process was busy or not running. Of a batch of frames, the port gets the ECP halves first (every
/// acknowledgement of a request leaves then), then the VDP work.
///
/// Frames go to the port at the time the agent handles them, not at their arrival stamp: whatever the port sends
/// in answer leaves now, and its timers (an ECPDU's ack timer) must start now too; dated back to the arrival they
/// would expire early. The stamps judge the peer's acknowledgements against the ack timer (the ECP transmitter's
/// `lateAcknowledgements` and `needlessRetransmissions`) and measure how late the agent got to its frames
/// (`longestHandlingDelay`, `longestAcknowledgementDelay`).
protocol EVBAgent: Actor {
    associatedtype Port: DrivenEVBPort
    var core: AgentCore<Port> { get set }
    /// Handles the role's own outputs (completions, decisions); returns more outputs to dispatch, if any.
    func settle(_ output: [Port.Output]) -> [Port.Output]
    /// A call's task was cancelled.
    func cancelRequest(_ waiter: AgentWaiterID)
    /// The agent stops: end the port and resume every waiting call.
    func stopRole()
}

extension EVBAgent {
    /// How many times ``serviceIfDue()`` takes the frames that have arrived before it runs due timers anyway.
    static var arrivedRoundsBeforeTimers: Int { 4 }

    /// Runs until the link closes or ``stopCore()``.
    func runCore() async {
        guard !core.running, !core.stopped else {
            return
        }
        core.running = true
        let link = core.link
        let inbox = core.inbox
        let forwarded = link.forwardFrames(to: { inbox.push($0) }, finished: { inbox.close() })
        if !forwarded {
            core.pump = Task {
                for await frame in link.frames {
                    inbox.push(frame)
                }
                inbox.close()
            }
        }
        await serviceIfDue()
        while let batch = await inbox.next() {
            guard !core.stopped else {
                break
            }
            for waiter in batch.cancelled {
                cancelWaiter(waiter)
            }
            if batch.tick {
                core.timer.fired()
            }
            if !batch.frames.isEmpty {
                await receive(batch.frames)
            }
            await serviceIfDue()
            resumeTurnWaiters()
        }
        stopCore()
    }

    /// Stops the loop, the timer, the pump and the role; ends every event stream. Idempotent.
    func stopCore() {
        guard !core.stopped else {
            return
        }
        core.stopped = true
        core.timer.cancel()
        core.pump?.cancel()
        core.inbox.close()
        stopRole()
        for waiter in core.negotiationWaiters.values {
            waiter.resume(returning: .failure(.failed(.portDown)))
        }
        core.negotiationWaiters.removeAll()
        resumeTurnWaiters()
        core.events.finish()
    }

    /// Returns once the loop has taken a turn (handled what had arrived and the timers due), so that a long call
    /// can let it run between two pieces of its work: an actor's queue does not put the loop's job before the
    /// caller's, so `Task.yield()` would not. Returns at once when the loop does not run.
    func awaitTurn() async {
        guard core.running, !core.stopped else {
            return
        }
        core.inbox.wake()
        await withCheckedContinuation { core.turnWaiters.append($0) }
    }

    private func resumeTurnWaiters() {
        let waiters = core.turnWaiters
        core.turnWaiters.removeAll()
        for waiter in waiters {
            waiter.resume()
        }
    }

    /// A new subscription to the events.
    func subscribe() -> EventSubscription<Port.Event> {
        core.events.subscribe()
    }

    /// Sends the shutdown LLDPDU, if EVB runs, also after ``stopCore()``; a failure before the stop is reported
    /// as an event.
    func sendShutdown() async {
        guard let frame = core.port.shutdownFrame() else {
            return
        }
        guard core.stopped else {
            await dispatch(await sendCollecting([frame]))
            return
        }
        do {
            try await core.link.send(frame)
        } catch {
            // The event streams have ended; the failure is still counted.
            var unreported: [Port.Output] = []
            core.port.sendFailed(Self.failure(error), at: core.clock.now(), into: &unreported)
        }
    }

    private static func failure(_ error: any Error) -> TransmissionFailure {
        TransmissionFailure(reason: "\(error)", linkDown: (error as? any LinkFailure)?.meansLinkDown ?? false)
    }

    /// Waits until the EVB parameters are in force.
    func waitForNegotiation() async throws(StationLifecycleError) {
        if core.port.isNegotiated {
            return
        }
        guard !core.stopped else {
            throw .failed(.portDown)
        }
        guard !Task.isCancelled else {
            throw .cancelled
        }
        let id = core.nextNegotiationWaiter
        core.nextNegotiationWaiter &+= 1
        let inbox = core.inbox
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { core.negotiationWaiters[id] = $0 }
        } onCancel: {
            inbox.cancel(.negotiation(id))
        }
        try result.get()
    }

    /// The driver reports the link down or up.
    func setLink(up: Bool) async {
        guard !core.stopped else {
            return
        }
        var output: [Port.Output] = []
        if up {
            core.port.linkUp(at: core.clock.now(), into: &output)
        } else {
            core.port.linkDown(at: core.clock.now(), into: &output)
        }
        await dispatch(output)
        schedule()
    }

    /// Runs the port's due timers, sends what they produce and sets the wake-up for the next deadline.
    ///
    /// Before it advances the port to an instant, it hands the port every frame that had arrived by then: those
    /// the pump has moved to the inbox since, and those still in the link (``FrameLink/takeArrived()``), which
    /// its reader may not have read yet if the process was not running. The timers are run at an instant read
    /// before a take that found nothing new (or before the last of ``arrivedRoundsBeforeTimers`` takes), so an
    /// acknowledgement that arrived before its ECPDU's ack timer expired always stops the retransmission.
    func serviceIfDue() async {
        var rounds = 0
        while !core.stopped {
            let now = core.clock.now()
            guard let deadline = core.port.nextDeadline, deadline <= now else {
                break
            }
            rounds += 1
            var instant = now
            // The link first: a link that forwards its frames puts those it finds into the inbox, in order.
            let fromLink = core.link.takeArrived()
            let arrived = core.inbox.takeFrames() + fromLink
            if !arrived.isEmpty {
                await receive(arrived)
                guard rounds >= Self.arrivedRoundsBeforeTimers else {
                    continue
                }
                // Frames keep coming: run the timers now, never at an instant before the frames just handled.
                instant = core.clock.now()
            }
            guard !core.stopped else {
                break
            }
            var output: [Port.Output] = []
            core.port.advance(to: instant, into: &output)
            await dispatch(output)
            break
        }
        schedule()
    }

    /// Sends frames and publishes events, hands the rest to the role, and reports send failures to the port.
    func dispatch(_ output: [Port.Output]) async {
        var pending = output
        while !pending.isEmpty {
            var frames: [Frame] = []
            var events: [Port.Event] = []
            for item in pending {
                if let frame = Port.frame(in: item) {
                    frames.append(frame)
                } else if let event = Port.event(in: item) {
                    events.append(event)
                }
            }
            core.events.yield(events)
            pending = settle(pending)
            resumeNegotiationWaiters()
            pending += await sendCollecting(frames)
        }
    }

    /// Sets the wake-up for the port's next deadline.
    func schedule() {
        guard !core.stopped else {
            return
        }
        let inbox = core.inbox
        core.timer.set(core.port.nextDeadline, clock: core.clock) {
            inbox.tick()
        }
    }

    // MARK: Plumbing

    /// Hands the frames to the port, acknowledgements first: each ECP frame's ECP half (an acknowledgement from
    /// the peer, judged by its arrival stamp; our acknowledgement of a request, sent at once), then the VDP work of
    /// the requests, all of a run of ECP frames before the first of their VDP work. Between the VDP work of two
    /// requests, what has arrived meanwhile is taken and acknowledged first (up to ``framesPerReceive`` frames in
    /// all). Any other frame (LLDP) is handled in its place, after the VDP work of the ECP frames before it.
    private func receive(_ frames: [ReceivedFrame]) async {
        var deliveries: [ECPDelivery] = []
        var next = 0
        var incoming = frames
        var handled = 0
        while !core.stopped {
            for received in incoming {
                guard !core.stopped else {
                    return
                }
                let isECP = if case .ecp = received.frame.payload { true } else { false }
                if !isECP {
                    await deliver(deliveries[next...])
                    deliveries.removeAll()
                    next = 0
                }
                if let delivery = await acknowledge(received) {
                    deliveries.append(delivery)
                }
            }
            handled += incoming.count
            guard next < deliveries.count else {
                return
            }
            await deliver(deliveries[next...next])
            next += 1
            incoming = []
            if handled < Self.framesPerReceive, next < deliveries.count {
                // The link first: a link that forwards its frames puts those it finds into the inbox, in order.
                let fromLink = core.link.takeArrived()
                incoming = core.inbox.takeFrames() + fromLink
            }
        }
    }

    /// How many frames ``receive(_:)`` takes in all, counting those that arrive during its VDP work, before it
    /// lets the loop run the timers.
    static var framesPerReceive: Int { 256 }

    /// The ECP half of one frame (all of any other frame): sends what the port answers at once; returns the VDP
    /// work left.
    private func acknowledge(_ received: ReceivedFrame) async -> ECPDelivery? {
        var output: [Port.Output] = []
        let now = core.clock.now()
        if !core.port.isLinkUp {
            core.port.linkUp(at: now, into: &output)
        }
        let arrival = received.receivedAt.flatMap { core.clock.instant(of: $0) }
        if let arrival {
            core.longestHandlingDelay = max(core.longestHandlingDelay, now - arrival)
        }
        let delivery = core.port.acknowledge(received.frame, arrivedAt: arrival, at: now, into: &output)
        await dispatch(output)
        if delivery != nil, let arrival {
            core.longestAcknowledgementDelay = max(core.longestAcknowledgementDelay, core.clock.now() - arrival)
        }
        return delivery
    }

    /// The VDP work of acknowledged requests, in order.
    private func deliver(_ deliveries: ArraySlice<ECPDelivery>) async {
        for delivery in deliveries {
            guard !core.stopped else {
                return
            }
            var output: [Port.Output] = []
            core.port.deliver(delivery, at: core.clock.now(), into: &output)
            await dispatch(output)
        }
    }

    private func cancelWaiter(_ waiter: AgentWaiterID) {
        if case .negotiation(let id) = waiter {
            core.negotiationWaiters.removeValue(forKey: id)?.resume(returning: .failure(.cancelled))
        } else {
            cancelRequest(waiter)
        }
    }

    private func resumeNegotiationWaiters() {
        guard core.port.isNegotiated, !core.negotiationWaiters.isEmpty else {
            return
        }
        for waiter in core.negotiationWaiters.values {
            waiter.resume(returning: .success(()))
        }
        core.negotiationWaiters.removeAll()
    }

    /// Sends the frames in order; returns the port's output for failures (events, and ended VSIs when the link
    /// went down, after which the remaining frames are not sent).
    private func sendCollecting(_ frames: [Frame]) async -> [Port.Output] {
        var output: [Port.Output] = []
        for frame in frames {
            guard !core.stopped else {
                break
            }
            do {
                try await core.link.send(frame)
            } catch {
                core.port.sendFailed(Self.failure(error), at: core.clock.now(), into: &output)
                if !core.port.isLinkUp {
                    break
                }
            }
        }
        return output
    }
}
