import Testing
import VDPWire

@testable import VDPProtocol

/// A port's `receive` is its `acknowledge` then its `deliver`: the ECP half answers a request with its
/// acknowledgement alone and hands back the VDP content, so a driver can send the acknowledgements of a whole batch
/// of frames before their VDP work; the VDP half then produces what `receive` would have produced after the
/// acknowledgement.
@Suite struct AcknowledgeThenDeliverTests {
    static let station = TestValues.stationMAC
    static let bridge = TestValues.bridgeMAC
    static let manager = TestValues.managerID

    static func request(_ numbers: [Int], sequence: UInt16, from source: MACAddress = station) -> Frame {
        let tlvs = numbers.map { TestValues.descriptor($0).tlv(.associate, status: .request()) }
        return .ecp(.vdpRequest(sequenceNumber: sequence, VDPULPDU(managerID: manager, vsis: tlvs)), from: source)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        /// Frames the bridge port has received before.
        var before: [Frame] = []
        var frame: Frame
        /// Whether the ECP half outputs exactly one acknowledgement.
        var acknowledged: Bool
        /// Whether VDP work is left for `deliver`.
        var delivers: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "a new request of two VSIs",
            frame: request([1, 2], sequence: 5),
            acknowledged: true,
            delivers: true
        ),
        Row(
            name: "a duplicate",
            before: [request([1, 2], sequence: 5)],
            frame: request([1, 2], sequence: 5),
            acknowledged: true,
            delivers: false
        ),
        Row(
            name: "the next request of a known station",
            before: [request([1], sequence: 5)],
            frame: request([2], sequence: 6),
            acknowledged: true,
            delivers: true
        ),
        Row(
            name: "a request without a Manager ID",
            frame: .ecp(.vdpRequest(sequenceNumber: 9, VDPULPDU(tlvs: [])), from: station),
            acknowledged: true,
            delivers: false
        ),
        Row(
            name: "an acknowledgement from an unknown station",
            frame: .ecp(.acknowledgement(of: 3), from: station),
            acknowledged: false,
            delivers: false
        ),
        Row(
            name: "a request from a group address",
            frame: request([1], sequence: 5, from: .nearestCustomerBridge),
            acknowledged: false,
            delivers: false
        ),
    ]

    @Test(arguments: rows)
    func bridgePort(_ row: Row) {
        var whole = BridgePort(configuration: BridgePortConfiguration(address: Self.bridge, firstSequenceNumber: 1))
        var ignored: [BridgeOutput] = []
        for frame in row.before {
            whole.receive(frame, at: .zero, into: &ignored)
        }
        var halves = whole
        let now = Instant.zero + .milliseconds(1)

        var expected: [BridgeOutput] = []
        whole.receive(row.frame, at: now, into: &expected)

        var first: [BridgeOutput] = []
        let delivery = halves.acknowledge(row.frame, arrivedAt: .zero, at: now, into: &first)
        #expect((delivery != nil) == row.delivers)
        if row.acknowledged {
            #expect(first.count == 1)
            #expect(first.first.flatMap(Self.acknowledgement) == Self.sequenceNumber(of: row.frame))
        } else {
            #expect(first.isEmpty)
        }
        var second: [BridgeOutput] = []
        if let delivery {
            halves.deliver(delivery, at: now, into: &second)
            #expect(!second.isEmpty, "the VDP work produced nothing")
        }
        #expect(first + second == expected)
        #expect(halves.counters == whole.counters)
        #expect(Set(halves.records.map(\.key)) == Set(whole.records.map(\.key)))
    }

    @Test(arguments: [
        (request([1], sequence: 0x0700, from: bridge), true),
        (request([1], sequence: 0x0700, from: bridge), false),
    ])
    func stationPort(_ frame: Frame, duplicate: Bool) throws {
        var whole = StationPort(configuration: StationPortConfiguration(address: Self.station, firstSequenceNumber: 1))
        var ignored: [StationOutput] = []
        _ = try whole.request(.associate, for: TestValues.descriptor(1), at: .zero, into: &ignored)
        if duplicate {
            whole.receive(frame, at: .zero, into: &ignored)
        }
        var halves = whole
        let now = Instant.zero + .milliseconds(1)
        var expected: [StationOutput] = []
        whole.receive(frame, at: now, into: &expected)
        var first: [StationOutput] = []
        let delivery = halves.acknowledge(frame, arrivedAt: .zero, at: now, into: &first)
        #expect((delivery == nil) == duplicate)
        #expect(first.count == 1)
        var second: [StationOutput] = []
        if let delivery {
            halves.deliver(delivery, at: now, into: &second)
        }
        #expect(first + second == expected)
        #expect(halves.counters == whole.counters)
    }

    static func acknowledgement(_ output: BridgeOutput) -> UInt16? {
        guard case .send(let frame) = output, case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .acknowledgement
        else {
            return nil
        }
        return ecpdu.sequenceNumber
    }

    static func sequenceNumber(of frame: Frame) -> UInt16? {
        if case .ecp(let ecpdu) = frame.payload { ecpdu.sequenceNumber } else { nil }
    }
}
