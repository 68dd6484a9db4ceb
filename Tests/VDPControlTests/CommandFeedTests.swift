import Foundation
import Synchronization
import Testing
import VDPWire

@testable import VDPControl
@testable import VDPLog

/// The pieces of `vdpctl station --commands` and of the JSON members scripts read, without a network.
@Suite struct CommandFeedTests {
    struct LineCase: Sendable, CustomStringConvertible {
        var name: String
        var chunks: [String]
        var lines: [LineReader.Line]
        var description: String { name }
    }

    static let lineCases: [LineCase] = [
        LineCase(name: "whole lines", chunks: ["a\nb\n"], lines: [.text("a"), .text("b")]),
        LineCase(name: "a line split across reads", chunks: ["as", "soc x\n"], lines: [.text("assoc x")]),
        LineCase(name: "an unfinished last line waits", chunks: ["a\nb"], lines: [.text("a")]),
        LineCase(name: "empty lines are lines", chunks: ["a\n\n\n"], lines: [.text("a"), .text(""), .text("")]),
        LineCase(
            name: "a line over the limit is reported once, the next one is read",
            chunks: ["0123456789", "abc\nok\n"],
            lines: [.tooLong, .text("ok")]
        ),
        LineCase(name: "a line of exactly the limit is kept", chunks: ["01234567\n"], lines: [.text("01234567")]),
    ]

    @Test(arguments: lineCases)
    func lineReader(_ testCase: LineCase) {
        var reader = LineReader(maximumLength: 8)
        var lines: [LineReader.Line] = []
        for chunk in testCase.chunks {
            lines += reader.append(ArraySlice(Array(chunk.utf8)))
        }
        #expect(lines == testCase.lines)
    }

    @Test func commandsOptionIsParsed() throws {
        let options = try AgentOptions.parse(["-i", "eth0", "--commands", "/tmp/feed"]).get()
        #expect(options.commandFile == "/tmp/feed")
        #expect(throws: CommandLineError.self) { try AgentOptions.parse(["-i", "eth0", "--commands"]).get() }
    }

    @Test func bridgeRefusesTheStationsCommandsOption() async {
        let result = await AgentCommands.bridge(["-i", "eth0", "--commands", "/tmp/feed"]) { _ in }
        #expect(result.status == .usage)
        #expect(result.standardError.contains("--commands is a station option"))
    }

    @Test func jsonLinesNameTheVSIAndItsVIDs() throws {
        let written = Mutex<[String]>([])
        let output = EventLogOutput(json: true) { text in written.withLock { $0.append(text) } }
        let log = EventLog(output: output)
        let vsiID = VSIID(.ipv4(IPv4Address(10, 77, 1, 2)))
        let filter = try FilterInfo(
            format: .macVID,
            entries: [FilterEntry(mac: MACAddress(2, 0x77, 0, 0, 1, 2), vid: FilterVID(vid: 300))]
        )
        log.line("x", kind: "vsi", fields: EventLog.vsiFields(vsiID, filter))
        log.line("y", kind: "failure", fields: EventLog.vsiFields(vsiID, nil, ended: true))
        output.finish()  // the writer is asynchronous
        let objects = try written.withLock { lines in
            try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }
        #expect(objects.count == 2)
        #expect(objects.first?["vsi"] as? String == "10.77.1.2")
        #expect(objects.first?["vids"] as? [Int] == [300])
        #expect(objects.first?["ended"] == nil)
        #expect(objects.last?["vids"] == nil)
        #expect(objects.last?["ended"] as? Bool == true)
    }

    @Test(arguments: [
        ("mode=assoc  uuid=x\tfilter=1\r", ["mode=assoc", "uuid=x", "filter=1"]),
        ("  lead and trail  ", ["lead", "and", "trail"]),
        ("", []),
        (" \t\r\u{0B}\u{0C}", []),
        ("mgrid=caf\u{E9} x", ["mgrid=caf\u{E9}", "x"]),
    ])
    func feedLinesSplitIntoWordsByOctets(_ line: String, _ words: [String]) {
        #expect(CommandFeed.words(line) == words)
    }

    @Test func textLinesLeaveOutTheJSONFields() {
        let written = Mutex<[String]>([])
        let output = EventLogOutput(json: false) { text in written.withLock { $0.append(text) } }
        let built = Mutex(false)
        EventLog(output: output).line(
            "z",
            kind: "vsi",
            fields: {
                built.withLock { $0 = true }
                return []
            }()
        )
        output.finish()
        #expect(written.withLock { $0 } == ["[vsi] z\n"])
        #expect(!built.withLock { $0 }, "the fields are built only for JSON")
    }
}
