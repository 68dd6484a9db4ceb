/// One line a client reads from the server.
///
/// Frozen.
public enum ControlServerMessage: Hashable, Sendable {
    /// The response to a request.
    case response(ControlResponse)
    /// An event on a watching connection.
    case event(ControlEvent)
    /// The server dropped this many events because the client read too slowly: `{"v":1,"dropped":N}`.
    case dropped(UInt64)
    /// An event of a kind this library does not know; skip it.
    case unknownEvent
}
