import Testing
import VDPWire

@testable import VDPProtocol

/// The bridge machine, transition by transition (docs: Docs/STATE-MACHINES.md, "Bridge VSI machine").
@Suite struct BridgeVSIMachineTests {
    typealias Machine = BridgeVSIMachine
    static let timers = EVBParameters.lldpadDefaults.timers
    static let vsi = TestValues.descriptor(1, vid: 0)
    static let key = BridgeVSIKey(station: TestValues.stationMAC, vsiID: vsi.vsiID)
    static let granted = FilterInfo.macVID(
        vsi.filterInfo.entries.first?.mac ?? TestValues.stationMAC,
        FilterVID(rawValue: 100)
    )

    enum Input: Sendable {
        case request(VSITLVType, VSIHints)
        case requestOtherType(typeID: UInt32)
        case deAssociate
        case accept
        case acceptStale
        case reject(BridgeRejectionReason, keep: Bool, hard: Bool)
        case timer
        case bridgeDeAssociate
        case changeFilter(UInt16)
        case portDown
    }

    enum Expected: Sendable, Equatable {
        case deciding(VSITLVType)
        case established(VSITLVType, suspended: Bool, vid: UInt16)
        case ended
    }

    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var script: [Input]
        var event: Input
        var expected: Expected
        var outputs: [String]
        var description: String { name }
    }

    static let associated: [Input] = [.request(.associate, .none), .accept]

    static let rows: [Row] = [
        Row(
            name: "a new request asks the policy",
            script: [],
            event: .request(.associate, .none),
            expected: .deciding(.associate),
            outputs: ["decide #1 Associate -"]
        ),
        Row(
            name: "accept grants and answers",
            script: [.request(.associate, .none)],
            event: .accept,
            expected: .established(.associate, suspended: false, vid: 100),
            outputs: ["transmit Associate 0x40 VID 100", "event changed associated"]
        ),
        Row(
            name: "reject on a new VSI answers with De-Associate and the code",
            script: [.request(.associate, .none)],
            event: .reject(.insufficientResources, keep: false, hard: false),
            expected: .ended,
            outputs: ["transmit DeAssociate 0x42 VID 0", "event refused insufficient resources"]
        ),
        Row(
            name: "hard reject sets 0x10",
            script: [.request(.preAssociate, .none)],
            event: .reject(.authorizationFailed, keep: false, hard: true),
            expected: .ended,
            outputs: ["transmit DeAssociate 0x54 VID 0", "event refused authorization failed"]
        ),
        Row(
            name: "reject with keep reverts to the granted state",
            script: associated + [.request(.associate, VSIHints(suspended: true))],
            event: .reject(.policyUnreachable, keep: true, hard: false),
            expected: .established(.associate, suspended: false, vid: 100),
            outputs: ["transmit Associate 0x63 VID 0", "event refused policy source unreachable"]
        ),
        Row(
            name: "reject without keep removes a granted VSI",
            script: associated + [.request(.associate, VSIHints(suspended: true))],
            event: .reject(.conflictingPolicy, keep: false, hard: false),
            expected: .ended,
            outputs: ["transmit DeAssociate 0x44 VID 0", "event removed rejected: conflicting policy"]
        ),
        Row(
            name: "no decision within resourceWaitDelay: De-Associate with code 3",
            script: [.request(.associate, .none)],
            event: .timer,
            expected: .ended,
            outputs: ["transmit DeAssociate 0x43 VID 0", "event refused policy source unreachable"]
        ),
        Row(
            name: "no decision about a granted VSI: keep with code 3",
            script: associated + [.request(.associate, VSIHints(suspended: true))],
            event: .timer,
            expected: .established(.associate, suspended: false, vid: 100),
            outputs: ["transmit Associate 0x63 VID 0", "event refused policy source unreachable"]
        ),
        Row(
            name: "a request while deciding is ignored",
            script: [.request(.associate, .none)],
            event: .request(.associate, .none),
            expected: .deciding(.associate),
            outputs: []
        ),
        Row(
            name: "a stale decision is ignored",
            script: [.request(.associate, .none)],
            event: .acceptStale,
            expected: .deciding(.associate),
            outputs: []
        ),
        Row(
            name: "a keep-alive is answered at once",
            script: associated,
            event: .request(.associate, .none),
            expected: .established(.associate, suspended: false, vid: 100),
            outputs: ["transmit Associate 0x40 VID 100"]
        ),
        Row(
            name: "suspension goes to the policy",
            script: associated,
            event: .request(.associate, VSIHints(suspended: true)),
            expected: .deciding(.associate),
            outputs: ["decide #2 Associate S"]
        ),
        Row(
            name: "suspended once accepted",
            script: associated + [.request(.associate, VSIHints(suspended: true))],
            event: .accept,
            expected: .established(.associate, suspended: true, vid: 100),
            outputs: ["transmit Associate 0x40 VID 100", "event changed associated (suspended)"]
        ),
        Row(
            name: "Pre-Associate then Associate goes to the policy",
            script: [.request(.preAssociate, .none), .accept],
            event: .request(.associate, .none),
            expected: .deciding(.associate),
            outputs: ["decide #2 Associate -"]
        ),
        Row(
            name: "another VSI type goes to the policy",
            script: associated,
            event: .requestOtherType(typeID: 7),
            expected: .deciding(.associate),
            outputs: ["decide #2 Associate -"]
        ),
        Row(
            name: "station De-Associate frees the VSI at once",
            script: associated,
            event: .deAssociate,
            expected: .ended,
            outputs: ["transmit DeAssociate 0x40 VID 100", "event removed de-associated by the station"]
        ),
        Row(
            name: "station De-Associate while deciding",
            script: [.request(.associate, .none)],
            event: .deAssociate,
            expected: .ended,
            outputs: ["transmit DeAssociate 0x40 VID 0", "event removed de-associated by the station"]
        ),
        Row(
            name: "toutKeepAlive expiry ages the VSI out",
            script: associated,
            event: .timer,
            expected: .ended,
            outputs: [
                "transmit DeAssociate 0x0 VID 100", "event removed aged out (no keep-alive within toutKeepAlive)",
            ]
        ),
        Row(
            name: "bridge-initiated De-Associate",
            script: associated,
            event: .bridgeDeAssociate,
            expected: .ended,
            outputs: ["transmit DeAssociate 0x0 VID 100", "event removed de-associated by the bridge"]
        ),
        Row(
            name: "bridge changes the VID",
            script: associated,
            event: .changeFilter(300),
            expected: .established(.associate, suspended: false, vid: 300),
            outputs: ["event changed associated"]
        ),
        Row(
            name: "port down removes a granted VSI",
            script: associated,
            event: .portDown,
            expected: .ended,
            outputs: ["event removed port down"]
        ),
    ]

    @Test(arguments: rows)
    func transition(row: Row) throws {
        var clock = Instant.zero
        var machine: Machine?
        var decisions: UInt64 = 1
        var output: [Machine.Output] = []
        for input in row.script {
            apply(input, to: &machine, decisions: &decisions, clock: &clock, output: &output)
        }
        output.removeAll()
        let before = machine?.state
        apply(row.event, to: &machine, decisions: &decisions, clock: &clock, output: &output)
        let state = try #require(machine)
        let moved = before != state.state
        switch row.expected {
        case .deciding(let type):
            guard case .deciding(let deciding) = state.state else {
                Issue.record("expected deciding, got \(state.state)")
                return
            }
            #expect(deciding.type == type)
            #expect(!moved || deciding.deadline == clock + Self.timers.resourceWaitDelay)
        case .established(let type, let suspended, let vid):
            guard case .established(let established) = state.state else {
                Issue.record("expected established, got \(state.state)")
                return
            }
            #expect(established.granted.type == type)
            #expect(established.granted.hints.suspended == suspended)
            #expect(established.granted.filterInfo.entries.first?.vid.vid == vid)
            if case .changeFilter = row.event {
            } else {
                #expect(!moved || established.deadline == clock + Self.timers.toutKeepAlive)
            }
        case .ended:
            #expect(state.isEnded)
        }
        #expect(output.map(Self.describe) == row.outputs)
    }

    private func apply(
        _ input: Input,
        to machine: inout Machine?,
        decisions: inout UInt64,
        clock: inout Instant,
        output: inout [Machine.Output]
    ) {
        clock = clock + .milliseconds(1)
        if case .timer = input, let deadline = machine?.deadline {
            clock = deadline
        }
        let now = clock
        var next = decisions
        let nextID = {
            defer { next += 1 }
            return BridgeDecisionID(rawValue: next)
        }
        switch input {
        case .request(let type, let hints):
            if machine == nil {
                machine = Machine(
                    key: Self.key,
                    type: type,
                    hints: hints,
                    descriptor: Self.vsi,
                    decisionID: nextID(),
                    timers: Self.timers,
                    now: now,
                    into: &output
                )
            } else {
                machine?.receiveRequest(
                    type: type,
                    hints: hints,
                    descriptor: Self.vsi,
                    nextDecisionID: nextID,
                    timers: Self.timers,
                    now: now,
                    into: &output
                )
            }
        case .requestOtherType(let typeID):
            var other = Self.vsi
            other.typeID = VSITypeID(truncating: typeID)
            machine?.receiveRequest(
                type: .associate,
                hints: .none,
                descriptor: other,
                nextDecisionID: nextID,
                timers: Self.timers,
                now: now,
                into: &output
            )
        case .deAssociate:
            machine?.receiveDeAssociate(hints: .none, into: &output)
        case .accept:
            if let id = machine?.pendingDecision {
                machine?.accept(id, filterInfo: Self.granted, timers: Self.timers, now: now, into: &output)
            }
        case .acceptStale:
            machine?.accept(
                BridgeDecisionID(rawValue: 999),
                filterInfo: Self.granted,
                timers: Self.timers,
                now: now,
                into: &output
            )
        case .reject(let reason, let keep, let hard):
            if let id = machine?.pendingDecision {
                machine?.reject(
                    id,
                    reason: reason,
                    hardError: hard,
                    keep: keep,
                    timers: Self.timers,
                    now: now,
                    into: &output
                )
            }
        case .timer:
            machine?.timerExpired(timers: Self.timers, now: now, into: &output)
        case .bridgeDeAssociate:
            machine?.sendUnsolicitedDeAssociate(reason: .bridgeDeAssociated, into: &output)
        case .changeFilter(let vid):
            let info = FilterInfo.macVID(
                Self.vsi.filterInfo.entries.first?.mac ?? TestValues.stationMAC,
                FilterVID(rawValue: vid)
            )
            _ = machine?.changeFilterInfo(info, into: &output)
        case .portDown:
            machine?.portDown(into: &output)
        }
        decisions = next
    }

    static func describe(_ output: Machine.Output) -> String {
        switch output {
        case .transmit(let tlv, _):
            "transmit \(tlv.type) 0x\(String(tlv.status.rawValue, radix: 16)) VID \(tlv.filterInfo.entries.first?.vid.vid ?? 0)"
        case .decisionRequired(let request):
            "decide \(request.id) \(request.type) \(request.hints)"
        case .event(.vsiChanged(_, let state)):
            "event changed \(state)"
        case .event(.vsiRemoved(_, let reason)):
            "event removed \(reason)"
        case .event(.requestRefused(_, let reason)):
            "event refused \(reason)"
        case .event(.malformedRequest(_, let malformed, let total)):
            "event malformed \(total): \(malformed.map(\.error))"
        }
    }
}
