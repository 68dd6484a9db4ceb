/// Writes control-protocol lines: compact JSON, keys in sorted order (so equal messages give equal lines), each
/// ended by `\n`.
public struct ControlMessageEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// A request line, as a client sends it; throws `badRequest` for a request that cannot be written.
    public func encode(_ request: ControlRequest) throws(ControlProtocolError) -> [UInt8] {
        do {
            return try ControlJSON.line(ControlWireRequestOut(request: request))
        } catch {
            throw ControlProtocolError(id: request.id, code: .badRequest, message: "cannot encode: \(error)")
        }
    }

    /// A response line. A response that cannot be written becomes an `internal` error response.
    public func encode(_ response: ControlResponse) -> [UInt8] {
        if let line = try? ControlJSON.line(ControlWireResponseOut(response: response)) {
            return line
        }
        let fallback = ControlResponse.failure(response.id, .internal, "the response could not be encoded")
        return (try? ControlJSON.line(ControlWireResponseOut(response: fallback)))
            ?? Array(
                "{\"error\":{\"code\":\"internal\",\"message\":\"encoding\"},\"id\":null,\"ok\":false,\"v\":1}\n".utf8
            )
    }

    /// An event line, `{"event":{…},"v":1}`; `nil` for an event that cannot be written.
    public func encode(_ event: ControlEvent) -> [UInt8]? {
        try? ControlJSON.line(ControlWireEventOut(event: event))
    }

    /// The line that tells a watcher it lost `count` events, `{"dropped":N,"v":1}`.
    public func encodeDropped(_ count: UInt64) -> [UInt8] {
        Array("{\"dropped\":\(count),\"v\":1}\n".utf8)
    }
}
