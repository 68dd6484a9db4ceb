/// What serves the requests a ``ControlServer`` reads: the daemon's station service, or a fake in tests.
///
/// The server calls ``handle(_:)`` concurrently, one task per request, and discards the response when its client
/// has gone; the operation itself is not cancelled.
public protocol ControlHandler: Sendable {
    /// Carries out one request; never throws: failures are error responses.
    func handle(_ request: ControlRequest) async -> ControlResponse
    /// A new stream of events for one watching connection.
    func events() async -> AsyncStream<ControlEvent>
}
