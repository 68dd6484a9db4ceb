import Foundation
import Testing
import VDPCapture

@Suite("CaptureFile I/O")
struct CaptureFileIOTests {
    @Test("a missing file is an .io error naming errno")
    func missingFile() {
        let error = #expect(throws: CaptureError.self) {
            try CaptureFile.readBytes(atPath: "/nonexistent/vdp-capture-\(UInt64.random(in: 0...UInt64.max)).pcap")
        }
        #expect(error?.code == .io)
        #expect(error?.detail.contains("No such file") == true)
    }

    @Test("write then read gives the same bytes and packets")
    func writeAndRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vdpcapture-\(UUID()).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try Fixtures.lldpadBytes("vdp22-perf-assoc-100")
        #expect(original.count > 64 * 1024 / 4)
        try CaptureFile.write(original, toPath: path)
        #expect(try CaptureFile.readBytes(atPath: path) == original)
        #expect(try CaptureFile.packets(atPath: path).count == 504)

        try CaptureFile.write([], toPath: path)
        #expect(try CaptureFile.readBytes(atPath: path) == [])
    }

    @Test("reads files larger than one read chunk")
    func largeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vdpcapture-\(UUID()).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try CaptureFile.write(bytes, toPath: path)
        #expect(try CaptureFile.readBytes(atPath: path) == bytes)
    }

    @Test("writing into a missing directory is an .io error")
    func unwritable() {
        let error = #expect(throws: CaptureError.self) {
            try CaptureFile.write([1, 2, 3], toPath: "/nonexistent-dir-vdpcapture/out.pcap")
        }
        #expect(error?.code == .io)
    }
}
