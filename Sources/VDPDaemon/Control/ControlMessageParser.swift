import VDPProtocol

/// Reads control-protocol lines: a server's requests, a client's responses and events.
///
/// No I/O, no state: each line stands alone, and bad input of any kind gives a ``ControlProtocolError`` (never a
/// trap), with the request's id when the line was a JSON object with a usable `id`. The line is bounded before it
/// is parsed. Rules, in order:
///
/// 1. longer than ``maximumLineLength`` octets → `messageTooLarge`;
/// 2. empty or blank, not UTF-8, not JSON, or not a JSON object → `malformedJSON`;
/// 3. `v` missing or not an integer → `badRequest`; not a supported version → `unsupportedVersion`;
/// 4. `id` missing or neither a 64-bit integer nor a string → `badRequest` (with `"id":null`);
/// 5. `op` missing or not a string → `badRequest`; not an operation of version 1 → `unknownOperation`;
/// 6. an operation's field missing or of a wrong type or value → `badRequest`.
///
/// Fields the parser does not know are ignored, so a later revision may add optional fields (forward
/// compatibility); a change of meaning of an existing field takes a new version.
public struct ControlMessageParser: Sendable {
    /// The longest line accepted, in octets without the `\n`.
    public var maximumLineLength: Int

    /// Creates a parser.
    public init(maximumLineLength: Int = ControlServerLimits().maximumLineLength) {
        self.maximumLineLength = maximumLineLength
    }

    /// Reads one request line (without its `\n`).
    public func parseRequest(_ line: some Collection<UInt8>) throws(ControlProtocolError) -> ControlRequest {
        try checkLine(line)
        let wire: ControlWireRequest
        do {
            wire = try ControlJSON.decode(ControlWireRequest.self, from: line)
        } catch {
            throw Self.notJSON(error)
        }
        return try wire.outcome.get()
    }

    /// Reads one line a server wrote (without its `\n`); `operation` names the operation of a pending request by
    /// its id, so the result is read as that operation's result.
    public func parseServerMessage(
        _ line: some Collection<UInt8>,
        operation: (ControlRequestID) -> String?
    ) throws(ControlProtocolError) -> ControlServerMessage {
        try checkLine(line)
        let probe: ControlWireServerProbe
        do {
            probe = try ControlJSON.decode(ControlWireServerProbe.self, from: line)
        } catch {
            throw Self.notJSON(error)
        }
        guard let version = probe.v else {
            throw ControlProtocolError(id: probe.id, code: .badRequest, message: "missing or invalid \"v\"")
        }
        guard ControlProtocol.supportedVersions.contains(version) else {
            throw ControlProtocolError(id: probe.id, code: .unsupportedVersion, message: "protocol version \(version)")
        }
        if probe.hasEvent {
            return try Self.event(line, kind: probe.eventKind)
        }
        if probe.hasDropped {
            guard let count = probe.dropped else {
                throw ControlProtocolError(id: nil, code: .badRequest, message: "\"dropped\" is a count")
            }
            return .dropped(count)
        }
        guard probe.idIsUsable, let ok = probe.ok else {
            throw ControlProtocolError(
                id: probe.id,
                code: .badRequest,
                message: "a response has \"id\" and \"ok\""
            )
        }
        return .response(try Self.response(line, id: probe.id, ok: ok, operation: probe.id.flatMap(operation)))
    }

    private func checkLine(_ line: some Collection<UInt8>) throws(ControlProtocolError) {
        guard line.count <= maximumLineLength else {
            throw ControlProtocolError(
                id: nil,
                code: .messageTooLarge,
                message: "a line is at most \(maximumLineLength) octets"
            )
        }
        guard line.contains(where: { !Self.isJSONWhitespace($0) }) else {
            throw ControlProtocolError(id: nil, code: .malformedJSON, message: "empty line")
        }
        guard String(validating: line, as: UTF8.self) != nil else {
            throw ControlProtocolError(id: nil, code: .malformedJSON, message: "the line is not UTF-8")
        }
    }

    private static func isJSONWhitespace(_ octet: UInt8) -> Bool {
        octet == 0x20 || octet == 0x09 || octet == 0x0A || octet == 0x0D
    }

    private static func notJSON(_ error: any Error) -> ControlProtocolError {
        if case DecodingError.typeMismatch(_, let context) = error, context.codingPath.isEmpty {
            return ControlProtocolError(id: nil, code: .malformedJSON, message: "a message is a JSON object")
        }
        return ControlProtocolError(
            id: nil,
            code: .malformedJSON,
            message: "not JSON: \(ControlWireRequest.explain(error))"
        )
    }

    private static func event(
        _ line: some Collection<UInt8>,
        kind: String?
    ) throws(ControlProtocolError) -> ControlServerMessage {
        let known: Set<String> = ["station", "link", "outcome", "requestedAgain", "retryScheduled", "reloaded"]
        guard let kind, known.contains(kind) else {
            return .unknownEvent
        }
        do {
            return .event(try ControlJSON.decode(ControlWireEventIn.self, from: line).event)
        } catch {
            throw ControlProtocolError(
                id: nil,
                code: .badRequest,
                message: "event: \(ControlWireRequest.explain(error))"
            )
        }
    }

    private static func response(
        _ line: some Collection<UInt8>,
        id: ControlRequestID?,
        ok: Bool,
        operation: String?
    ) throws(ControlProtocolError) -> ControlResponse {
        func fail(_ message: String) -> ControlProtocolError {
            ControlProtocolError(id: id, code: .badRequest, message: message)
        }
        do {
            guard ok else {
                guard let error = try ControlJSON.decode(ControlWireResponseIn<ControlWireEmpty>.self, from: line).error
                else {
                    throw fail("a failed response has \"error\"")
                }
                return .failure(id, error)
            }
            let result: ControlResult?
            switch operation {
            case "hello":
                result = try ControlJSON.decode(ControlWireResponseIn<ControlHello>.self, from: line).result.map {
                    .hello($0)
                }
            case "status":
                result = try ControlJSON.decode(ControlWireResponseIn<ControlStatus>.self, from: line).result.map {
                    .status($0)
                }
            case "list":
                result = try ControlJSON.decode(ControlWireResponseIn<ControlWireList>.self, from: line).result.map {
                    .list($0.vsis)
                }
            case "get":
                result = try ControlJSON.decode(ControlWireResponseIn<ControlWireVSI>.self, from: line).result.map {
                    .vsi($0.vsi)
                }
            case "preAssociate", "associate", "suspend", "resume", "emigrate", "immigrate", "deAssociate":
                result = try ControlJSON.decode(ControlWireResponseIn<ControlWireLifecycle>.self, from: line).result
                    .map { .lifecycle($0.state) }
            case "watch":
                result = .watching
            default:
                throw fail("a response to no pending request")
            }
            guard let result else {
                throw fail("a successful response has \"result\"")
            }
            return .success(id, result)
        } catch let error as ControlProtocolError {
            throw error
        } catch {
            throw fail("result: \(ControlWireRequest.explain(error))")
        }
    }
}
