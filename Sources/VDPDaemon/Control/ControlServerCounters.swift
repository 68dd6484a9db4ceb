/// What a ``ControlServer`` has counted, one counter per bound; part of the result of `status`.
///
/// Encoded with `Codable` as an object of the counters under their own names.
public struct ControlServerCounters: Hashable, Sendable, Codable {
    /// Connections open now.
    public var openConnections: Int = 0
    /// Connections open now that watch events.
    public var watchers: Int = 0
    /// Connections accepted since the start.
    public var connectionsAccepted: UInt64 = 0
    /// Connections refused because ``ControlServerLimits/maximumConnections`` were open.
    public var connectionsRefused: UInt64 = 0
    /// Requests parsed and handed to the handler.
    public var requests: UInt64 = 0
    /// Lines answered with a protocol error (malformed JSON, bad fields, unknown operations or versions).
    public var malformedRequests: UInt64 = 0
    /// Lines longer than ``ControlServerLimits/maximumLineLength``; each closed its connection.
    public var linesTooLong: UInt64 = 0
    /// Requests refused because ``ControlServerLimits/maximumRequestsInFlight`` were in flight on the connection.
    public var requestsRefused: UInt64 = 0
    /// Responses dropped because their client had gone.
    public var abandonedResponses: UInt64 = 0
    /// Events dropped because a watcher's buffer held ``ControlServerLimits/eventBufferLimit``.
    public var eventsDropped: UInt64 = 0

    /// All zero.
    public init() {}
}
