import Foundation
import Testing
import VDPCapture
import VDPControl
import VDPWire

/// Exit statuses and messages of the `vdpctl` command line.
@Suite struct CommandLineTests {
    @Test func noArgumentsIsAUsageError() {
        let result = VDPControlCommand.run(arguments: [])
        #expect(result.status == .usage)
        #expect(result.standardError.contains("usage: vdpctl"))
    }

    @Test func unknownCommandIsAUsageError() {
        let result = VDPControlCommand.run(arguments: ["frobnicate"])
        #expect(result.status == .usage)
        #expect(result.standardError.contains("unknown command 'frobnicate'"))
    }

    @Test func decodeWithoutFileIsAUsageError() {
        #expect(VDPControlCommand.run(arguments: ["decode"]).status == .usage)
        #expect(VDPControlCommand.run(arguments: ["decode", "a", "b"]).status == .usage)
    }

    @Test func missingFileIsUnreadable() {
        let result = VDPControlCommand.run(arguments: ["decode", "/nonexistent/capture.pcap"])
        #expect(result.status == .unreadableFile)
        #expect(result.standardError.contains("/nonexistent/capture.pcap"))
    }

    @Test func helpSucceeds() {
        let result = VDPControlCommand.run(arguments: ["help"])
        #expect(result.status == .success)
        #expect(result.standardOutput.contains("decode FILE"))
    }

    @Test func malformedFramesAreReportedAndCounted() {
        var writer = PcapWriter()
        let good = Frame.ecp(.acknowledgement(of: 7), from: MACAddress(2, 0, 0, 0, 0, 1)).encoded()
        writer.append(frame: good, at: CaptureTimestamp(seconds: 10, nanoseconds: 0))
        writer.append(frame: Array(good.prefix(16)), at: CaptureTimestamp(seconds: 10, nanoseconds: 5_000))
        let packets = (try? CaptureFile.packets(from: writer.bytes)) ?? []
        let text = DecodeCommand(path: "x.pcap", json: false).render(packets, name: "x.pcap")
        #expect(text.status == .malformedInput)
        #expect(text.standardOutput.contains("seq=7"))
        #expect(
            text.standardOutput.contains(
                "   2   0.000005 len=16 ERROR truncated value at offset 16 (field: ecp.sequenceNumber)"
            )
        )
        #expect(text.standardError.contains("1 of 2 frames failed to decode"))

        let json = DecodeCommand(path: "x.pcap", json: true).render(packets, name: "x.pcap")
        #expect(json.status == .malformedInput)
        #expect(
            json.standardOutput.contains(
                "\"error\":{\"code\":\"truncated value\",\"field\":\"ecp.sequenceNumber\",\"offset\":16"
            )
        )
    }

    @Test func aJumboECPDUInACaptureDecodes() throws {
        let source = MACAddress(2, 0, 0, 0, 0, 1)
        let managerID = try #require(VSIManagerID(text: "mgr1"))
        let vsis = (1...200).map { number in
            VSITLV(
                type: .associate,
                status: .request(),
                typeID: VSITypeID(truncating: 1),
                typeVersion: 1,
                vsiID: .uuid(VSIUUID(octets: Octets16(high: 1, low: UInt64(number)))),
                filterInfo: .macVID(source, .null)
            )
        }
        let frame = Frame.ecp(.vdpRequest(sequenceNumber: 3, VDPULPDU(managerID: managerID, vsis: vsis)), from: source)
        #expect(frame.payload.encodedLength > Frame.maximumPayloadLength)
        let packet = CapturedPacket(timestamp: CaptureTimestamp(seconds: 1, nanoseconds: 0), data: frame.encoded())
        let text = DecodeCommand(path: "x.pcap", json: false).render([packet], name: "x.pcap")
        #expect(text.status == .success, "\(text.standardError)")
    }
}
