// libFuzzer harness for the daemon's control protocol (VDPDaemon's ControlMessageParser).
//
// Every input is read as one line of the protocol, twice: as a request (what a server reads from a client) and
// as a server message (what a client reads: a response to a request of some operation, an event, a `dropped`
// notice). The parser may reject the line with a typed `ControlProtocolError`, which is the expected outcome for
// most inputs; it must never crash.
//
// Consistency checks (a violation traps):
// - a request that parses re-encodes with ControlMessageEncoder to a line that parses to the same request;
// - a response or event that parses re-encodes to a line that parses to the same message;
// - a rejected request carries an id only when the line was a JSON object with a usable id, and its code is one
//   of the parser's own.
//
// This file must not be called `main.swift`; libFuzzer supplies `main`.

import FuzzHarness
import VDPDaemon

private let parser = ControlMessageParser()
private let encoder = ControlMessageEncoder()
private let parserCodes: Set<ControlErrorCode> = [
    .malformedJSON, .badRequest, .unknownOperation, .unsupportedVersion, .messageTooLarge,
]
private let operations = [
    "hello", "status", "list", "get", "preAssociate", "associate", "suspend", "resume", "emigrate", "immigrate",
    "deAssociate", "watch",
]

/// libFuzzer's entry point: called once per generated input. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlProtocol(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    checkRequest(bytes)
    // The operation a response answers: chosen by the input's length, so every result shape is reached.
    checkServerMessage(bytes, operation: operations[bytes.count % operations.count])
    return 0
}

private func checkRequest(_ bytes: [UInt8]) {
    let request: ControlRequest
    do {
        request = try parser.parseRequest(bytes)
    } catch {
        precondition(parserCodes.contains(error.code), "the parser gave a code of its own: \(error.code)")
        return
    }
    let line: [UInt8]
    do {
        line = try encoder.encode(request)
    } catch {
        preconditionFailure("an accepted request does not encode: \(error)")
    }
    precondition(line.last == UInt8(ascii: "\n") && !line.dropLast().contains(UInt8(ascii: "\n")), "not one line")
    guard let again = try? parser.parseRequest(line.dropLast()) else {
        preconditionFailure("a re-encoded request does not parse: \(String(decoding: line, as: UTF8.self))")
    }
    precondition(again == request, "a request changed in a round trip: \(String(decoding: line, as: UTF8.self))")
}

private func checkServerMessage(_ bytes: [UInt8], operation: String) {
    guard let message = try? parser.parseServerMessage(bytes, operation: { _ in operation }) else {
        return
    }
    let line: [UInt8]?
    switch message {
    case .response(let response): line = encoder.encode(response)
    case .event(let event): line = encoder.encode(event)
    case .dropped(let count): line = encoder.encodeDropped(count)
    case .unknownEvent: line = nil
    }
    guard let line else {
        return
    }
    guard let again = try? parser.parseServerMessage(line.dropLast(), operation: { _ in operation }) else {
        preconditionFailure("a re-encoded message does not parse: \(String(decoding: line, as: UTF8.self))")
    }
    precondition(again == message, "a message changed in a round trip: \(String(decoding: line, as: UTF8.self))")
}
