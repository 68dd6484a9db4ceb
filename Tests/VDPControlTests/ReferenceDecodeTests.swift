import Foundation
import Testing
import VDPCapture
import VDPControl
import VDPWire

/// Every lldpad capture decodes to exactly the text of its reference decode (`X.decode.txt`): every field of
/// every frame, including the ones Wireshark 4.0 gets wrong (entry count, PS/PCP masks, Pre-Associate
/// bodies, GroupID formats, the Manager ID as text).
@Suite struct ReferenceDecodeTests {
    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 {
            url.deleteLastPathComponent()
        }
        return url.path + "/Fixtures/lldpad"
    }()

    static let captures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []
        return names.filter { $0.hasSuffix(".decode.txt") }.map { String($0.dropLast(".decode.txt".count)) }.sorted()
    }()

    @Test func everyCaptureHasAReferenceDecode() {
        #expect(Self.captures.count >= 19)
    }

    @Test(arguments: captures)
    func decodeMatchesTheReferenceLineByLine(capture: String) throws {
        let expected = try String(contentsOfFile: Self.fixtures + "/" + capture + ".decode.txt", encoding: .utf8)
        let result = DecodeCommand(path: Self.fixtures + "/" + capture + ".pcap", json: false).run()
        #expect(result.status == .success)
        #expect(result.standardError.isEmpty)
        let actualLines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(actualLines.count == expectedLines.count)
        for (number, (actual, wanted)) in zip(actualLines, expectedLines).enumerated() where actual != wanted {
            Issue.record("\(capture).decode.txt line \(number + 1):\n  expected: \(wanted)\n  actual:   \(actual)")
        }
    }

    @Test(arguments: captures)
    func jsonFormIsValidAndComplete(capture: String) throws {
        let result = DecodeCommand(path: Self.fixtures + "/" + capture + ".pcap", json: true).run()
        #expect(result.status == .success)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let object = try #require(document as? [String: Any])
        let frames = try #require(object["frames"] as? [[String: Any]])
        let packets = try CaptureFile.packets(atPath: Self.fixtures + "/" + capture + ".pcap")
        #expect(frames.count == packets.count)
        #expect(object["failures"] as? Int == 0)
        #expect(frames.allSatisfy { $0["frame"] != nil && $0["error"] == nil })
    }

    @Test func jsonCarriesTypedVSIFields() throws {
        let result = DecodeCommand(path: Self.fixtures + "/vdp22-null-vid-bridge-assigns.pcap", json: true).run()
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        )
        let frames = try #require(document["frames"] as? [[String: Any]])
        let frame = try #require(frames[10]["frame"] as? [String: Any])
        let payload = try #require(frame["payload"] as? [String: Any])
        let ecp = try #require(payload["ecp"] as? [String: Any])
        let vdp = try #require(ecp["vdp"] as? [String: Any])
        let tlvs = try #require(vdp["tlvs"] as? [[String: Any]])
        #expect(tlvs.count == 2)
        #expect(tlvs[0]["managerID"] as? String == "mgr1")
        #expect(tlvs[1]["typeID"] as? Int == 208)
        #expect(tlvs[1]["entryCount"] as? Int == 2)
        let entries = try #require(tlvs[1]["entries"] as? [[String: Any]])
        #expect(entries[0]["groupID"] as? Int == 3000)
        #expect(entries[0]["vnID"] as? Int == 3000)
        #expect(entries[0]["ps"] as? Bool == true)
        #expect(entries[0]["pcp"] as? Int == 3)
        #expect(entries[0]["vid"] as? Int == 3000)
        let status = try #require(tlvs[1]["status"] as? [String: Any])
        #expect(status["response"] as? Bool == true)
        #expect(status["error"] as? Int == 0)
    }
}
