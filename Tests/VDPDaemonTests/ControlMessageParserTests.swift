import Testing
import VDPProtocol
import VDPWire

@testable import VDPDaemon

/// The control protocol's parser and encoder: every kind of bad line gets its typed error, with the id when it
/// could be read; every message round-trips.
@Suite struct ControlMessageParserTests {
    let parser = ControlMessageParser()
    let encoder = ControlMessageEncoder()

    static let vsiJSON =
        #"{"managerID":"mgr1","typeID":5,"typeVersion":1,"vsiID":{"format":5,"value":"a1b2c3d4-0001-4000-8000-00163e000001"},"filterInfo":{"format":1,"entries":[{"vid":100,"pcp":0,"prioritySignificant":false}]}}"#

    static var vsi: VSIDescriptor {
        VSIDescriptor(
            managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
            typeID: VSITypeID(truncating: 5),
            typeVersion: 1,
            vsiID: .uuid(VSIUUID("a1b2c3d4-0001-4000-8000-00163e000001") ?? VSIUUID(octets: Octets16(high: 0, low: 0))),
            filterInfo: (try? FilterInfo.vid([FilterVID(rawValue: 100)]))
                ?? .groupVID(GroupID(rawValue: 1), FilterVID(rawValue: 100))
        )
    }

    private func parse(_ text: String) -> Result<ControlRequest, ControlProtocolError> {
        Result { () throws(ControlProtocolError) in try parser.parseRequest(Array(text.utf8)) }
    }

