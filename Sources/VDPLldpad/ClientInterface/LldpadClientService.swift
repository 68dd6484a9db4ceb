import VDPDaemon
import VDPProtocol
import VDPWire

/// Answers the datagrams of lldpad's client socket from a ``ControlHandler``, without I/O of its own: each reply
/// and event goes out through `send`.
///
/// Ping, attach, detach and level are answered as lldpad answers them. A VDP set command is checked, then handed
/// to the daemon as one lifecycle request (saved as a want before anything is sent): the reply waits for the
/// daemon's answer up to ``LldpadClientLimits/replyDeadline``, so that a refusal is answered with lldpad's status
/// and an accepted request with `R00`; the bridge's answer then goes as an event to the attached clients (vdptool
/// `-W`). A query lists the daemon's wanted VSIs of the interface in the `-V` mode.
///
/// Like lldpad, the service also tells the attached clients when the daemon ends a VSI requested through this
/// socket on its own (``observe(_:)``): the bridge de-associated it, or its keep-alive failed. The event is lldpad's
/// `deassoc` record with the VIDs last granted; the daemon then requests the VSI again, as it does every wanted VSI.
/// At most ``LldpadClientLimits/maximumTrackedVSIs`` VSIs are tracked for this.
public actor LldpadClientService {
    /// Sends one datagram to a client; returns whether it was sent.
    public typealias Send = @Sendable (_ datagram: [UInt8], _ client: LldpadClientAddress) -> Bool

    private let handler: any ControlHandler
    private let limits: LldpadClientLimits
    private let processID: Int32
    private let send: Send
    private var attached: [LldpadClientAddress: Attachment] = [:]
    /// The VSIs requested through this socket and still wanted, each as its next event would show it.
    private var tracked: [WantedKey: LldpadVSIRecord] = [:]
    private var inFlight = 0
    private var nextRequest: Int64 = 0
    /// What the service has counted.
    public private(set) var counters = LldpadClientCounters()

    private struct Attachment {
        var modules: [UInt32]
        var failures = 0
    }

    /// A service answering from `handler`; `processID` is what ping answers.
    public init(handler: any ControlHandler, limits: LldpadClientLimits, processID: Int32, send: @escaping Send) {
        self.handler = handler
        self.limits = limits
        self.processID = processID
        self.send = send
    }

    /// Answers one datagram from `client`, sent by the user `senderUID` (`nil`: no credentials came with it).
    public func receive(_ datagram: [UInt8], from client: LldpadClientAddress, senderUID: UInt32?) async {
        counters.received &+= 1
        guard datagram.count <= limits.maximumMessageSize else {
            counters.oversized &+= 1
            reply(.invalid, to: client)
            return
        }
        guard let senderUID, senderUID == 0 else {
            counters.refusedSenders &+= 1
            reply(senderUID == nil ? .badParameters : .noAccess, to: client)
            return
        }
        switch LldpadClientMessage(datagram: datagram) {
        case .ping:
            reply(.success, Array("PPONG\(processID)".utf8), to: client)
        case .attach(let modules):
            attach(client, modules)
        case .malformedAttach:
            reply(.failed, Array("A".utf8), to: client)
        case .detach:
            let known = attached.removeValue(forKey: client) != nil
            counters.attachedClients = attached.count
            reply(known ? .success : .failed, Array("D".utf8), to: client)
        case .level:
            reply(attached[client] != nil ? .success : .failed, Array("L".utf8), to: client)
        case .module(let moduleID, let body):
            guard moduleID == LldpadClientMessage.vdpModuleID else {
                reply(.deviceNotFound, to: client)
                return
            }
            let (status, answer) = await vdpCommand(body)
            reply(status, answer.text, to: client)
            if status == .success, let event = answer.event {
                broadcast(event)
            }
        case .unknown:
            reply(.invalid, to: client)
        }
    }

    // MARK: Attachments

    private func attach(_ client: LldpadClientAddress, _ modules: [UInt32]) {
        guard attached[client] != nil || attached.count < limits.maximumAttachedClients else {
            counters.attachesRefused &+= 1
            reply(.failed, Array("A".utf8), to: client)
            return
        }
        attached[client] = Attachment(modules: modules)
        counters.attachedClients = attached.count
        reply(.success, Array("A".utf8), to: client)
    }

    /// Sends an event of the VDP module to every client attached for it (or for every module), detaching a
    /// client after ``LldpadClientLimits/maximumSendFailures`` failed sends in a row.
    private func broadcast(_ record: LldpadVSIRecord) {
        let text = record.text
        let event =
            Array("M".utf8) + LldpadHex.octets(UInt64(LldpadClientMessage.vdpModuleID), width: 8) + Array("E16".utf8)
            + LldpadHex.octets(UInt64(text.count), width: 4) + text
        for (client, attachment) in attached
        where attachment.modules.contains(LldpadClientMessage.vdpModuleID) || attachment.modules.contains(0) {
            if send(event, client) {
                counters.eventsSent &+= 1
                attached[client]?.failures = 0
            } else {
                counters.sendFailures &+= 1
                let failures = attachment.failures + 1
                attached[client]?.failures = failures
                if failures > limits.maximumSendFailures {
                    attached.removeValue(forKey: client)
                }
            }
        }
        counters.attachedClients = attached.count
    }

    // MARK: The daemon's own changes

    /// Takes one of the daemon's events: a VSI requested through this socket that the bridge de-associated, or
    /// whose keep-alive failed, is told to the attached clients as lldpad tells them (`deassoc`; `hints` 0 for the
    /// bridge's De-Associate, the keep-alive and acknowledgement timeout bits, or the bridge's error, for a failed
    /// keep-alive); the VIDs the bridge grants are noted for such events; a finished De-Associate ends the tracking.
    public func observe(_ event: ControlEvent) {
        switch event {
        case .station(let interface, .vsi(let change)):
            if case .bridgeDeAssociated(let vsiID) = change {
                ended(WantedKey(interface: interface, vsiID: vsiID), response: 0)
            } else if case .keepAliveFailed(let vsiID, let failure) = change {
                ended(
                    WantedKey(interface: interface, vsiID: vsiID),
                    response: LldpadVDPTranslation.keepAliveResponse(failure)
                )
            } else if case .filterChanged(let vsiID, let filterInfo) = change {
                tracked[WantedKey(interface: interface, vsiID: vsiID)]?.filters = filterInfo.entries
            }
        case .outcome(let interface, let vsiID, let action, .succeeded(let state)):
            let key = WantedKey(interface: interface, vsiID: vsiID)
            if action == .deAssociate {
                untrack(key)
            } else if let state {
                tracked[key]?.filters = state.filterInfo.entries
            }
        default:
            break
        }
    }

    private func ended(_ key: WantedKey, response: Int) {
        guard var record = tracked[key] else {
            return
        }
        record.mode = .deAssociate
        record.response = response
        counters.daemonEnds &+= 1
        broadcast(record)
    }

    /// Tracks a VSI requested through this socket (a De-Associate ends the tracking when it succeeds).
    private func track(_ descriptor: VSIDescriptor, on interface: String) {
        let key = WantedKey(interface: interface, vsiID: descriptor.vsiID)
        guard tracked[key] != nil || tracked.count < limits.maximumTrackedVSIs else {
            counters.untrackedVSIs &+= 1
            return
        }
        // The filters as asked for, until the bridge's answer gives the VIDs it granted.
        var record = LldpadVSIRecord(descriptor, mode: .associate, response: 0)
        record.writesGroupIDs = false
        tracked[key] = record
        counters.trackedVSIs = tracked.count
    }

    private func untrack(_ key: WantedKey) {
        tracked.removeValue(forKey: key)
        counters.trackedVSIs = tracked.count
    }

    // MARK: VDP commands

    /// The answer to a VDP command: its status, its text, and for an accepted request whose outcome is known the
    /// event to send after the reply.
    private struct Answer {
        var text: [UInt8]
        var event: LldpadVSIRecord?
    }

    private func vdpCommand(_ body: [UInt8]) async -> (LldpadClientStatus, Answer) {
        let command: LldpadVDPCommand
        switch LldpadVDPCommand.parse(body) {
        case .success(let parsed): command = parsed
        case .failure(let status): return (status, Answer(text: []))
        }
        var text = command.replyHeader
        guard let interface = await interfaceStatus(command.interface) else {
            return (.deviceNotFound, Answer(text: text))
        }
        text += LldpadHex.octets(UInt64(command.mode.rawValue), width: 8)
        switch command.code {
        case .get:
            guard command.agentType == LldpadVDPCommand.nearestCustomerBridge else {
                return (.agentNotSupported, Answer(text: text))
            }
            text += await query(command)
            return (.success, Answer(text: text))
        case .set:
            let (status, event) = await request(command, interface: interface)
            return (status, Answer(text: text, event: event))
        }
    }

    /// The daemon's status of `name`, or `nil` when it has no such interface.
    private func interfaceStatus(_ name: String) async -> InterfaceStatus? {
        let response = await handler.handle(ControlRequest(id: requestID(), operation: .status(interface: name)))
        guard case .success(.status(let status)) = response.outcome else {
            return nil
        }
        return status.interfaces.first { $0.name == name }
    }

    /// The VSIs a query selects, each after its length, as many as fit in a reply.
    private func query(_ command: LldpadVDPCommand) async -> [UInt8] {
        let response = await handler.handle(
            ControlRequest(id: requestID(), operation: .list(interface: command.interface))
        )
        guard case .success(.list(let wanted)) = response.outcome else {
            return []
        }
        var selection = LldpadVSIArguments()
        if command.options & LldpadVDPCommand.optionConfig != 0,
            command.options & LldpadVDPCommand.optionArgument != 0
        {
            // lldpad answers a query it cannot read with no VSIs, and success.
            guard let arguments = command.arguments,
                case .success(let parsed) = LldpadVSIArguments.parse(arguments, filterSlots: command.filterCount)
            else {
                return []
            }
            selection = parsed
        }
        var text: [UInt8] = []
        let room = limits.maximumMessageSize - 3 - command.replyHeader.count - 8
        for status in wanted {
            let record = LldpadVDPTranslation.record(status)
            guard LldpadVDPTranslation.matches(record, query: selection, mode: command.mode) else {
                continue
            }
            let entry = record.text
            guard text.count + 4 + entry.count <= room else {
                break
            }
            text += LldpadHex.octets(UInt64(entry.count), width: 4) + entry
        }
        return text
    }

    /// Checks a set command as lldpad does, in its order, and hands the request to the daemon.
    private func request(_ command: LldpadVDPCommand, interface: InterfaceStatus) async -> (
        LldpadClientStatus, LldpadVSIRecord?
    ) {
        guard command.filterCount > 0 else {
            return (.noFilter, nil)
        }
        let both = LldpadVDPCommand.optionArgument | LldpadVDPCommand.optionArgumentValue
        guard command.options & both == both else {
            return (.failed, nil)
        }
        guard command.agentType == LldpadVDPCommand.nearestCustomerBridge else {
            return (.agentNotSupported, nil)
        }
        guard let arguments = command.arguments, !arguments.isEmpty else {
            return (.vdpNoMemory, nil)
        }
        let parsed: LldpadVSIArguments
        switch LldpadVSIArguments.parse(arguments, filterSlots: command.filterCount) {
        case .success(let value): parsed = value
        case .failure(let status): return (status, nil)
        }
        guard let mode = parsed.mode, parsed.filters.count == command.filterCount,
            let descriptor = LldpadVDPTranslation.descriptor(parsed)
        else {
            return (.badParameters, nil)
        }
        guard interface.linkUp, interface.negotiated else {
            return (.vdpProtocolNotSupported, nil)
        }
        guard inFlight < limits.maximumRequestsInFlight else {
            counters.busyRefusals &+= 1
            return (.vdpBusy, nil)
        }
        inFlight += 1
        counters.requests &+= 1
        let lifecycle = ControlLifecycleRequest(
            interface: command.interface,
            vsi: descriptor,
            action: LldpadVDPTranslation.action(mode, hints: parsed.hints)
        )
        let request = ControlRequest(id: requestID(), operation: .lifecycle(lifecycle))
        let handler = self.handler
        // Yields once the want is saved; finishes then or when the request ends, whichever comes first.
        let (saved, savedContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let task = Task {
            let response = await handler.handle(request) {
                savedContinuation.yield()
                savedContinuation.finish()
            }
            savedContinuation.finish()
            return response
        }
        var early = await Self.first(task, within: limits.replyDeadline)
        if early == nil {
            // Still waiting for the bridge. R00 promises the request survives a crash of the daemon: it is sent
            // once the want is saved (at once, nearly always), or the request's own answer is sent instead.
            var savedFirst = false
            for await _ in saved {
                savedFirst = true
            }
            if !savedFirst {
                early = await task.value
            }
        }
        guard let early else {
            // Accepted and saved; the outcome goes out as an event when the bridge answers.
            if mode != .deAssociate {
                track(descriptor, on: command.interface)
            }
            Task {
                let response = await task.value
                self.finished(response, descriptor: descriptor, on: command.interface)
            }
            return (.success, nil)
        }
        inFlight -= 1
        if case .failure(let error) = early.outcome, let refusal = LldpadVDPTranslation.refusal(error) {
            return (refusal, nil)
        }
        if mode != .deAssociate {
            track(descriptor, on: command.interface)
        }
        noteOutcome(early, descriptor: descriptor, on: command.interface)
        return (.success, LldpadVDPTranslation.outcomeRecord(early, descriptor: descriptor))
    }

    private func finished(_ response: ControlResponse, descriptor: VSIDescriptor, on interface: String) {
        inFlight -= 1
        noteOutcome(response, descriptor: descriptor, on: interface)
        if let record = LldpadVDPTranslation.outcomeRecord(response, descriptor: descriptor) {
            broadcast(record)
        }
    }

    /// Notes the VIDs a request's success granted for later events; ends the tracking when the VSI is no longer
    /// wanted: a finished De-Associate, or the bridge's refusal without its keep bit (the daemon then undoes the
    /// want, and lldpad forgets the VSI).
    private func noteOutcome(_ response: ControlResponse, descriptor: VSIDescriptor, on interface: String) {
        let key = WantedKey(interface: interface, vsiID: descriptor.vsiID)
        switch response.outcome {
        case .success(.lifecycle(let state?)):
            tracked[key]?.filters = state.filterInfo.entries
        case .success(.lifecycle(nil)):
            untrack(key)
        case .failure(let error):
            if case .failed(.rejected(_, _, keep: false)) = error.failure {
                untrack(key)
            }
        default:
            break
        }
    }

    /// The task's value if it comes within `deadline`, else `nil` (the task goes on).
    private static func first(_ task: Task<ControlResponse, Never>, within deadline: Duration) async
        -> ControlResponse?
    {
        let race = FirstAnswer()
        return await withCheckedContinuation { continuation in
            race.begin(continuation)
            Task { race.finish(await task.value) }
            Task {
                try? await Task.sleep(for: deadline)
                race.finish(nil)
            }
        }
    }

    // MARK: Replies

    private func reply(_ status: LldpadClientStatus, _ text: [UInt8] = [], to client: LldpadClientAddress) {
        let datagram = Array("R".utf8) + Array(status.description.utf8) + text
        if !send(datagram, client) {
            counters.sendFailures &+= 1
        }
    }

    private func requestID() -> ControlRequestID {
        nextRequest &+= 1
        return .number(nextRequest)
    }
}
