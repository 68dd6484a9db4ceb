import Foundation
import Testing
import VDPCapture

/// Where Wireshark's `editcap` is installed, if it is.
let editcapPath: String? = ["/usr/bin/editcap", "/usr/local/bin/editcap", "/opt/homebrew/bin/editcap"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Cross-checks against Wireshark's `editcap`, when it is installed: the fixtures are converted at run time
/// (nothing generated is committed), so these tests are skipped on machines without Wireshark.
@Suite("editcap conversions", .enabled(if: editcapPath != nil, "editcap is not installed"))
struct EditcapTests {
    /// Runs `editcap -F format input output` and returns the output file's bytes.
    static func convert(_ name: String, format: String, extraArguments: [String] = []) throws -> [UInt8] {
        let editcap = try #require(editcapPath)
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("vdpcapture-\(UUID())-\(name).\(format)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: editcap)
        process.arguments = ["-F", format] + extraArguments + [Fixtures.lldpadPath(name), output]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "editcap exited with \(process.terminationStatus)")
        return try CaptureFile.readBytes(atPath: output)
    }

    @Test("pcapng written by editcap reads as the same packets", arguments: Fixtures.lldpadNames)
    func pcapng(name: String) throws {
        let expected = try CaptureFile.packets(atPath: Fixtures.lldpadPath(name))
        let converted = try Self.convert(name, format: "pcapng")
        #expect(Array(converted.prefix(4)) == [0x0A, 0x0D, 0x0D, 0x0A])
        #expect(try CaptureFile.packets(from: converted) == expected)
    }

    @Test("every strict prefix of an editcap pcapng is a block boundary or .truncated")
    func pcapngPrefixes() throws {
        let converted = try Self.convert("vdp22-assoc-vid-only", format: "pcapng")
        let packets = try CaptureFile.packets(from: converted)
        #expect(packets.count == 4)
        for length in 0..<converted.count {
            let prefix = Array(converted.prefix(length))
            do {
                let partial = try CaptureFile.packets(from: prefix)
                #expect(partial == Array(packets.prefix(partial.count)), "prefix \(length)")
            } catch {
                #expect(error.code == .truncated, "prefix \(length): \(error)")
            }
        }
    }

    @Test("nanosecond pcap written by editcap reads as the same packets")
    func nanosecondPcap() throws {
        let name = "vdp22-assoc-mac-vid"
        let expected = try CaptureFile.packets(atPath: Fixtures.lldpadPath(name))
        let converted = try Self.convert(name, format: "nsecpcap")
        #expect(Array(converted.prefix(4)) == [0x4D, 0x3C, 0xB2, 0xA1])
        #expect(try CaptureFile.packets(from: converted) == expected)

        var writer = PcapWriter(nanosecondResolution: true)
        for packet in expected {
            writer.append(packet)
        }
        #expect(writer.bytes == converted)
    }
}
