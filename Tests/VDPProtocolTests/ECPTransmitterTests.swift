import Testing
import VDPWire

@testable import VDPProtocol

/// The ECP transmit machine, transition by transition (WIRE.md §2.2–2.3), with an injected clock in microseconds.
@Suite struct ECPTransmitterTests {
    typealias S = ECPTestSupport

    /// Constructor arguments of the machine under test.
    struct Setup: Sendable {
        var maximumRetries: UInt8 = 3
        var ackTimer: Duration = .microseconds(2560)
        var minimumSpacing: Duration = .zero
        var firstSequenceNumber: UInt16 = 1

        func make() -> ECPTransmitter {
            ECPTransmitter(
                maximumRetries: maximumRetries,
                ackTimer: ackTimer,
                minimumSpacing: minimumSpacing,
                firstSequenceNumber: firstSequenceNumber
            )
        }
    }

    /// One input; times are microseconds from `.zero`.
    enum Step: Sendable {
        case enqueue(UInt8)
        case ack(UInt16, at: Int64)
        case advance(at: Int64)
        case update(retries: UInt8, ackMicroseconds: Int64)
        case reset
    }

    /// Everything an input produces, in order.
    enum Observed: Hashable, Sendable {
        case enqueued(UInt64)
        case output(ECPTransmitterOutput)
        case dropped(UInt64)
    }

    /// What the machine looks like after the event.
    struct Summary: Hashable, Sendable {
        var isIdle: Bool
        var queued: Int
        var deadline: Instant?
        var counters: ECPTransmitterCounters
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var setup = Setup()
        var script: [Step]
        var event: Step
        var expected: [Observed]
        var summary: Summary
        var testDescription: String { name }
    }

    static func send(_ sequenceNumber: UInt16, _ number: UInt8) -> Observed {
        .output(.send(S.request(sequenceNumber, number)))
    }

    static func delivered(_ id: UInt64) -> Observed {
        .output(.delivered(ECPTransmissionID(rawValue: id)))
    }

    static func failed(_ id: UInt64) -> Observed {
        .output(.failed(ECPTransmissionID(rawValue: id)))
    }

    static func counters(
        tx: UInt64 = 0,
        retx: UInt64 = 0,
        acked: UInt64 = 0,
        failed: UInt64 = 0,
        unexpected: UInt64 = 0,
        late: UInt64 = 0
    ) -> ECPTransmitterCounters {
        ECPTransmitterCounters(
            transmitted: tx,
            retransmitted: retx,
            acknowledged: acked,
            failed: failed,
            unexpectedAcknowledgements: unexpected,
            lateAcknowledgements: late
        )
    }

    static let immediately = Instant(nanoseconds: .min)

