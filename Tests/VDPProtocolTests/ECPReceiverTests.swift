import Testing
import VDPWire

@testable import VDPProtocol

/// The ECP receive machine, transition by transition (WIRE.md §2.4).
@Suite struct ECPReceiverTests {
    typealias S = ECPTestSupport

    enum Step: Sendable {
        case receive(ECPDU)
        case wait(Duration)
        case reset
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var script: [Step]
        var event: ECPDU
        var expected: ECPReceiverResult?
        var lastSequenceNumber: UInt16?
        var counters: ECPReceiverCounters
        var testDescription: String { name }
    }

    static func acked(_ sequenceNumber: UInt16, delivering number: UInt8?) -> ECPReceiverResult {
        ECPReceiverResult(
            acknowledgement: .acknowledgement(of: sequenceNumber),
            delivered: number.map(S.ulpdu)
        )
    }

    static let peCSP = ECPDU(
        operation: .request,
        subtype: .portExtenderControlAndStatus,
        sequenceNumber: 9,
        payload: .opaque([0x01, 0x02, 0x03])
    )

    static let rows: [Row] = [
        Row(
            name: "a late copy of an earlier number, within the horizon: acked, not delivered",
            script: [.receive(S.request(5, 0)), .receive(S.request(6, 1))],
            event: S.request(5, 0),
            expected: acked(5, delivering: nil),
            lastSequenceNumber: 6,
            counters: ECPReceiverCounters(received: 3, duplicates: 1, delivered: 2)
        ),
        Row(
            name: "an earlier number after the horizon: new (the peer restarted its numbering)",
            script: [.receive(S.request(1, 0)), .receive(S.request(2, 1)), .wait(.seconds(2))],
            event: S.request(1, 2),
            expected: acked(1, delivering: 2),
            lastSequenceNumber: 1,
            counters: ECPReceiverCounters(received: 3, delivered: 3)
        ),
        Row(
            name: "first request after init: acked and delivered",
            script: [],
            event: S.request(5, 0),
            expected: acked(5, delivering: 0),
            lastSequenceNumber: 5,
            counters: ECPReceiverCounters(received: 1, delivered: 1)
        ),
        Row(
            name: "first request with sequence number 0: new",
            script: [],
            event: S.request(0, 0),
            expected: acked(0, delivering: 0),
            lastSequenceNumber: 0,
            counters: ECPReceiverCounters(received: 1, delivered: 1)
        ),
        Row(
            name: "duplicate (same sequence number): acked again, not delivered",
            script: [.receive(S.request(5, 0))],
            event: S.request(5, 0),
            expected: acked(5, delivering: nil),
            lastSequenceNumber: 5,
            counters: ECPReceiverCounters(received: 2, duplicates: 1, delivered: 1)
        ),
        Row(
            name: "third copy: still a duplicate",
            script: [.receive(S.request(5, 0)), .receive(S.request(5, 0))],
            event: S.request(5, 0),
            expected: acked(5, delivering: nil),
            lastSequenceNumber: 5,
            counters: ECPReceiverCounters(received: 3, duplicates: 2, delivered: 1)
        ),
        Row(
            name: "next sequence number: delivered",
            script: [.receive(S.request(5, 0))],
            event: S.request(6, 1),
            expected: acked(6, delivering: 1),
            lastSequenceNumber: 6,
            counters: ECPReceiverCounters(received: 2, delivered: 2)
        ),
        Row(
            name: "any other sequence number is new (no window, no order)",
            script: [.receive(S.request(5, 0))],
            event: S.request(3, 1),
            expected: acked(3, delivering: 1),
            lastSequenceNumber: 3,
            counters: ECPReceiverCounters(received: 2, delivered: 2)
        ),
        Row(
            name: "acknowledgement frames are ignored: no ack, no state change",
            script: [.receive(S.request(5, 0))],
            event: .acknowledgement(of: 6),
            expected: nil,
            lastSequenceNumber: 5,
            counters: ECPReceiverCounters(received: 1, delivered: 1, ignored: 1)
        ),
        Row(
            name: "PE-CSP request: acked with its subtype, not delivered",
            script: [],
            event: peCSP,
            expected: ECPReceiverResult(
                acknowledgement: .acknowledgement(of: 9, subtype: .portExtenderControlAndStatus),
                delivered: nil
            ),
            lastSequenceNumber: 9,
            counters: ECPReceiverCounters(received: 1)
        ),
        Row(
            name: "VDP request repeating a PE-CSP sequence number: duplicate (one sequence space)",
            script: [.receive(peCSP)],
            event: S.request(9, 0),
            expected: acked(9, delivering: nil),
            lastSequenceNumber: 9,
            counters: ECPReceiverCounters(received: 2, duplicates: 1)
        ),
        Row(
            name: "unknown subtype: dropped without an ack (lldpad)",
            script: [],
            event: ECPDU(
                operation: .request,
                subtype: ECPSubtype(rawValue: 5) ?? .vdp,
                sequenceNumber: 4,
                payload: .opaque([])
            ),
            expected: nil,
            lastSequenceNumber: nil,
            counters: ECPReceiverCounters(ignored: 1)
        ),
        Row(
            name: "version 2: ignored",
            script: [],
            event: ECPDU(
                version: ECPVersion(rawValue: 2) ?? .v1,
                operation: .request,
                sequenceNumber: 4,
                payload: .opaque([])
            ),
            expected: nil,
            lastSequenceNumber: nil,
            counters: ECPReceiverCounters(ignored: 1)
        ),
        Row(
            name: "operation 2: ignored",
            script: [],
            event: ECPDU(operation: ECPOperation(rawValue: 2) ?? .request, sequenceNumber: 4, payload: .opaque([])),
            expected: nil,
            lastSequenceNumber: nil,
            counters: ECPReceiverCounters(ignored: 1)
        ),
        Row(
            name: "after reset(): the same sequence number is new",
            script: [.receive(S.request(5, 0)), .reset],
            event: S.request(5, 0),
            expected: acked(5, delivering: 0),
            lastSequenceNumber: 5,
            counters: ECPReceiverCounters(received: 2, delivered: 2)
        ),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        var machine = ECPReceiver()
        var clock = Instant.zero
        for step in row.script {
            switch step {
            case .receive(let ecpdu):
                clock = clock + .milliseconds(1)
                _ = machine.receive(ecpdu, at: clock)
            case .wait(let duration):
                clock = clock + duration
            case .reset: machine.reset()
            }
        }
        clock = clock + .milliseconds(1)
        let result = machine.receive(row.event, at: clock)
        #expect(result == row.expected)
        #expect(machine.lastSequenceNumber == row.lastSequenceNumber)
        #expect(machine.counters == row.counters)
    }

