import Testing
import VDPWire

@testable import VDPProtocol

/// The ECP transmitter judges an acknowledgement by when it arrived (the link's receive stamp), not by when the
/// driver got to it, and only ``ECPTransmitter/advance(to:into:)`` runs the ack timer: a port's other inputs send
/// queued ULPDUs (``ECPTransmitter/sendQueued(at:into:)``) but never retransmit. Times in microseconds; the ack timer
/// is 2,560 µs (RTE 8).
@Suite struct ECPAcknowledgementArrivalTests {
    typealias S = ECPTestSupport

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        /// When the acknowledgement arrived; `nil`: the driver does not know (it counts as arriving when handled).
        var arrival: Int64?
        /// When the driver ran the ack timer before it handled the acknowledgement, if it did.
        var timerRunAt: Int64?
        /// When the driver handled the acknowledgement.
        var handledAt: Int64
        var retransmitted: UInt64
        var late: UInt64
        var needless: UInt64
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "in time, handled at once", arrival: 1_000, handledAt: 1_000, retransmitted: 0, late: 0, needless: 0),
        Row(
            name: "in time, handled after the deadline before the timer ran",
            arrival: 2_000,
            handledAt: 4_000,
            retransmitted: 0,
            late: 0,
            needless: 0
        ),
        Row(
            name: "in time, but the timer ran first: a needless retransmission",
            arrival: 2_000,
            timerRunAt: 3_000,
            handledAt: 4_000,
            retransmitted: 1,
            late: 0,
            needless: 1
        ),
        Row(
            name: "at the deadline exactly: in time",
            arrival: 2_560,
            timerRunAt: 2_560,
            handledAt: 2_600,
            retransmitted: 1,
            late: 0,
            needless: 1
        ),
        Row(
            name: "after the deadline, retransmitted: the peer was late",
            arrival: 2_700,
            timerRunAt: 2_600,
            handledAt: 2_800,
            retransmitted: 1,
            late: 1,
            needless: 0
        ),
        Row(
            name: "after the deadline, no timer run",
            arrival: 3_000,
            handledAt: 3_000,
            retransmitted: 0,
            late: 1,
            needless: 0
        ),
        Row(name: "no stamp, handled in time", arrival: nil, handledAt: 2_000, retransmitted: 0, late: 0, needless: 0),
        Row(name: "no stamp, handled late", arrival: nil, handledAt: 3_000, retransmitted: 0, late: 1, needless: 0),
        Row(
            name: "a stamp after the handling counts as the handling",
            arrival: 9_000,
            handledAt: 2_000,
            retransmitted: 0,
            late: 0,
            needless: 0
        ),
    ]

    @Test(arguments: rows)
    func judgedByArrival(_ row: Row) {
        var transmitter = ECPTransmitter(ackTimer: .microseconds(2_560), firstSequenceNumber: 7)
        var output: [ECPTransmitterOutput] = []
        let id = transmitter.enqueue(S.ulpdu(1))
        transmitter.advance(to: S.at(0), into: &output)
        #expect(output == [.send(S.request(7, 1))])
        if let timerRunAt = row.timerRunAt {
            output.removeAll()
            transmitter.advance(to: S.at(timerRunAt), into: &output)
            #expect(output == [.send(S.request(7, 1))])
        }
        output.removeAll()
        transmitter.receiveAcknowledgement(
            sequenceNumber: 7,
            arrivedAt: row.arrival.map(S.at),
            at: S.at(row.handledAt),
            into: &output
        )
        #expect(output == [.delivered(id)])
        #expect(transmitter.isIdle)
        #expect(transmitter.counters.acknowledged == 1)
        #expect(transmitter.counters.retransmitted == row.retransmitted)
        #expect(transmitter.counters.lateAcknowledgements == row.late)
        #expect(transmitter.counters.needlessRetransmissions == row.needless)
    }

    /// The spacing before the next first transmission counts from the acknowledgement's arrival stamp (or its
    /// handling when there is none), never from an earlier first transmission: the peer read the ECPDU before it
    /// acknowledged it, however late this end's frame left. Spacing 3,000 µs; the first ECPDU goes at 0.
    @Test(
        arguments: [
            (arrival: 500, handledAt: 900, nextAt: 3_500),
            (arrival: nil, handledAt: 900, nextAt: 3_900),
            (arrival: 2_900, handledAt: 3_100, nextAt: 5_900),
        ] as [(arrival: Int64?, handledAt: Int64, nextAt: Int64)]
    )
    func spacingCountsFromTheAcknowledgement(arrival: Int64?, handledAt: Int64, nextAt: Int64) {
        var transmitter = ECPTransmitter(
            ackTimer: .microseconds(40_960),
            minimumSpacing: .microseconds(3_000),
            firstSequenceNumber: 7
        )
        var output: [ECPTransmitterOutput] = []
        let first = transmitter.enqueue(S.ulpdu(1))
        _ = transmitter.enqueue(S.ulpdu(2))
        transmitter.advance(to: S.at(0), into: &output)
        output.removeAll()
        transmitter.receiveAcknowledgement(
            sequenceNumber: 7,
            arrivedAt: arrival.map(S.at),
            at: S.at(handledAt),
            into: &output
        )
        #expect(output == [.delivered(first)])
        #expect(transmitter.nextDeadline == S.at(nextAt))
        output.removeAll()
        transmitter.advance(to: S.at(nextAt - 1), into: &output)
        #expect(output.isEmpty)
        transmitter.advance(to: S.at(nextAt), into: &output)
        #expect(output == [.send(S.request(8, 2))])
    }

    /// Past the deadline, `sendQueued` sends nothing while an ECPDU is outstanding; `advance` retransmits.
    @Test(arguments: [2_560, 2_561, 5_000, 1_000_000] as [Int64])
    func onlyAdvanceRetransmits(at microseconds: Int64) {
        var transmitter = ECPTransmitter(ackTimer: .microseconds(2_560), firstSequenceNumber: 3)
        var output: [ECPTransmitterOutput] = []
        _ = transmitter.enqueue(S.ulpdu(1))
        _ = transmitter.enqueue(S.ulpdu(2))
        transmitter.sendQueued(at: S.at(0), into: &output)
        #expect(output == [.send(S.request(3, 1))])
        output.removeAll()
        transmitter.sendQueued(at: S.at(microseconds), into: &output)
        #expect(output.isEmpty)
        #expect(transmitter.counters.retransmitted == 0)
        transmitter.advance(to: S.at(microseconds), into: &output)
        #expect(output == [.send(S.request(3, 1))])
        #expect(transmitter.counters.retransmitted == 1)
    }

    /// A station port that receives a frame after its ECPDU's ack timer has expired does not retransmit: only
    /// `advance` does, which a driver calls after it has handed over every frame that has arrived.
    @Test(arguments: [
        Frame.ecp(.acknowledgement(of: 0x0100), from: TestValues.bridgeMAC),
        Frame.ecp(S.request(0x0200, 9), from: TestValues.bridgeMAC),
    ])
    func aStationPortRetransmitsOnlyWhenAdvanced(_ frame: Frame) throws {
        var port = StationPort(
            configuration: StationPortConfiguration(address: TestValues.stationMAC, firstSequenceNumber: 0x0042)
        )
        var output: [StationOutput] = []
        _ = try port.request(.associate, for: TestValues.descriptor(1), at: S.at(0), into: &output)
        #expect(port.ecpTransmitterCounters.transmitted == 1)
        output.removeAll()
        port.receive(frame, at: S.at(10_000), into: &output)
        #expect(port.ecpTransmitterCounters.retransmitted == 0)
        #expect(!output.contains { if case .send(let sent) = $0 { sent.isRequest } else { false } })
        port.advance(to: S.at(10_000), into: &output)
        #expect(port.ecpTransmitterCounters.retransmitted == 1)
    }
}

extension Frame {
    /// Whether the frame is an ECP request.
    fileprivate var isRequest: Bool {
        if case .ecp(let ecpdu) = payload { ecpdu.operation == .request } else { false }
    }
}
