/// What serves the requests a ``ControlServer`` reads: the daemon's station service, or a fake in tests.
///
/// The server calls ``handle(_:)`` concurrently, one task per request, and discards the response when its client
/// has gone; the operation itself is not cancelled.
public protocol ControlHandler: Sendable {
    /// Carries out one request; never throws: failures are error responses.
    func handle(_ request: ControlRequest) async -> ControlResponse

    /// Carries out one request like ``handle(_:)``, calling `durable` (at most once, before returning) as soon as
    /// the request's effect would survive a crash of the daemon: for a lifecycle request, once its want is saved,
    /// before the bridge answers. A front door that must answer before the bridge does (lldpad's client socket)
    /// waits for it. The default never calls `durable`.
    func handle(_ request: ControlRequest, durable: @escaping @Sendable () -> Void) async -> ControlResponse
    /// A new stream of events for one watching connection.
    func events() async -> AsyncStream<ControlEvent>
}

extension ControlHandler {
    /// Carries out the request with ``handle(_:)``; `durable` is never called.
    public func handle(_ request: ControlRequest, durable: @escaping @Sendable () -> Void) async -> ControlResponse {
        await handle(request)
    }
}
