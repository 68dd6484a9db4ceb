import Testing
import VDPWire

@testable import VDPProtocol

/// A malformed VSI TLV from a peer costs only its own VSI: the other VSIs in the same ECPDU are served, the
/// ECPDU is acknowledged, and VSIs already in the table are untouched.
@Suite struct MalformedInputIsolationTests {
    static let manager = TestValues.managerID

    /// An ECP request from the station carrying `tlvs` octets after a Manager ID TLV.
    static func frame(sequence: UInt16, _ tlvs: [[UInt8]]) -> [UInt8] {
        var bytes = Frame.ecp(.acknowledgement(of: 0), from: TestValues.stationMAC).encoded()
        bytes.removeLast(4)
        bytes += [0x10, 0x01, UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        bytes += [0x0A, 0x10] + manager.octets.octets
        return bytes + tlvs.flatMap { $0 }
    }

    static func associateTLV(_ number: Int) -> [UInt8] {
        let vsi = TestValues.descriptor(number)
        return VDPULPDU(managerID: manager, vsis: [vsi.tlv(.associate, status: .request())]).encoded().dropFirst(18)
            .map { $0 }
    }

    @Test func aMalformedTLVDoesNotCostItsNeighbours() throws {
        var port = BridgePort(configuration: BridgePortConfiguration(address: TestValues.bridgeMAC))
        var output: [BridgeOutput] = []
        // One VSI already in the table.
        let existing = Self.frame(sequence: 1, [Self.associateTLV(9)])
        port.receive(try Frame(decoding: existing, options: .receiving), at: .zero, into: &output)
        for case .decisionRequired(let request) in output {
            port.decide(request.id, .accept, at: .zero, into: &output)
        }
        for case .send(let frame) in output {
            if case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .request {
                port.receive(
                    .ecp(.acknowledgement(of: ecpdu.sequenceNumber), from: TestValues.stationMAC),
                    at: .zero,
                    into: &output
                )
            }
        }
        #expect(port.record(of: TestValues.descriptor(9).vsiID)?.state?.type == .associate)
        output.removeAll()

        // Three VSI TLVs; the second claims two filter entries but carries one.
        var broken = Self.associateTLV(2)
        broken[2 + 24] = 2
        let bytes = Self.frame(sequence: 2, [Self.associateTLV(1), broken, Self.associateTLV(3)])
        #expect(throws: VDPDecodingError.self) { try Frame(decoding: bytes) }
        let frame = try Frame(decoding: bytes, options: .receiving)
        #expect(frame.encoded() == bytes, "a salvaged frame still re-encodes exactly")
        let now = Instant.zero + .seconds(1)
        port.receive(frame, at: now, into: &output)

        let acknowledged = output.contains {
            if case .send(let sent) = $0, case .ecp(let ecpdu) = sent.payload {
                return ecpdu.operation == .acknowledgement && ecpdu.sequenceNumber == 2
            }
            return false
        }
        #expect(acknowledged, "the ECPDU is acknowledged")
        let decided = output.compactMap { item -> VSIID? in
            if case .decisionRequired(let request) = item { request.key.vsiID } else { nil }
        }
        #expect(decided == [TestValues.descriptor(1).vsiID, TestValues.descriptor(3).vsiID])
        let events = output.compactMap { item -> ([MalformedVSITLV], Int)? in
            if case .event(.malformedRequest(_, let records, let total)) = item { (records, total) } else { nil }
        }
        #expect(events.count == 1 && events.first?.1 == 1)
        let malformed = events.first?.0 ?? []
        #expect(malformed.map(\.vsiID) == [TestValues.descriptor(2).vsiID])
        #expect(malformed.first?.error.code == .lengthMismatch)
        #expect(port.record(of: TestValues.descriptor(9).vsiID)?.state?.type == .associate, "untouched")
        #expect(port.record(of: TestValues.descriptor(2).vsiID) == nil)
        #expect(port.counters.malformedULPDUs == 1)
    }

    @Test func aTruncatedTLVEndsTheWalkButKeepsWhatCameBefore() throws {
        let whole = Self.associateTLV(1) + Self.associateTLV(2)
        let bytes = Self.frame(sequence: 5, [Array(whole.dropLast(3))])
        let frame = try Frame(decoding: bytes, options: .receiving)
        guard case .ecp(let ecpdu) = frame.payload, case .salvagedVDP(let salvage) = ecpdu.payload else {
            Issue.record("expected a salvaged payload")
            return
        }
        #expect(salvage.vsiTLVs.map(\.vsiID) == [TestValues.descriptor(1).vsiID])
        #expect(salvage.malformedVSITLVs.isEmpty)
        #expect(salvage.error.code == .truncated)
        #expect(frame.encoded() == bytes)
    }
}
