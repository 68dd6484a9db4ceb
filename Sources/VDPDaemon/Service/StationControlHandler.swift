import VDPProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves the control protocol from a ``StationService``: `hello`, `status`, `list`, `get`, the lifecycle
/// operations (saved as wants before they are sent) and `watch`.
///
/// Error codes: an interface not configured is `unknownInterface`; a VSI not wanted (`get`) is `unknownVSI`; a
/// new VSI beyond ``InterfaceConfiguration/maximumWantedVSIs`` is `refused`; a want that could not be saved is
/// `internal` (nothing was sent); a link down or not negotiated is `portDown` (the want is kept and requested
/// when the port is back); the agent's failures as ``ControlError/init(_:)`` maps them.
public struct StationControlHandler: ControlHandler {
    /// The service.
    public let service: StationService
    /// The version string `hello` reports.
    public let version: String

    /// The daemon's version string.
    public static let daemonVersion = "0.9.0"

    /// A handler for `service`.
    public init(service: StationService, version: String = StationControlHandler.daemonVersion) {
        self.service = service
        self.version = version
    }

    /// Carries out one request.
    public func handle(_ request: ControlRequest) async -> ControlResponse {
        await handle(request, durable: {})
    }

    /// Carries out one request; `durable` is called once a lifecycle request's want is saved.
    public func handle(_ request: ControlRequest, durable: @escaping @Sendable () -> Void) async -> ControlResponse {
        let id = request.id
        switch request.operation {
        case .hello:
            return .success(id, .hello(ControlHello(pid: getpid(), version: version)))
        case .status(let interface):
            var interfaces = await service.status()
            if let interface {
                interfaces = interfaces.filter { $0.name == interface }
                guard !interfaces.isEmpty else {
                    return .failure(id, .unknownInterface, "unknown interface \(interface)")
                }
            }
            return .success(id, .status(ControlStatus(interfaces: interfaces.map(Self.entry))))
        case .list(let interface):
            if let interface, !(await service.isConfigured(interface)) {
                return .failure(id, .unknownInterface, "unknown interface \(interface)")
            }
            let list = await service.list().filter { interface == nil || $0.interface == interface }
            return .success(id, .list(list.map(Self.entry)))
        case .get(let interface, let vsiID):
            guard let status = await service.vsi(vsiID, on: interface) else {
                if !(await service.isConfigured(interface)) {
                    return .failure(id, .unknownInterface, "unknown interface \(interface)")
                }
                return .failure(id, .unknownVSI, "no client wants \(vsiID) on \(interface)")
            }
            return .success(id, .vsi(Self.entry(status)))
        case .lifecycle(let lifecycle):
            let result = await service.perform(
                WantedOperation(lifecycle.action),
                lifecycle.vsi,
                on: lifecycle.interface,
                saved: durable
            )
            switch result {
            case .success(let state): return .success(id, .lifecycle(state))
            case .failure(let error): return .failure(id, Self.controlError(error))
            }
        case .watch:
            return .success(id, .watching)
        }
    }

    /// The service's events as control events, from now on.
    public func events() async -> AsyncStream<ControlEvent> {
        let source = await service.events()
        let (stream, continuation) = AsyncStream<ControlEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(StationService.eventBufferLimit)
        )
        let task = Task {
            for await event in source {
                if let event = Self.controlEvent(event) {
                    continuation.yield(event)
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: Mapping

    /// The control protocol's error for a service failure.
    public static func controlError(_ error: ServiceRequestError) -> ControlError {
        switch error {
        case .unknownInterface: ControlError(code: .unknownInterface, message: error.description)
        case .tooManyVSIs: ControlError(code: .refused, message: error.description)
        case .shuttingDown: ControlError(code: .shuttingDown, message: error.description)
        case .stateFile: ControlError(code: .internal, message: error.description)
        case .portDown: ControlError(code: .portDown, message: error.description)
        case .lifecycle(let failure): ControlError(failure)
        }
    }

    /// The control event for a service event, or `nil` for those a watcher is not told (the log has them).
    public static func controlEvent(_ event: ServiceEvent) -> ControlEvent? {
        switch event {
        case .agent(let interface, let event):
            return .station(interface: interface, event: event)
        case .outcome(let interface, let vsiID, let operation, let outcome):
            return .outcome(
                interface: interface,
                vsiID: vsiID,
                action: operation.action,
                outcome: controlOutcome(outcome)
            )
        case .requested(let interface, let vsiID, let operation, let reason):
            guard reason != .client else {
                return nil
            }
            return .requestedAgain(
                interface: interface,
                vsiID: vsiID,
                action: operation.action,
                reason: reason.rawValue
            )
        case .retryScheduled(let interface, let vsiID, let delay, let failures):
            let (seconds, attoseconds) = delay.components
            return .retryScheduled(
                interface: interface,
                vsiID: vsiID,
                delayMilliseconds: seconds &* 1_000 &+ attoseconds / 1_000_000_000_000_000,
                failures: failures
            )
        case .linkDown(let interface):
            return .link(interface: interface, change: .down)
        case .linkUp(let interface):
            return .link(interface: interface, change: .up)
        case .linkRemoved(let interface):
            return .link(interface: interface, change: .removed)
        case .interfaceStarted(let interface, _):
            return .link(interface: interface, change: .appeared)
        case .reloaded(let change):
            return .reloaded(added: change.added, removed: change.removed, changed: change.changed)
        default:
            return nil
        }
    }

    static func controlOutcome(_ outcome: VSIOutcome) -> ControlOutcome {
        switch outcome {
        case .confirmed(let state): .succeeded(state: state)
        case .deAssociated: .succeeded(state: nil)
        case .failed(let error): .failed(error: ControlError(error))
        }
    }

    static func entry(_ status: ServiceInterfaceStatus) -> InterfaceStatus {
        InterfaceStatus(
            name: status.name,
            linkUp: status.linkUp,
            negotiated: status.negotiated,
            parameters: status.negotiated ? status.parameters : nil,
            counters: status.portCounters ?? StationPortCounters(),
            evbCounters: status.evbCounters ?? EVBPortCounters(),
            wantedVSIs: status.wanted
        )
    }

    static func entry(_ status: ServiceVSIStatus) -> WantedVSIStatus {
        WantedVSIStatus(
            interface: status.interface,
            descriptor: status.descriptor,
            wanted: status.operation.action,
            confirmed: status.confirmed,
            lastOutcome: status.lastOutcome.map(controlOutcome),
            inFlight: status.inFlight,
            granted: status.granted
        )
    }
}
