import Testing
import VDPCapture

@testable import VDPWire

/// Every frame of every lldpad capture decodes, re-encodes to its exact bytes, and every strict prefix of its
/// content (the frame without trailing padding) is rejected with a typed error.
///
/// One exception is deliberate: 802.1AB-2016 made the LLDP End TLV optional, so an LLDP prefix that stops
/// exactly after a whole TLV (past the mandatory three) is a valid LLDPDU. Such a prefix must decode to exactly
/// the TLVs it holds, with no End TLV.
@Suite struct FixtureRoundTripTests {
    @Test func everyLldpadCaptureIsPresent() {
        #expect(Fixtures.lldpadCaptureNames.count >= 19)
    }

    @Test(arguments: Fixtures.lldpadCaptureNames)
    func everyFrameRoundTripsByteForByte(capture: String) throws {
        let packets = try Fixtures.packets(capture)
        #expect(!packets.isEmpty)
        for (index, packet) in packets.enumerated() {
            let frame = try Frame(decoding: packet.data)
            #expect(frame.encoded() == packet.data, "\(capture) frame \(index + 1) does not re-encode exactly")
            #expect(frame.encodedLength == packet.data.count)
            if case .other = frame.payload {
                Issue.record("\(capture) frame \(index + 1) was not recognised as LLDP or ECP")
            }
        }
    }

    @Test(arguments: Fixtures.lldpadCaptureNames)
    func everyStrictPrefixIsRejected(capture: String) throws {
        for (index, packet) in try Fixtures.packets(capture).enumerated() {
            let frame = try Frame(decoding: packet.data)
            let contentLength = packet.data.count - frame.paddingLength
            for length in 0..<contentLength {
                let prefix = Array(packet.data.prefix(length))
                do {
                    let decoded = try Frame(decoding: prefix)
                    guard case .lldp(let lldpdu) = decoded.payload, !lldpdu.end.hasEndTLV else {
                        Issue.record("\(capture) frame \(index + 1): prefix of \(length) octets was accepted")
                        continue
                    }
                    #expect(decoded.encoded() == prefix)
                } catch {
                    // Rejected, as required.
                }
            }
        }
    }

    @Test(arguments: Fixtures.adversarialCaptureNames)
    func adversarialFramesAreRejected(capture: String) throws {
        let packets = try Fixtures.packets(capture, in: "adversarial")
        #expect(!packets.isEmpty)
        var rejected = 0
        for packet in packets {
            do {
                let frame = try Frame(decoding: packet.data)
                // The only frame allowed through is a well-formed acknowledgement, which must round-trip.
                guard case .ecp(let ecpdu) = frame.payload, ecpdu.operation == .acknowledgement else {
                    Issue.record("\(capture): a malformed frame was accepted: \(frame)")
                    continue
                }
                #expect(frame.encoded() == packet.data)
            } catch {
                rejected += 1
            }
        }
        #expect(rejected >= 1, "\(capture): no frame was rejected")
    }

    @Test func adversarialFramesFailWithTheExpectedErrors() throws {
        let truncated = try Fixtures.packets("ecp-ack-then-truncated-request", in: "adversarial")
        #expect(truncated.count == 2)
        let ack = try Frame(decoding: truncated[0].data)
        guard case .ecp(let ecpdu) = ack.payload else {
            Issue.record("first frame is not ECP")
            return
        }
        #expect(ecpdu.operation == .acknowledgement)
        #expect(ecpdu.sequenceNumber == 0x4242)
        expectDecodingError(.truncated, .ecpSequenceNumber, at: 16) {
            _ = try Frame(decoding: truncated[1].data)
        }

        let oversize = try Fixtures.packets("ecp-oversize-1600", in: "adversarial")
        expectDecodingError(.tooLong, .ethernetPayload, at: 14) {
            _ = try Frame(decoding: oversize[0].data)
        }

        let headerOnly = try Fixtures.packets("ecp-header-only-14", in: "adversarial")
        expectDecodingError(.truncated, .ecpHeader, at: 14) {
            _ = try Frame(decoding: headerOnly[0].data)
        }
    }
}
