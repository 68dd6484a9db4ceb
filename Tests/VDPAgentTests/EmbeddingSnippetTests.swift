import Foundation
import Testing

/// `Docs/EMBEDDING.md` shows only code that compiles: every Swift block of the guide appears, line for line,
/// in `EmbeddingSnippets.swift` (indentation and `import` lines aside).
@Suite struct EmbeddingSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Swift blocks of a Markdown file, each as its lines.
    static func swiftBlocks(_ text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```swift") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current ?? [])
                current = nil
            } else {
                current?.append(String(line))
            }
        }
        return blocks
    }

    /// Lines with their indentation removed, without blank and `import` lines.
    static func normalized(_ lines: [String]) -> [String] {
        lines.map { $0.drop { $0 == " " } }.map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("import ") }
    }

    @Test func everyBlockOfTheGuideIsCompiled() throws {
        let guide = try String(contentsOf: Self.root.appending(path: "Docs/EMBEDDING.md"), encoding: .utf8)
        let snippets = try String(
            contentsOf: Self.root.appending(path: "Tests/VDPAgentTests/EmbeddingSnippets.swift"),
            encoding: .utf8
        )
        let compiled = Self.normalized(snippets.split(separator: "\n").map(String.init))
        let blocks = Self.swiftBlocks(guide)
        #expect(blocks.count == 3)
        for block in blocks {
            let lines = Self.normalized(block)
            let found = compiled.indices.contains { start in
                start + lines.count <= compiled.count && Array(compiled[start..<start + lines.count]) == lines
            }
            #expect(found, "not compiled: \(lines.first ?? "")")
        }
    }
}
