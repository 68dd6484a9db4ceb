import Testing
import VDPWire

@testable import VDPProtocol

/// The station machine, transition by transition (docs: Docs/STATE-MACHINES.md, "Station VSI machine").
///
/// Each row starts a machine, drives it into a state with a short script, applies one event at an injected
/// time, and checks the state it lands in and everything it emitted.
@Suite struct StationVSIMachineTests {
    typealias Machine = StationVSIMachine
    static let timers = EVBParameters.lldpadDefaults.timers
    static let vsi = TestValues.descriptor(1, vid: 0)
    static let assigned = FilterInfo.macVID(
        vsi.filterInfo.entries.first?.mac ?? TestValues.stationMAC,
        FilterVID(rawValue: 0x3064)
    )

    /// An input to the machine.
    enum Input: Sendable, CustomStringConvertible {
        case command(VSITLVType, VSIHints)
        case response(VSITLVType, VDPStatus, FilterInfo?)
        case bridgeDeAssociate
        case timer
        case deliveryFailedForCurrentRequest
        case portDown

        var description: String {
            switch self {
            case .command(let type, let hints): "command \(type) \(hints)"
            case .response(let type, let status, _): "response \(type) 0x\(String(status.rawValue, radix: 16))"
            case .bridgeDeAssociate: "bridge De-Associate"
            case .timer: "timer"
            case .deliveryFailedForCurrentRequest: "ECP delivery failed"
            case .portDown: "port down"
            }
        }
    }

    /// What a row expects.
    enum Expected: Sendable, Equatable {
        case requesting(VSITLVType)
        case established(VSITLVType, suspended: Bool)
        case refreshing
        case deAssociating
        case ended
        case refused(StationCommandError)
    }

    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var script: [Input]
        var event: Input
        var expected: Expected
        var outputs: [String]

