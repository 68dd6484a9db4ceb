import Foundation
import Testing
import VDPAgent
import VDPProtocol
import VDPTypeDatabase
import VDPWire

/// `Docs/TYPE-DATABASE.md` shows only code that compiles: its Swift block appears, line for line, in
/// ``EmbeddingSnippet/embed(configuration:evb:link:fileBytes:newBytes:)`` (indentation aside).
@Suite struct EmbeddingSnippetTests {
    @Test func theGuidesBlockIsCompiled() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let guide = try String(contentsOf: root.appending(path: "Docs/TYPE-DATABASE.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let trimmed = { (lines: [Substring]) in
            lines.map { String($0.drop { $0 == " " }) }.filter { !$0.isEmpty }
        }
        let parts = guide.components(separatedBy: "```swift\n")
        try #require(parts.count == 2, "one Swift block in the guide")
        let block = trimmed(parts[1].components(separatedBy: "```")[0].split(separator: "\n"))
        let compiled = trimmed(source.split(separator: "\n"))
        let found = compiled.indices.contains { start in
            start + block.count <= compiled.count && Array(compiled[start..<start + block.count]) == block
        }
        #expect(found, "the guide's block is not in EmbeddingSnippet")
    }
}

/// The guide's block, compiled.
enum EmbeddingSnippet {
    static func embed(
        configuration: BridgePortConfiguration,
        evb: EVBConfiguration,
        link: any FrameLink,
        fileBytes: [UInt8],
        newBytes: [UInt8]
    ) async throws {
        let policy = VSITypePolicy(database: try VSITypeDatabase.parse(fileBytes))
        let bridge = BridgeAgent(configuration: configuration, evb: evb, rule: policy.rule, link: link)
        await policy.attach(to: bridge)
        // On reload: put the new database in force, then end the VSIs it no longer allows, in bounded bursts.
        let revoked = policy.install(try VSITypeDatabase.parse(newBytes))
        await policy.deAssociate(revoked, on: bridge)
    }
}
