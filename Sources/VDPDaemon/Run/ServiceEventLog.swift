import VDPLog
import VDPProtocol

/// Writes the service's events to the event log, in the words of `vdpctl station`: the agents' events as it
/// logs them, prefixed with the interface, and the service's own (requests, outcomes, retries, links, reloads).
/// Lines about single VSIs that the service makes on its own are rate-limited per cause and interface, so a
/// restart with 65,536 wanted VSIs does not flood the log; clients' requests and their outcomes are not.
public struct ServiceEventLog: Sendable {
    /// The log.
    public let log: EventLog

    /// Writes to `log`.
    public init(log: EventLog) {
        self.log = log
    }

    /// Logs one event.
    public func write(_ event: ServiceEvent) {
        switch event {
        case .agent(let interface, let event):
            log.prefixed(interface).station(event)
        case .requested(let interface, let vsiID, let operation, let reason):
            let text = "\(operation) \(vsiID) (\(Self.describe(reason)))"
            if reason == .client {
                log.prefixed(interface).line(text, kind: "request", fields: EventLog.vsiFields(vsiID, nil))
            } else {
                log.prefixed(interface).event("request-again", text, fields: EventLog.vsiFields(vsiID, nil))
            }
        case .outcome(let interface, let vsiID, let operation, let outcome):
            let kind: String
            let fields: [(String, JSONValue)]
            switch outcome {
            case .confirmed(let state):
                kind = "result"
                fields = EventLog.vsiFields(vsiID, state.filterInfo)
            case .deAssociated:
                kind = "result"
                fields = EventLog.vsiFields(vsiID, nil, ended: true)
            case .failed:
                kind = "failure"
                fields = EventLog.vsiFields(vsiID, nil)
            }
            log.prefixed(interface).event(kind, "\(vsiID): \(operation): \(outcome)", fields: fields)
        case .retryScheduled(let interface, let vsiID, let delay, let failures):
            log.prefixed(interface).event(
                "retry",
                "\(vsiID): still wanted and not confirmed; requested again in \(delay) (failure \(failures))",
                fields: EventLog.vsiFields(vsiID, nil)
            )
        case .held(let interface, let vsiID, let error):
            log.prefixed(interface).line(
                "\(vsiID): the bridge refused it (\(error)); kept as wanted, not requested again until a client asks",
                kind: "held",
                fields: EventLog.vsiFields(vsiID, nil)
            )
        case .limitReached(let interface, let vsiID, let limit):
            log.prefixed(interface).event(
                "limit",
                "\(vsiID): refused, the interface already has \(limit) wanted VSIs",
                fields: EventLog.vsiFields(vsiID, nil)
            )
        case .linkDown(let interface):
            log.prefixed(interface).line("carrier lost: port down", kind: "link")
        case .linkUp(let interface):
            log.prefixed(interface).line(
                "carrier back: port up; wanted VSIs requested once EVB is in force",
                kind: "link"
            )
        case .linkRemoved(let interface):
            log.prefixed(interface).line("the interface disappeared; waiting for it to return", kind: "link")
        case .interfaceStarted(let interface, let address):
            log.prefixed(interface).line("station on \(interface) (\(address))", kind: "start")
        case .interfaceStopped(let interface, let reason):
            log.prefixed(interface).line("station stopped: \(reason)", kind: "stop")
        case .interfaceUnavailable(let interface, let reason):
            log.prefixed(interface).event("unavailable", "cannot open the interface: \(reason); trying again")
        case .reloaded(let change):
            var parts: [String] = []
            if !change.added.isEmpty { parts.append("started \(change.added.joined(separator: ", "))") }
            if !change.removed.isEmpty { parts.append("stopped \(change.removed.joined(separator: ", "))") }
            if !change.changed.isEmpty { parts.append("restarted \(change.changed.joined(separator: ", "))") }
            if !change.restartNeeded.isEmpty {
                parts.append("unchanged until a restart: \(change.restartNeeded.joined(separator: ", "))")
            }
            log.line(
                "configuration reloaded" + (parts.isEmpty ? ": no change" : ": " + parts.joined(separator: "; ")),
                kind: "reload"
            )
        case .stateFileProblem(let message):
            log.line(message, kind: "state-file")
        }
    }

    private static func describe(_ reason: ServiceEvent.RequestReason) -> String {
        switch reason {
        case .client: "a client asked"
        case .restart: "wanted at start"
        case .retry: "requested again after a failure"
        case .linkUp: "requested again: the link or the bridge is back"
        }
    }
}