    static let rows: [Row] = [
        Row(
            name: "idle + enqueue: queued, due immediately, nothing sent",
            script: [],
            event: .enqueue(0),
            expected: [.enqueued(0)],
            summary: Summary(isIdle: true, queued: 1, deadline: immediately, counters: counters())
        ),
        Row(
            name: "idle + queue + advance: send seq 1, ack timer armed",
            script: [.enqueue(0)],
            event: .advance(at: 0),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2560), counters: counters(tx: 1))
        ),
        Row(
            name: "idle + empty queue + advance: nothing",
            script: [],
            event: .advance(at: 0),
            expected: [],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters())
        ),
        Row(
            name: "waiting + enqueue: queued behind the outstanding PDU",
            script: [.enqueue(0), .advance(at: 0)],
            event: .enqueue(1),
            expected: [.enqueued(1)],
            summary: Summary(isIdle: false, queued: 1, deadline: S.at(2560), counters: counters(tx: 1))
        ),
        Row(
            name: "ack of the outstanding PDU: delivered and the next sent in the same call",
            script: [.enqueue(0), .enqueue(1), .advance(at: 0)],
            event: .ack(1, at: 100),
            expected: [delivered(0), send(2, 1)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2660), counters: counters(tx: 2, acked: 1))
        ),
        Row(
            name: "ack with an empty queue: delivered, idle",
            script: [.enqueue(0), .advance(at: 0)],
            event: .ack(1, at: 100),
            expected: [delivered(0)],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(tx: 1, acked: 1))
        ),
        Row(
            name: "ack after the timer expired but before advance: still delivered, counted late",
            script: [.enqueue(0), .advance(at: 0)],
            event: .ack(1, at: 9000),
            expected: [delivered(0)],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(tx: 1, acked: 1, late: 1))
        ),
        Row(
            name: "ack of another sequence number: ignored and counted",
            script: [.enqueue(0), .advance(at: 0)],
            event: .ack(7, at: 100),
            expected: [],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2560), counters: counters(tx: 1, unexpected: 1))
        ),
        Row(
            name: "ack while idle: ignored and counted",
            script: [],
            event: .ack(1, at: 100),
            expected: [],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(unexpected: 1))
        ),
        Row(
            name: "second ack of an acknowledged PDU: ignored",
            script: [.enqueue(0), .enqueue(1), .advance(at: 0), .ack(1, at: 100)],
            event: .ack(1, at: 200),
            expected: [],
            summary: Summary(
                isIdle: false,
                queued: 0,
                deadline: S.at(2660),
                counters: counters(tx: 2, acked: 1, unexpected: 1)
            )
        ),
        Row(
            name: "advance before the ack timer: nothing",
            script: [.enqueue(0), .advance(at: 0)],
            event: .advance(at: 2559),
            expected: [],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2560), counters: counters(tx: 1))
        ),
        Row(
            name: "ack timer expiry: retransmit the same sequence number, timer re-armed from now",
            script: [.enqueue(0), .advance(at: 0)],
            event: .advance(at: 2600),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(5160), counters: counters(tx: 2, retx: 1))
        ),
        Row(
            name: "retransmission does not release the queue",
            script: [.enqueue(0), .enqueue(1), .advance(at: 0)],
            event: .advance(at: 2560),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 1, deadline: S.at(5120), counters: counters(tx: 2, retx: 1))
        ),
        Row(
            name: "R = 3: the 4th transmission (3rd retransmission)",
            script: [.enqueue(0), .advance(at: 0), .advance(at: 2560), .advance(at: 5120)],
            event: .advance(at: 7680),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(10240), counters: counters(tx: 4, retx: 3))
        ),
        Row(
            name: "R = 3: expiry after 1 + R transmissions fails; the next PDU uses seq + 1",
            script: [
                .enqueue(0), .enqueue(1), .advance(at: 0), .advance(at: 2560), .advance(at: 5120), .advance(at: 7680),
            ],
            event: .advance(at: 10240),
            expected: [failed(0), send(2, 1)],
            summary: Summary(
                isIdle: false,
                queued: 0,
                deadline: S.at(12800),
                counters: counters(tx: 5, retx: 3, failed: 1)
            )
        ),
        Row(
            name: "R = 3: ack of the last retransmission still delivers",
            script: [.enqueue(0), .advance(at: 0), .advance(at: 2560), .advance(at: 5120), .advance(at: 7680)],
            event: .ack(1, at: 10000),
            expected: [delivered(0)],
            summary: Summary(
                isIdle: true,
                queued: 0,
                deadline: nil,
                counters: counters(tx: 4, retx: 3, acked: 1, late: 1)
            )
        ),
        Row(
            name: "ack of a failed PDU's sequence number: ignored",
            script: [
                .enqueue(0), .advance(at: 0), .advance(at: 2560), .advance(at: 5120), .advance(at: 7680),
                .advance(at: 10240),
            ],
            event: .ack(1, at: 10300),
            expected: [],
            summary: Summary(
                isIdle: true,
                queued: 0,
                deadline: nil,
                counters: counters(tx: 4, retx: 3, failed: 1, unexpected: 1)
            )
        ),
        Row(
            name: "R = 0: one transmission, the first expiry fails",
            setup: Setup(maximumRetries: 0),
            script: [.enqueue(0), .advance(at: 0)],
            event: .advance(at: 2560),
            expected: [failed(0)],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(tx: 1, failed: 1))
        ),
        Row(
            name: "R = 0: after a failure the next PDU goes out with seq + 1",
            setup: Setup(maximumRetries: 0),
            script: [.enqueue(0), .advance(at: 0), .advance(at: 2560), .enqueue(1)],
            event: .advance(at: 3000),
            expected: [send(2, 1)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(5560), counters: counters(tx: 2, failed: 1))
        ),
        Row(
            name: "sequence wrap: 0xFFFF is followed by 1, never 0",
            setup: Setup(firstSequenceNumber: 0xFFFF),
            script: [.enqueue(0), .enqueue(1), .advance(at: 0)],
            event: .ack(0xFFFF, at: 10),
            expected: [delivered(0), send(1, 1)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2570), counters: counters(tx: 2, acked: 1))
        ),
        Row(
            name: "first sequence number 0 is replaced by 1",
            setup: Setup(firstSequenceNumber: 0),
            script: [.enqueue(0)],
            event: .advance(at: 0),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2560), counters: counters(tx: 1))
        ),
        Row(
            name: "minimumSpacing: an ack does not release the next PDU before the spacing",
            setup: Setup(minimumSpacing: .microseconds(10000)),
            script: [.enqueue(0), .enqueue(1), .advance(at: 0)],
            event: .ack(1, at: 100),
            expected: [delivered(0)],
            summary: Summary(isIdle: true, queued: 1, deadline: S.at(10100), counters: counters(tx: 1, acked: 1))
        ),
        Row(
            name: "minimumSpacing: advance before the spacing from the ack sends nothing",
            setup: Setup(minimumSpacing: .microseconds(10000)),
            script: [.enqueue(0), .enqueue(1), .advance(at: 0), .ack(1, at: 100)],
            event: .advance(at: 10099),
            expected: [],
            summary: Summary(isIdle: true, queued: 1, deadline: S.at(10100), counters: counters(tx: 1, acked: 1))
        ),
        Row(
            name: "minimumSpacing: advance at the spacing from the ack sends the next PDU",
            setup: Setup(minimumSpacing: .microseconds(10000)),
            script: [.enqueue(0), .enqueue(1), .advance(at: 0), .ack(1, at: 100)],
            event: .advance(at: 10100),
            expected: [send(2, 1)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(12660), counters: counters(tx: 2, acked: 1))
        ),
        Row(
            name: "minimumSpacing: an ack after the spacing from the first transmission still waits the spacing",
            setup: Setup(minimumSpacing: .microseconds(1000)),
            script: [.enqueue(0), .enqueue(1), .advance(at: 0)],
            event: .ack(1, at: 1500),
            expected: [delivered(0)],
            summary: Summary(isIdle: true, queued: 1, deadline: S.at(2500), counters: counters(tx: 1, acked: 1))
        ),
        Row(
            name: "minimumSpacing: counted from the failure of a PDU that ran out of retries",
            setup: Setup(maximumRetries: 0, minimumSpacing: .microseconds(1000)),
            script: [.enqueue(0), .enqueue(1), .advance(at: 0)],
            event: .advance(at: 2560),
            expected: [failed(0)],
            summary: Summary(isIdle: true, queued: 1, deadline: S.at(3560), counters: counters(tx: 1, failed: 1))
        ),
        Row(
            name: "update(): the armed timer keeps its deadline",
            script: [.enqueue(0), .advance(at: 0)],
            event: .update(retries: 3, ackMicroseconds: 5000),
            expected: [],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2560), counters: counters(tx: 1))
        ),
        Row(
            name: "update(): the new ack timer applies to the retransmission",
            script: [.enqueue(0), .advance(at: 0), .update(retries: 3, ackMicroseconds: 5000)],
            event: .advance(at: 2560),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(7560), counters: counters(tx: 2, retx: 1))
        ),
        Row(
            name: "update(): the new ack timer applies to the next first transmission",
            script: [.enqueue(0), .update(retries: 3, ackMicroseconds: 163_840)],
            event: .advance(at: 0),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(163_840), counters: counters(tx: 1))
        ),
        Row(
            name: "update(): a lower R fails at the next expiry",
            script: [.enqueue(0), .advance(at: 0), .advance(at: 2560), .update(retries: 1, ackMicroseconds: 2560)],
            event: .advance(at: 5120),
            expected: [failed(0)],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(tx: 2, retx: 1, failed: 1))
        ),
        Row(
            name: "update(): a higher R allows more retransmissions",
            setup: Setup(maximumRetries: 0),
            script: [.enqueue(0), .advance(at: 0), .update(retries: 2, ackMicroseconds: 2560)],
            event: .advance(at: 2560),
            expected: [send(1, 0)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(5120), counters: counters(tx: 2, retx: 1))
        ),
        Row(
            name: "reset(): returns the outstanding and queued identifiers in order, idle",
            script: [.enqueue(0), .enqueue(1), .enqueue(2), .advance(at: 0)],
            event: .reset,
            expected: [.dropped(0), .dropped(1), .dropped(2)],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(tx: 1))
        ),
        Row(
            name: "reset() when idle and empty: nothing",
            script: [],
            event: .reset,
            expected: [],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters())
        ),
        Row(
            name: "after reset(): sequence numbers carry on, identifiers keep growing",
            script: [.enqueue(0), .advance(at: 0), .reset, .enqueue(1)],
            event: .advance(at: 100),
            expected: [send(2, 1)],
            summary: Summary(isIdle: false, queued: 0, deadline: S.at(2660), counters: counters(tx: 2))
        ),
        Row(
            name: "after reset(): an ack of the dropped PDU is ignored",
            script: [.enqueue(0), .advance(at: 0), .reset],
            event: .ack(1, at: 100),
            expected: [],
            summary: Summary(isIdle: true, queued: 0, deadline: nil, counters: counters(tx: 1, unexpected: 1))
        ),
    ]

    /// Runs one step, returning what it produced.
    static func run(_ step: Step, on machine: inout ECPTransmitter) -> [Observed] {
        var output: [ECPTransmitterOutput] = []
        switch step {
        case .enqueue(let number):
            return [.enqueued(machine.enqueue(S.ulpdu(number)).rawValue)]
        case .ack(let sequenceNumber, let time):
            machine.receiveAcknowledgement(sequenceNumber: sequenceNumber, at: S.at(time), into: &output)
        case .advance(let time):
            machine.advance(to: S.at(time), into: &output)
        case .update(let retries, let ack):
            machine.update(maximumRetries: retries, ackTimer: .microseconds(ack))
        case .reset:
            return machine.reset().map { .dropped($0.rawValue) }
        }
        return output.map(Observed.output)
    }

    @Test(arguments: rows)
    func transition(_ row: Row) {
        var machine = row.setup.make()
        for step in row.script {
            _ = Self.run(step, on: &machine)
        }
        let observed = Self.run(row.event, on: &machine)
        #expect(observed == row.expected)
        let summary = Summary(
            isIdle: machine.isIdle,
            queued: machine.queuedCount,
            deadline: machine.nextDeadline,
            counters: machine.counters
        )
        #expect(summary == row.summary)

        // advance(to:) is idempotent: a second call at the same instant changes nothing.
        if case .advance(let time) = row.event {
            let before = machine
            var output: [ECPTransmitterOutput] = []
            machine.advance(to: S.at(time), into: &output)
            #expect(output.isEmpty)
            #expect(machine == before)
        }
    }

    @Test func retransmissionsAreByteIdentical() {
        var machine = ECPTransmitter()
        _ = machine.enqueue(S.ulpdu(42))
        var output: [ECPTransmitterOutput] = []
        for time: Int64 in [0, 2560, 5120, 7680] {
            machine.advance(to: S.at(time), into: &output)
        }
        let sent = output.compactMap { output -> [UInt8]? in
            guard case .send(let ecpdu) = output else { return nil }
            return ecpdu.encoded()
        }
        #expect(sent.count == 4)
        #expect(Set(sent).count == 1)
        #expect(sent.first.map { Array($0.prefix(4)) } == [0x10, 0x01, 0x00, 0x01])
    }

    @Test func sequenceNumbersIncreaseByOnePerULPDU() {
        var machine = ECPTransmitter(firstSequenceNumber: 0xFFFD)
        var sequenceNumbers: [UInt16] = []
        for number in 0..<5 {
            _ = machine.enqueue(S.ulpdu(UInt8(number)))
        }
        var output: [ECPTransmitterOutput] = []
        machine.advance(to: .zero, into: &output)
        while case .send(let ecpdu)? = output.last {
            sequenceNumbers.append(ecpdu.sequenceNumber)
            output.removeAll()
            machine.receiveAcknowledgement(sequenceNumber: ecpdu.sequenceNumber, at: .zero, into: &output)
        }
        #expect(sequenceNumbers == [0xFFFD, 0xFFFE, 0xFFFF, 1, 2])
        #expect(machine.counters.acknowledged == 5)
        #expect(machine.isIdle)
    }

    @Test func identifiersAreOrderedByEnqueue() {
        var machine = ECPTransmitter()
        let first = machine.enqueue(S.ulpdu(0))
        let second = machine.enqueue(S.ulpdu(1))
        #expect(first < second)
        #expect(first == ECPTransmissionID(rawValue: 0))
        #expect(second.description == "#1")
    }

    @Test func zeroAckTimerStillMakesProgress() {
        var machine = ECPTransmitter(maximumRetries: 1, ackTimer: .zero)
        _ = machine.enqueue(S.ulpdu(0))
        var output: [ECPTransmitterOutput] = []
        machine.advance(to: .zero, into: &output)
        machine.advance(to: .zero, into: &output)
        #expect(output.count == 1)
        #expect(machine.nextDeadline == Instant(nanoseconds: 1))
    }

    /// The TLV array of an acknowledged ULPDU comes back once, for the port to build its next ULPDU in; a ULPDU
    /// that is not acknowledged (it failed) gives nothing back.
    @Test func anAcknowledgedULPDUsStorageIsHandedBackOnce() {
        var machine = ECPTransmitter(maximumRetries: 0, ackTimer: .microseconds(10))
        var output: [ECPTransmitterOutput] = []
        #expect(machine.takeSpareTLVStorage().isEmpty)
        _ = machine.enqueue(S.ulpdu(7))
        machine.advance(to: .zero, into: &output)
        machine.receiveAcknowledgement(sequenceNumber: 1, at: .zero, into: &output)
        let spare = machine.takeSpareTLVStorage()
        #expect(spare == S.ulpdu(7).tlvs)
        #expect(spare.capacity >= 1)
        #expect(machine.takeSpareTLVStorage().isEmpty)

        _ = machine.enqueue(S.ulpdu(8))
        machine.advance(to: .zero + .microseconds(100), into: &output)
        machine.advance(to: .zero + .microseconds(200), into: &output)
        #expect(output.contains(.failed(ECPTransmissionID(rawValue: 1))))
        #expect(machine.takeSpareTLVStorage().isEmpty)
    }
}
