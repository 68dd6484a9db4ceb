import Testing
import VDPControl
import VDPProtocol
import VDPWire

@Suite struct VSICommandParserTests {
    @Test func vdptoolSyntaxWithEveryFilterFormat() throws {
        let base = [
            "mode=assoc", "mgrid2=blabla", "typeid=5", "typeidver=4", "uuid=a1b2c3d4-0001-4000-8000-00163e000001",
        ]
        let one = try VSICommand.parse(base + ["filter=200"])
        #expect(one.type == .associate)
        #expect(one.descriptor.managerID.text == "blabla")
        #expect(one.descriptor.typeID.rawValue == 5 && one.descriptor.typeVersion == 4)
        #expect(one.descriptor.filterInfo == (try FilterInfo.vid([FilterVID(rawValue: 200)])))
        let two = try VSICommand.parse(base + ["filter=53348-52:00:00:11:22:33", "filter=0-52:00:00:11:22:34"])
        #expect(two.descriptor.filterInfo.format == .macVID)
        #expect(two.descriptor.filterInfo.entries.first?.vid.pcp == 5)
        #expect(two.descriptor.filterInfo.entries.first?.vid.prioritySignificant == true)
        #expect(two.descriptor.filterInfo.entries.count == 2)
        let three = try VSICommand.parse(base + ["filter=300--4097"])
        #expect(three.descriptor.filterInfo == .groupVID(GroupID(rawValue: 4097), FilterVID(rawValue: 300)))
        let four = try VSICommand.parse(base + ["filter=100:3-52:00:00:11:22:33-5001", "hints=to"])
        #expect(four.descriptor.filterInfo.format == .groupMACVID)
        #expect(
            four.descriptor.filterInfo.entries.first?.vid
                == (try FilterVID(vid: 100, pcp: 3, prioritySignificant: true))
        )
        #expect(four.hints == VSIHints(migrating: true))
    }

    @Test func everyVSIIDFormat() throws {
        let base = ["mode=preassoc-rr", "mgrid=mgr1", "typeid=1", "typeidver=1", "filter=0"]
        let cases: [(String, VSIIDFormat)] = [
            ("vsiid=ipv4:192.0.2.7", .ipv4), ("vsiid=ipv6:2001:db8::7", .ipv6), ("vsiid=ipv6:::ffff:10.0.0.1", .ipv6),
            ("vsiid=mac:52:54:00:00:00:07", .mac), ("vsiid=local:000102030405060708090a0b0c0d0e0f", .local),
            ("vsiid=uuid:a1b2c3d4-0001-4000-8000-00163e000001", .uuid),
        ]
        for (word, format) in cases {
            let command = try VSICommand.parse(base + [word])
            #expect(command.descriptor.vsiID.format == format, "\(word)")
            #expect(command.type == .preAssociateWithResourceReservation)
        }
        let ipv6 = try VSICommand.parse(base + ["vsiid=ipv6:2001:db8::7"])
        #expect(ipv6.descriptor.vsiID.description == "2001:db8::7")
    }

    @Test(arguments: [
        (["mode=assoc"], "mgrid=, typeid=, typeidver=, uuid= or vsiid="),
        (["mode=bogus"], "mode=bogus"),
        (["mode=assoc", "mgrid=m", "typeid=16777216", "typeidver=1", "uuid=1"], "typeid=16777216"),
        (
            ["mode=assoc", "mgrid=m", "typeid=1", "typeidver=1", "vsiid=ipv4:300.1.1.1", "filter=1"],
            "vsiid=ipv4:300.1.1.1"
        ),
        (
            ["mode=assoc", "mgrid=m", "typeid=1", "typeidver=1", "vsiid=uuid:a1b2c3d4-0001-4000-8000-00163e000001"],
            "filter="
        ),
        (
            [
                "mode=assoc", "mgrid=m", "typeid=1", "typeidver=1", "vsiid=mac:52:54:00:00:00:07", "filter=1",
                "filter=2-52:00:00:00:00:01",
            ], "filter="
        ),
        (
            ["mode=assoc", "mgrid=m", "typeid=1", "typeidver=1", "vsiid=mac:52:54:00:00:00:07", "filter=100--0"],
            "filter=100--0"
        ),
        (["nonsense"], "nonsense"),
    ])
    func errorsNameTheWord(words: [String], word: String) {
        do {
            _ = try VSICommand.parse(words)
            Issue.record("accepted \(words)")
        } catch {
            #expect(error.word == word)
        }
    }
}
