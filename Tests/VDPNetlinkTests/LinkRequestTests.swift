import Testing
import VDPNetlink

@Suite struct LinkRequestTests {
    @Test func dumpRequestIsAHeaderAndAnEmptyInterfaceInfoMessage() throws {
        let bytes = LinkRequest.dump(sequence: 7)
        #expect(bytes.count == 32)
        let messages = try NetlinkMessage.messages(in: bytes)
        #expect(messages.count == 1)
        let header = try #require(messages.first).header
        #expect(header.length == 32)
        #expect(header.type == .getLink)
        #expect(header.flags == [.request, .dump])
        #expect(header.sequence == 7)
        #expect(header.portID == 0)
        #expect(try InterfaceInfoMessage(decoding: messages[0].payload) == InterfaceInfoMessage())
    }
}