    @Test func aBridgeLengthHistoryTurnsAReplayIntoADuplicate() {
        var machine = ECPReceiver(duplicateHorizon: .seconds(15))
        _ = machine.receive(S.request(41, 0), at: .zero)
        _ = machine.receive(S.request(42, 1), at: .zero + .seconds(1))
        let replayed = machine.receive(S.request(41, 0), at: .zero + .seconds(12))
        #expect(replayed == Self.acked(41, delivering: nil))
        #expect(machine.lastSequenceNumber == 42)
        let later = machine.receive(S.request(41, 0), at: .zero + .seconds(17))
        #expect(later == Self.acked(41, delivering: 0), "older than the horizon: new (a restarted peer)")
        #expect(machine.counters.duplicates == 1)
    }

    @Test func theHistoryIsBoundedAndCountsWhatItEvicts() {
        var machine = ECPReceiver(duplicateHorizon: .seconds(60))
        // Numbers that do not follow one another each start a run: 70 runs, 6 more than the history keeps.
        for index in 0..<70 {
            _ = machine.receive(S.request(UInt16(index * 3 + 1), 0), at: .zero + .milliseconds(Int64(index)))
        }
        #expect(machine.counters.historyEvictions == 70 - UInt64(ECPReceiver.maximumHistoryRuns))
        #expect(machine.receive(S.request(1, 1), at: .zero + .seconds(1)) == Self.acked(1, delivering: 1), "evicted")
        #expect(machine.receive(S.request(199, 2), at: .zero + .seconds(1)) == Self.acked(199, delivering: nil))
        // A sender numbering one after the other keeps one run per half horizon, far below the bound.
        var sequential = ECPReceiver(duplicateHorizon: .seconds(60))
        for number in UInt16(1)...5_000 {
            _ = sequential.receive(S.request(number, 0), at: .zero + .milliseconds(Int64(number)))
        }
        #expect(sequential.counters.historyEvictions == 0)
        #expect(sequential.counters.delivered == 5_000)
        #expect(sequential.receive(S.request(17, 0), at: .zero + .seconds(6)) == Self.acked(17, delivering: nil))
    }

    @Test func acknowledgementIsEighteenOctetsOnTheWire() throws {
        var machine = ECPReceiver()
        let received = machine.receive(S.request(0x1234, 0), at: .zero)
        let result = try #require(received)
        #expect(result.acknowledgement.encoded() == [0x14, 0x01, 0x12, 0x34])
        #expect(Frame.ecp(result.acknowledgement, from: MACAddress(2, 0, 0, 0, 0xbb, 1)).encodedLength == 18)
    }

    @Test func transmitterAndReceiverInterwork() {
        var transmitter = ECPTransmitter()
        var receiver = ECPReceiver()
        var delivered: [VDPULPDU] = []
        var outcomes: [ECPTransmitterOutput] = []
        for number: UInt8 in 0..<3 {
            _ = transmitter.enqueue(S.ulpdu(number))
        }
        var pending: [ECPTransmitterOutput] = []
        transmitter.advance(to: .zero, into: &pending)
        var dropFirstCopy = true
        var time = Instant.zero
        while !pending.isEmpty {
            let output = pending.removeFirst()
            guard case .send(let ecpdu) = output else {
                outcomes.append(output)
                continue
            }
            if dropFirstCopy {
                // Lose the first transmission of every PDU: the retransmission must carry it.
                dropFirstCopy = false
                time = time + transmitter.ackTimer
                transmitter.advance(to: time, into: &pending)
                continue
            }
            dropFirstCopy = true
            guard let result = receiver.receive(ecpdu, at: .zero) else {
                continue
            }
            if let ulpdu = result.delivered {
                delivered.append(ulpdu)
            }
            transmitter.receiveAcknowledgement(
                sequenceNumber: result.acknowledgement.sequenceNumber,
                at: time,
                into: &pending
            )
        }
        #expect(delivered == [S.ulpdu(0), S.ulpdu(1), S.ulpdu(2)])
        #expect(outcomes == (0..<3).map { .delivered(ECPTransmissionID(rawValue: $0)) })
        #expect(transmitter.counters.retransmitted == 3)
        #expect(receiver.counters.duplicates == 0)
    }
}
