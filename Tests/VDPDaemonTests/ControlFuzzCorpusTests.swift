import Foundation
import Testing

@testable import VDPDaemon

/// The seed corpus of FuzzControlProtocol, replayed under `swift test`: every request seed parses and round-trips,
/// every server-message seed parses as what its name says and round-trips.
@Suite struct ControlFuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func files(_ folder: String) -> [URL] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { url.appendingPathComponent($0) }
    }

    @Test func seedsParseAndRoundTrip() throws {
        let parser = ControlMessageParser()
        let encoder = ControlMessageEncoder()
        let seeds = Self.files("Fixtures/fuzz-corpus/FuzzControlProtocol")
        #expect(seeds.count >= 20)
        let operations = [
            "response-hello": "hello", "response-list": "list", "response-get": "get",
            "response-lifecycle": "associate", "response-rejected": "associate", "response-null-id": "hello",
        ]
        for seed in seeds {
            let bytes = [UInt8](try Data(contentsOf: seed))
            let name = seed.deletingPathExtension().lastPathComponent
            if name.hasPrefix("request-") {
                let request = try parser.parseRequest(bytes)
                #expect(try parser.parseRequest(try encoder.encode(request).dropLast()) == request, "\(name)")
                continue
            }
            let operation = operations[name]
            let message = try parser.parseServerMessage(bytes) { _ in operation }
            let line: [UInt8]?
            switch message {
            case .response(let response):
                #expect(name.hasPrefix("response-"))
                line = encoder.encode(response)
            case .event(let event):
                #expect(name.hasPrefix("event-"))
                line = encoder.encode(event)
            case .dropped(let count):
                #expect(name == "dropped")
                line = encoder.encodeDropped(count)
            case .unknownEvent:
                Issue.record("\(name) is an unknown event")
                line = nil
            }
            if let line {
                #expect(try parser.parseServerMessage(line.dropLast()) { _ in operation } == message, "\(name)")
            }
        }
    }
}
