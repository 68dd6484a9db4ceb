import Testing
import VDPWire

@testable import VDPProtocol

/// Replays `Fixtures/lldpad/ecp22-retransmit.pcap`: the station (02:00:00:00:aa:01) sends one request four times
/// (R 3) before the bridge (02:00:00:00:bb:01) acknowledges it.
@Suite struct ECPReplayTests {
    static let station = MACAddress(0x02, 0x00, 0x00, 0x00, 0xAA, 0x01)
    static let bridge = MACAddress(0x02, 0x00, 0x00, 0x00, 0xBB, 0x01)

    @Test func bridgeReceiverMatchesLldpad() throws {
        let frames = try ECPTestSupport.frames("ecp22-retransmit")
        var stationRequests: [ECPDU] = []
        var bridgeAcks: [ECPDU] = []
        for frame in frames {
            guard case .ecp(let ecpdu) = frame.payload else {
                continue
            }
            if frame.header.source == Self.station && ecpdu.operation == .request {
                stationRequests.append(ecpdu)
            } else if frame.header.source == Self.bridge && ecpdu.operation == .acknowledgement {
                bridgeAcks.append(ecpdu)
            }
        }
        #expect(stationRequests.count == 4)
        let bridgeAck = try #require(bridgeAcks.first)
        #expect(bridgeAcks.count == 1)

        var receiver = ECPReceiver()
        var results: [ECPReceiverResult] = []
        for request in stationRequests {
            let result = receiver.receive(request, at: .zero)
            results.append(try #require(result))
        }
        // The first copy is delivered, the three retransmissions are duplicates.
        let expectedULPDU: VDPULPDU
        if case .vdp(let ulpdu) = stationRequests[0].payload {
            expectedULPDU = ulpdu
        } else {
            Issue.record("the station's request carries no VDP ULPDU")
            return
        }
        #expect(results.map(\.delivered) == [expectedULPDU, nil, nil, nil])
        #expect(receiver.counters == ECPReceiverCounters(received: 4, duplicates: 3, delivered: 1))
        // Every acknowledgement equals the bridge's, which lldpad sent as 18 octets without padding.
        for result in results {
            #expect(result.acknowledgement == bridgeAck)
        }
    }

    @Test func stationTransmitterReproducesTheRetransmissions() throws {
        let frames = try ECPTestSupport.frames("ecp22-retransmit")
        let requests = frames.compactMap { frame -> ECPDU? in
            guard frame.header.source == Self.station, case .ecp(let ecpdu) = frame.payload,
                ecpdu.operation == .request
            else { return nil }
            return ecpdu
        }
        guard case .vdp(let ulpdu)? = requests.first?.payload else {
            Issue.record("no station request in the capture")
            return
        }
        // The capture's negotiated values: R 7, RTE 16 (the bridge's policy wins), so 655.36 ms between copies.
        var transmitter = ECPTransmitter(maximumRetries: 7, ackTimer: .microseconds(655_360))
        let id = transmitter.enqueue(ulpdu)
        var output: [ECPTransmitterOutput] = []
        var time = Instant.zero
        for _ in 0..<4 {
            transmitter.advance(to: time, into: &output)
            time = time + .microseconds(655_360)
        }
        transmitter.receiveAcknowledgement(sequenceNumber: 1, at: time, into: &output)
        #expect(output == requests.map { .send($0) } + [.delivered(id)])
    }
}
