import Foundation
import Testing

@testable import VDPLldpad

/// The seed corpus of the `FuzzLldpadNetlink` fuzz target (`FuzzTesting/make-lldpad-netlink-corpus.py`), replayed by
/// `swift test`: every seed is a message lldpad takes, and the parser takes it.
@Suite("libvirt's netlink requests: the fuzz seed corpus")
struct LldpadNetlinkCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-corpus/FuzzLldpadNetlink")

    @Test("every seed parses")
    func seedsParse() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".bin")
        }
        #expect(names.count == 11)
        for name in names.sorted() {
            let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
            let message = try #require(LldpadNetlinkParser.firstMessage(in: bytes), "\(name)")
            #expect(throws: Never.self, "\(name)") { try LldpadNetlinkParser.parse(message) }
            if name.hasPrefix("format2") {
                guard case .setLink(let request) = try LldpadNetlinkParser.parse(message) else {
                    Issue.record("\(name) is not a request")
                    continue
                }
                #expect(request.format == .vsiFilter, "\(name)")
            }
        }
    }
}