        var description: String { name }
    }

    static let success = VDPStatus.response()

    static let rows: [Row] = [
        Row(
            name: "first Associate is sent",
            script: [],
            event: .command(.associate, .none),
            expected: .requesting(.associate),
            outputs: ["transmit Associate 0x0"]
        ),
        Row(
            name: "success confirms, with the bridge's VID",
            script: [.command(.associate, .none)],
            event: .response(.associate, success, assigned),
            expected: .established(.associate, suspended: false),
            outputs: ["completed #1 success Associate VID 100"]
        ),
        Row(
            name: "error without keep ends the VSI",
            script: [.command(.associate, .none)],
            event: .response(.deAssociate, .response(.insufficientResources), nil),
            expected: .ended,
            outputs: ["completed #1 failure rejected insufficient resources hard=false keep=false"]
        ),
        Row(
            name: "hard error ends the VSI",
            script: [.command(.preAssociate, .none)],
            event: .response(.deAssociate, .response(.insufficientResources, hardError: true), nil),
            expected: .ended,
            outputs: ["completed #1 failure rejected insufficient resources hard=true keep=false"]
        ),
        Row(
            name: "keep error on a new VSI ends it",
            script: [.command(.associate, .none)],
            event: .response(.associate, .response(.unableToContactVSIManager, keep: true), nil),
            expected: .ended,
            outputs: ["completed #1 failure rejected unable to contact VSI manager hard=false keep=true"]
        ),
        Row(
            name: "keep error after a confirmed state reverts to it",
            script: [
                .command(.preAssociate, .none), .response(.preAssociate, success, assigned),
                .command(.associate, .none),
            ],
            event: .response(.associate, .response(.otherFailure, keep: true), nil),
            expected: .established(.preAssociate, suspended: false),
            outputs: ["completed #2 failure rejected other failure hard=false keep=true"]
        ),
        Row(
            name: "success in a De-Associate TLV means the bridge ended it",
            script: [.command(.associate, .none)],
            event: .response(.deAssociate, success, nil),
            expected: .ended,
            outputs: ["completed #1 failure bridgeDeAssociated"]
        ),
        Row(
            name: "a response with other MACs does not match",
            script: [.command(.associate, .none)],
            event: .response(.associate, success, .macVID(TestValues.bridgeMAC, .null)),
            expected: .ended,
            outputs: ["completed #1 failure responseMismatch"]
        ),
        Row(
            name: "a response of another type is ignored",
            script: [.command(.associate, .none)],
            event: .response(.preAssociate, success, nil),
            expected: .requesting(.associate),
            outputs: []
        ),
        Row(
            name: "a request from the bridge that is not a De-Associate is ignored",
            script: [.command(.associate, .none)],
            event: .response(.associate, .request(), nil),
            expected: .requesting(.associate),
            outputs: []
        ),
        Row(
            name: "respWaitDelay expiry times out",
            script: [.command(.associate, .none)],
            event: .timer,
            expected: .ended,
            outputs: ["completed #1 failure timeout"]
        ),
        Row(
            name: "ECP retries exhausted",
            script: [.command(.associate, .none)],
            event: .deliveryFailedForCurrentRequest,
            expected: .ended,
            outputs: ["completed #1 failure retriesExhausted"]
        ),
        Row(
            name: "unsolicited De-Associate while requesting",
            script: [.command(.associate, .none)],
            event: .bridgeDeAssociate,
            expected: .ended,
            outputs: ["completed #1 failure bridgeDeAssociated", "event bridgeDeAssociated"]
        ),
        Row(
            name: "a second command while requesting is busy",
            script: [.command(.associate, .none)],
            event: .command(.associate, .none),
            expected: .refused(.busy),
            outputs: []
        ),
        Row(
            name: "De-Associate supersedes a pending request",
            script: [.command(.associate, .none)],
            event: .command(.deAssociate, .none),
            expected: .deAssociating,
            outputs: ["completed #1 failure superseded", "transmit DeAssociate 0x0"]
        ),
        Row(
            name: "keep-alive timer repeats the confirmed request",
            script: [.command(.associate, VSIHints(migrating: true)), .response(.associate, success, assigned)],
            event: .timer,
            expected: .refreshing,
            outputs: ["transmit Associate 0x10"]
        ),
        Row(
            name: "keep-alive success goes back to established",
            script: [.command(.associate, .none), .response(.associate, success, assigned), .timer],
            event: .response(.associate, success, assigned),
            expected: .established(.associate, suspended: false),
            outputs: []
        ),
        Row(
            name: "keep-alive response with a new VID reports the change",
            script: [.command(.associate, .none), .response(.associate, success, assigned), .timer],
            event: .response(
                .associate,
                success,
                .macVID(
                    vsi.filterInfo.entries.first?.mac ?? TestValues.stationMAC,
                    FilterVID(rawValue: 0x0065)
                )
            ),
            expected: .established(.associate, suspended: false),
            outputs: ["event filterChanged VID 101"]
        ),
        Row(
            name: "keep-alive timeout ends the VSI",
            script: [.command(.associate, .none), .response(.associate, success, assigned), .timer],
            event: .timer,
            expected: .ended,
            outputs: ["event keepAliveFailed timeout"]
        ),
        Row(
            name: "keep-alive refused with keep stays",
            script: [.command(.associate, .none), .response(.associate, success, assigned), .timer],
            event: .response(.associate, .response(.otherFailure, keep: true), nil),
            expected: .established(.associate, suspended: false),
            outputs: []
        ),
        Row(
            name: "keep-alive refused without keep ends",
            script: [.command(.associate, .none), .response(.associate, success, assigned), .timer],
            event: .response(.deAssociate, .response(.otherFailure), nil),
            expected: .ended,
            outputs: ["event keepAliveFailed rejected other failure hard=false keep=false"]
        ),
        Row(
            name: "keep-alive lost by ECP ends the VSI",
            script: [.command(.associate, .none), .response(.associate, success, assigned), .timer],
            event: .deliveryFailedForCurrentRequest,
            expected: .ended,
            outputs: ["event keepAliveFailed retriesExhausted"]
        ),
        Row(
            name: "unsolicited De-Associate while established",
            script: [.command(.associate, .none), .response(.associate, success, assigned)],
            event: .bridgeDeAssociate,
            expected: .ended,
            outputs: ["event bridgeDeAssociated"]
        ),
        Row(
            name: "suspend: Associate with the S-bit",
            script: [.command(.associate, .none), .response(.associate, success, assigned)],
            event: .command(.associate, VSIHints(suspended: true)),
            expected: .requesting(.associate),
            outputs: ["transmit Associate 0x20"]
        ),
        Row(
            name: "suspended once confirmed",
            script: [
                .command(.associate, .none), .response(.associate, success, assigned),
                .command(.associate, VSIHints(suspended: true)),
            ],
            event: .response(.associate, success, assigned),
            expected: .established(.associate, suspended: true),
            outputs: ["completed #2 success Associate VID 100"]
        ),
        Row(
            name: "Pre-Associate after Associate is refused",
            script: [.command(.associate, .none), .response(.associate, success, assigned)],
            event: .command(.preAssociate, .none),
            expected: .refused(.invalidTransition(from: .associate, to: .preAssociate)),
            outputs: []
        ),
        Row(
            name: "Pre-Associate with RR after Pre-Associate is allowed",
            script: [.command(.preAssociate, .none), .response(.preAssociate, success, assigned)],
            event: .command(.preAssociateWithResourceReservation, .none),
            expected: .requesting(.preAssociateWithResourceReservation),
            outputs: ["transmit PreAssociate-RR 0x0"]
        ),
        Row(
            name: "De-Associate of an established VSI",
            script: [.command(.associate, .none), .response(.associate, success, assigned)],
            event: .command(.deAssociate, .none),
            expected: .deAssociating,
            outputs: ["transmit DeAssociate 0x0"]
        ),
        Row(
            name: "De-Associate confirmed",
            script: [
                .command(.associate, .none), .response(.associate, success, assigned),
                .command(.deAssociate, .none),
            ],
            event: .response(.deAssociate, success, nil),
            expected: .ended,
            outputs: ["completed #2 success nil"]
        ),
        Row(
            name: "De-Associate unanswered times out",
            script: [
                .command(.associate, .none), .response(.associate, success, assigned),
                .command(.deAssociate, .none),
            ],
            event: .timer,
            expected: .ended,
            outputs: ["completed #2 failure timeout"]
        ),
        Row(
            name: "a command while de-associating is busy",
            script: [
                .command(.associate, .none), .response(.associate, success, assigned),
                .command(.deAssociate, .none),
            ],
            event: .command(.deAssociate, .none),
            expected: .refused(.busy),
            outputs: []
        ),
        Row(
            name: "unsolicited De-Associate answers a pending De-Associate",
            script: [
                .command(.associate, .none), .response(.associate, success, assigned),
                .command(.deAssociate, .none),
            ],
            event: .bridgeDeAssociate,
            expected: .ended,
            outputs: ["completed #2 success nil"]
        ),
        Row(
            name: "a late response while established is ignored",
            script: [.command(.associate, .none), .response(.associate, success, assigned)],
            event: .response(.associate, success, assigned),
            expected: .established(.associate, suspended: false),
            outputs: []
        ),
        Row(
            name: "port down fails the pending command",
            script: [.command(.associate, .none)],
            event: .portDown,
            expected: .ended,
            outputs: ["completed #1 failure portDown"]
        ),
    ]

    @Test(arguments: rows)
    func transition(row: Row) throws {
        var clock = Instant.zero
        var machine: Machine?
        var nextID: UInt64 = 1
        var output: [Machine.Output] = []
        for input in row.script {
            _ = apply(input, to: &machine, nextID: &nextID, clock: &clock, output: &output)
        }
        output.removeAll()
        let before = machine?.state
        let refusal = apply(row.event, to: &machine, nextID: &nextID, clock: &clock, output: &output)
        let state = try #require(machine)
        // Timers are checked where the event moved the machine; an ignored event leaves them alone.
        let moved = before != state.state
        switch row.expected {
        case .refused(let error):
            #expect(refusal == error)
        case .requesting(let type):
            guard case .requesting(let requesting) = state.state else {
                Issue.record("expected requesting, got \(state.state)")
                return
            }
            #expect(requesting.request.type == type)
            #expect(!moved || requesting.deadline == clock + Self.timers.respWaitDelay)
        case .established(let type, let suspended):
            guard case .established(let established) = state.state else {
                Issue.record("expected established, got \(state.state)")
                return
            }
            #expect(established.confirmed.type == type)
            #expect(established.confirmed.hints.suspended == suspended)
            #expect(!moved || established.keepAliveAt == clock + Self.timers.reinitKeepAlive)
        case .refreshing:
            guard case .refreshing(let refreshing) = state.state else {
                Issue.record("expected refreshing, got \(state.state)")
                return
            }
            #expect(refreshing.deadline == clock + Self.timers.respWaitDelay)
        case .deAssociating:
            guard case .deAssociating = state.state else {
                Issue.record("expected deAssociating, got \(state.state)")
                return
            }
        case .ended:
            #expect(state.isEnded)
        }
        #expect(output.map(Self.describe) == row.outputs)
    }

    /// Applies one input; returns the error of a refused command.
    private func apply(
        _ input: Input,
        to machine: inout Machine?,
        nextID: inout UInt64,
        clock: inout Instant,
        output: inout [Machine.Output]
    ) -> StationCommandError? {
        clock = clock + .milliseconds(1)
        if case .timer = input, let deadline = machine?.deadline {
            clock = deadline
        }
        let now = clock
        switch input {
        case .command(let type, let hints):
            let id = StationRequestID(rawValue: nextID)
            guard var existing = machine else {
                machine = Machine(
                    descriptor: Self.vsi,
                    type: type,
                    hints: hints,
                    requestID: id,
                    timers: Self.timers,
                    now: now,
                    into: &output
                )
                nextID += 1
                return nil
            }
            do {
                try existing.command(
                    type,
                    descriptor: Self.vsi,
                    hints: hints,
                    requestID: id,
                    timers: Self.timers,
                    now: now,
                    into: &output
                )
                nextID += 1
                machine = existing
                return nil
            } catch {
                return error
            }
        case .response(let type, let status, let filterInfo):
            let tlv = Self.vsi.tlv(type, status: status, filterInfo: filterInfo ?? Self.vsi.filterInfo)
            machine?.receiveResponse(tlv, timers: Self.timers, now: now, into: &output)
            if !status.isResponse, type == .deAssociate {
                machine?.receiveBridgeDeAssociate(into: &output)
            }
        case .bridgeDeAssociate:
            machine?.receiveBridgeDeAssociate(into: &output)
        case .timer:
            machine?.timerExpired(timers: Self.timers, now: now, into: &output)
        case .deliveryFailedForCurrentRequest:
            if let current = machine.flatMap(Self.currentRequest) {
                machine?.deliveryFailed(current, into: &output)
            }
        case .portDown:
            machine?.portDown(into: &output)
        }
        return nil
    }

    private static func currentRequest(_ machine: Machine) -> VSITLV? {
        switch machine.state {
        case .requesting(let state): state.request
        case .refreshing(let state): state.request
        case .deAssociating(let state): state.request
        case .established, .ended: nil
        }
    }

    static func describe(_ output: Machine.Output) -> String {
        switch output {
        case .transmit(let tlv):
            return "transmit \(tlv.type) 0x\(String(tlv.status.rawValue, radix: 16))"
        case .completed(let id, .success(let state?)):
            return "completed \(id) success \(state.type) VID \(state.filterInfo.entries.first?.vid.vid ?? 0)"
        case .completed(let id, .success(nil)):
            return "completed \(id) success nil"
        case .completed(let id, .failure(let failure)):
            return "completed \(id) failure \(describe(failure))"
        case .event(.bridgeDeAssociated):
            return "event bridgeDeAssociated"
        case .event(.filterChanged(_, let info)):
            return "event filterChanged VID \(info.entries.first?.vid.vid ?? 0)"
        case .event(.keepAliveFailed(_, let failure)):
            return "event keepAliveFailed \(describe(failure))"
        }
    }

    static func describe(_ failure: StationRequestFailure) -> String {
        switch failure {
        case .rejected(let code, let hard, let keep): "rejected \(code) hard=\(hard) keep=\(keep)"
        case .timeout: "timeout"
        case .retriesExhausted: "retriesExhausted"
        case .responseMismatch: "responseMismatch"
        case .bridgeDeAssociated: "bridgeDeAssociated"
        case .superseded: "superseded"
        case .portDown: "portDown"
        }
    }
}
