import Foundation
import Testing

@testable import VDPLog

/// JSON strings of the event log: runs without escapes copied whole, every escape JSON needs, any Unicode.
@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("a\"b\\c", #""a\"b\\c""#),
        ("\n\r\t", #""\n\r\t""#),
        ("\u{01}x\u{1F}", #""\u0001x\u001f""#),
        ("caf\u{E9} \"\u{301}", "\"caf\u{E9} \\\"\u{301}\""),
        ("\u{1F600}\\", "\"\u{1F600}\\\\\""),
    ])
    func stringsAreEscapedAsJSONNeeds(_ text: String, _ json: String) throws {
        #expect(JSONValue.string(text).serialized() == json)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        #expect(decoded as? String == text)
    }
}