    @Test func validRequestsOfEveryOperation() throws {
        let vsi = Self.vsiJSON
        let mac = VSIID(.mac(try #require(MACAddress("52:54:00:00:00:01"))))
        let lifecycle = { (action: ControlLifecycleAction) in
            ControlOperation.lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: Self.vsi, action: action))
        }
        let cases: [(String, ControlRequest)] = [
            (#"{"v":1,"id":1,"op":"hello"}"#, ControlRequest(id: .number(1), operation: .hello)),
            (#"{"v":1,"id":"a","op":"status"}"#, ControlRequest(id: .string("a"), operation: .status(interface: nil))),
            (
                #"{"v":1,"id":2,"op":"status","interface":"eth0"}"#,
                ControlRequest(id: .number(2), operation: .status(interface: "eth0"))
            ),
            (
                #"{"v":1,"id":3,"op":"list","interface":null}"#,
                ControlRequest(id: .number(3), operation: .list(interface: nil))
            ),
            (
                #"{"v":1,"id":4,"op":"get","interface":"eth0","vsiID":{"format":3,"value":"52:54:00:00:00:01"}}"#,
                ControlRequest(
                    id: .number(4),
                    operation: .get(interface: "eth0", vsiID: mac)
                )
            ),
            (
                #"{"v":1,"id":5,"op":"preAssociate","interface":"eth0","vsi":\#(vsi),"reserveResources":true}"#,
                ControlRequest(id: .number(5), operation: lifecycle(.preAssociate(reserveResources: true)))
            ),
            (
                #"{"v":1,"id":6,"op":"preAssociate","interface":"eth0","vsi":\#(vsi)}"#,
                ControlRequest(id: .number(6), operation: lifecycle(.preAssociate(reserveResources: false)))
            ),
            (
                #"{"v":1,"id":7,"op":"associate","interface":"eth0","vsi":\#(vsi)}"#,
                ControlRequest(id: .number(7), operation: lifecycle(.associate))
            ),
            (
                #"{"v":1,"id":8,"op":"suspend","interface":"eth0","vsi":\#(vsi)}"#,
                ControlRequest(id: .number(8), operation: lifecycle(.suspend))
            ),
            (
                #"{"v":1,"id":9,"op":"resume","interface":"eth0","vsi":\#(vsi)}"#,
                ControlRequest(id: .number(9), operation: lifecycle(.resume))
            ),
            (
                #"{"v":1,"id":10,"op":"emigrate","interface":"eth0","vsi":\#(vsi)}"#,
                ControlRequest(id: .number(10), operation: lifecycle(.emigrate))
            ),
            (
                #"{"v":1,"id":11,"op":"immigrate","interface":"eth0","vsi":\#(vsi),"associate":true}"#,
                ControlRequest(id: .number(11), operation: lifecycle(.immigrate(associate: true)))
            ),
            (
                #"{"v":1,"id":12,"op":"deAssociate","interface":"eth0","vsi":\#(vsi)}"#,
                ControlRequest(id: .number(12), operation: lifecycle(.deAssociate))
            ),
            (#"{"v":1,"id":-9223372036854775808,"op":"watch"}"#, ControlRequest(id: .number(.min), operation: .watch)),
            // Foundation's reader accepts a trailing comma in an object.
            (#"{"v":1,"id":1,"op":"hello",}"#, ControlRequest(id: .number(1), operation: .hello)),
            // Unknown fields are ignored: a later revision may add optional ones.
            (
                #" {"future":{"x":[1,2,{"y":null}]},"op":"hello","id":"z","v":1,"more":true} "#,
                ControlRequest(id: .string("z"), operation: .hello)
            ),
        ]
        for (line, expected) in cases {
            #expect(parse(line) == .success(expected), "\(line)")
        }
    }

    @Test(
        arguments: [
            // (line, code, id read)
            (#"{"v":1,"id":1,"op":"hello""#, "malformedJSON", nil),
            (#"{"v":1,"id":1,"op":"hello"} x"#, "malformedJSON", nil),
            (#"[{"v":1,"id":1,"op":"hello"}]"#, "malformedJSON", nil),
            (#""hello""#, "malformedJSON", nil),
            (#"42"#, "malformedJSON", nil),
            (#"null"#, "malformedJSON", nil),
            (#"{"v":1,"id":1,"op":"hello" /* c */}"#, "malformedJSON", nil),
            (#"{'v':1,'id':1,'op':'hello'}"#, "malformedJSON", nil),
            ("", "malformedJSON", nil),
            (" \t\r", "malformedJSON", nil),
            (#"{"v":1,"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":null,"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":1.5,"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":1e30,"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":123456789012345678901234567890,"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":{"a":1},"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":[1],"op":"hello"}"#, "badRequest", nil),
            (#"{"v":1,"id":true,"op":"hello"}"#, "badRequest", nil),
            (#"{"id":1,"op":"hello"}"#, "badRequest", "1"),
            (#"{"v":"1","id":1,"op":"hello"}"#, "badRequest", "1"),
            (#"{"v":99999999999999999999999,"id":1,"op":"hello"}"#, "badRequest", "1"),
            (#"{"v":2,"id":1,"op":"hello"}"#, "unsupportedVersion", "1"),
            (#"{"v":0,"id":"x","op":"hello"}"#, "unsupportedVersion", "\"x\""),
            (#"{"v":-1,"id":1,"op":"hello"}"#, "unsupportedVersion", "1"),
            (#"{"v":1,"id":1}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":5}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"frobnicate"}"#, "unknownOperation", "1"),
            (#"{"v":1,"id":1,"op":"Hello"}"#, "unknownOperation", "1"),
            (#"{"v":1,"id":1,"op":"status","interface":5}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"status","interface":""}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"status","interface":"abcdefghijklmnop"}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"status","interface":"../etc"}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"status","interface":"eth 0"}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"get","interface":"eth0"}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"get","interface":"eth0","vsiID":{"format":3,"value":"x"}}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"associate","vsi":{}}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"associate","interface":"eth0"}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"associate","interface":"eth0","vsi":[]}"#, "badRequest", "1"),
            (#"{"v":1,"id":1,"op":"associate","interface":"eth0","vsi":{"managerID":"mgr1"}}"#, "badRequest", "1"),
            (
                #"{"v":1,"id":1,"op":"preAssociate","interface":"eth0","vsi":{},"reserveResources":"yes"}"#,
                "badRequest", "1"
            ),
            (#"{"v":1,"id":1,"op":"immigrate","interface":"eth0","vsi":{},"associate":1}"#, "badRequest", "1"),
        ] as [(String, String, String?)]
    )
    func badLinesGetTheirCode(line: String, code: String, id: String?) {
        guard case .failure(let error) = parse(line) else {
            Issue.record("accepted: \(line)")
            return
        }
        #expect(error.code.rawValue == code, "\(line): \(error)")
        #expect(error.id?.description == id, "\(line): \(error)")
    }

    @Test func hugeNumbersInsideTheVSIAreRefused() {
        let line = Self.vsiJSON.replacingOccurrences(of: #""typeID":5"#, with: #""typeID":1e300"#)
        let result = parse(#"{"v":1,"id":1,"op":"associate","interface":"eth0","vsi":\#(line)}"#)
        #expect(result.failureCode == .badRequest)
        let big = Self.vsiJSON.replacingOccurrences(of: #""typeID":5"#, with: #""typeID":16777216"#)
        #expect(parse(#"{"v":1,"id":1,"op":"associate","interface":"eth0","vsi":\#(big)}"#).failureCode == .badRequest)
    }

    @Test func nonUTF8IsMalformed() {
        let bytes: [UInt8] = Array(#"{"v":1,"id":1,"op":"hel"#.utf8) + [0xFF, 0xFE] + Array(#"lo"}"#.utf8)
        let result = Result { () throws(ControlProtocolError) in try parser.parseRequest(bytes) }
        #expect(result.failureCode == .malformedJSON)
        let overlong: [UInt8] =
            Array(#"{"v":1,"id":"#.utf8) + [0x22, 0xC0, 0xAF, 0x22] + Array(#","op":"hello"}"#.utf8)
        #expect(
            Result { () throws(ControlProtocolError) in try parser.parseRequest(overlong) }.failureCode
                == .malformedJSON
        )
    }

    @Test func lengthIsBoundedBeforeParsing() {
        let request = #"{"v":1,"id":1,"op":"hello"}"#
        let exact = request + String(repeating: " ", count: 65_536 - request.utf8.count)
        #expect(parse(exact) == .success(ControlRequest(id: .number(1), operation: .hello)))
        let result = parse(exact + " ")
        #expect(result.failureCode == .messageTooLarge)
        let deep = String(repeating: "[", count: 60_000)
        #expect(parse(deep).failureCode == .malformedJSON)
    }

    @Test func requestsRoundTrip() throws {
        let vsi = Self.vsi
        let operations: [ControlOperation] = [
            .hello, .status(interface: nil), .status(interface: "eth1"), .list(interface: nil),
            .list(interface: "br-x"),
            .get(interface: "eth0", vsiID: vsi.vsiID), .watch,
        ]
        let actions: [ControlLifecycleAction] = [
            .preAssociate(reserveResources: false), .preAssociate(reserveResources: true), .associate, .suspend,
            .resume,
            .emigrate, .immigrate(associate: false), .immigrate(associate: true), .deAssociate,
        ]
        let all =
            operations + actions.map { .lifecycle(ControlLifecycleRequest(interface: "eth0", vsi: vsi, action: $0)) }
        for (index, operation) in all.enumerated() {
            for id in [ControlRequestID.number(Int64(index)), .string("r\(index) \u{1F600}\"\\")] {
                let request = ControlRequest(id: id, operation: operation)
                let line = try encoder.encode(request)
                #expect(line.last == UInt8(ascii: "\n"))
                #expect(parse(String(decoding: line.dropLast(), as: UTF8.self)) == .success(request))
            }
        }
    }

    @Test func encodingIsCompactAndSorted() {
        let line = encoder.encode(ControlResponse.success(.number(1), .hello(ControlHello(pid: 4242, version: "t"))))
        #expect(
            String(decoding: line, as: UTF8.self)
                == #"{"id":1,"ok":true,"result":{"pid":4242,"version":"t","versions":[1]},"v":1}"# + "\n"
        )
        let failure = encoder.encode(ControlResponse.failure(nil, .malformedJSON, "not JSON"))
        #expect(
            String(decoding: failure, as: UTF8.self)
                == #"{"error":{"code":"malformedJSON","message":"not JSON"},"id":null,"ok":false,"v":1}"# + "\n"
        )
        #expect(String(decoding: encoder.encodeDropped(7), as: UTF8.self) == #"{"dropped":7,"v":1}"# + "\n")
    }

    @Test func serverMessagesRoundTrip() throws {
        let vsi = Self.vsi
        let state = StationVSIState(type: .associate, hints: VSIHints(suspended: true), filterInfo: vsi.filterInfo)
        let entry = WantedVSIStatus(
            interface: "eth0",
            descriptor: vsi,
            wanted: .immigrate(associate: true),
            confirmed: state,
            lastOutcome: .failed(error: ControlError(.failed(.timeout))),
            inFlight: true
        )
        let status = ControlStatus(
            interfaces: [
                InterfaceStatus(
                    name: "eth0",
                    linkUp: false,
                    negotiated: false,
                    parameters: nil,
                    counters: StationPortCounters(),
                    evbCounters: EVBPortCounters(),
                    wantedVSIs: 3
                )
            ],
            control: ControlServerCounters()
        )
        let responses: [(String, ControlResponse)] = [
            ("hello", .success(.number(1), .hello(ControlHello(pid: 1, version: "x")))),
            ("status", .success(.number(2), .status(status))),
            ("list", .success(.number(3), .list([entry, entry]))),
            ("list", .success(.number(3), .list([]))),
            ("get", .success(.string("g"), .vsi(entry))),
            ("associate", .success(.number(4), .lifecycle(state))),
            ("deAssociate", .success(.number(5), .lifecycle(nil))),
            ("watch", .success(.number(6), .watching)),
            (
                "associate",
                .failure(.number(7), ControlError(.failed(.rejected(.success, hardError: true, keep: false))))
            ),
            ("associate", .failure(.number(8), ControlError(.refused(.busy)))),
            ("associate", .failure(nil, .malformedJSON, "x")),
            ("associate", .failure(.number(9), ControlErrorCode(rawValue: "someFutureCode"), "later")),
        ]
        for (operation, response) in responses {
            let line = encoder.encode(response)
            let parsed = try parser.parseServerMessage(line.dropLast()) { _ in operation }
            #expect(parsed == .response(response), "\(String(decoding: line, as: UTF8.self))")
        }
        let events: [ControlEvent] = [
            .station(interface: "eth0", event: .negotiated(EVBParameters())),
            .station(interface: "eth0", event: .reassociated(vsi.vsiID, .success(state))),
            .link(interface: "eth1", change: .down),
            .outcome(interface: "eth0", vsiID: vsi.vsiID, action: .associate, outcome: .succeeded(state: state)),
            .requestedAgain(interface: "eth0", vsiID: vsi.vsiID, action: .emigrate, reason: "retry"),
            .retryScheduled(interface: "eth0", vsiID: vsi.vsiID, delayMilliseconds: 2_000, failures: 2),
            .reloaded(added: ["eth2"], removed: [], changed: ["eth0"]),
        ]
        for event in events {
            let line = try #require(encoder.encode(event))
            #expect(try parser.parseServerMessage(line.dropLast()) { _ in nil } == .event(event))
        }
        #expect(try parser.parseServerMessage(encoder.encodeDropped(12).dropLast()) { _ in nil } == .dropped(12))
        let future = Array(#"{"v":1,"event":{"somethingNew":{"a":1}}}"#.utf8)
        #expect(try parser.parseServerMessage(future) { _ in nil } == .unknownEvent)
    }
}

extension Result where Failure == ControlProtocolError {
    /// The error's code, or `nil` on success.
    var failureCode: ControlErrorCode? {
        if case .failure(let error) = self {
            return error.code
        }
        return nil
    }
}
