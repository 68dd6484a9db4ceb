import Testing
import VDPWire

@testable import VDPLldpad

@Suite("lldpad client-socket parsers")
struct LldpadClientParserTests {
    /// vdptool's set command for `-i vts0 -T -V assoc` and `arguments`, as it writes it.
    static func setCommand(_ arguments: [(String, String)], filters: Int? = nil, mode: Int = 3) -> [UInt8] {
        let count = filters ?? arguments.filter { $0.0.lowercased().hasPrefix("filter") }.count
        let options = 0x1C | (count << 8)
        var text =
            "C302" + LldpadHex.field(UInt64(options), width: 8) + "04vts002" + LldpadHex.field(UInt64(mode), width: 8)
        for (name, value) in arguments {
            text += LldpadHex.field(UInt64(name.utf8.count), width: 2) + name
            text += LldpadHex.field(UInt64(value.utf8.count), width: 4) + value
        }
        return Array(text.utf8)
    }

    static let valid: [(String, String)] = [
        ("mode", "assoc"), ("mgrid2", "mgr1"), ("typeid", "5"), ("uuid", "a1b2c3d4-0001-4000-8000-000000000001"),
        ("typeidver", "1"), ("hints", "none"), ("filter", "100-52:54:00:00:00:01"),
    ]

    @Test(
        "datagram kinds",
        arguments: [
            ("P", LldpadClientMessage.ping),
            ("A", .attach(modules: [])),
            ("A80c4", .attach(modules: [0x80C4])),
            ("A0x80c4,,1b2101", .attach(modules: [0x80C4, 0x1B_2101])),
            ("A80c4,zz", .malformedAttach),
            ("A123456789", .malformedAttach),
            ("D", .detach),
            ("L2", .level),
            ("M000080c4C3", .module(moduleID: 0x80C4, body: Array("C3".utf8))),
            ("M0000x0c4C3", .module(moduleID: nil, body: [])),
            ("C1", .module(moduleID: LldpadClientMessage.dcbxModuleID, body: Array("C1".utf8))),
            ("", .unknown),
            ("x", .unknown),
            ("\u{0}P", .unknown),
        ]
    )
    func datagrams(text: String, expected: LldpadClientMessage) {
        #expect(LldpadClientMessage(datagram: Array(text.utf8)) == expected)
    }

    @Test("vdptool's set command parses with its header and arguments")
    func setCommandParses() throws {
        let command = try LldpadVDPCommand.parse(Self.setCommand(Self.valid)).get()
        #expect(command.code == .set)
        #expect(command.interface == "vts0")
        #expect(command.mode == .associate)
        #expect(command.filterCount == 1)
        #expect(command.arguments?.count == 7)
        #expect(String(decoding: command.replyHeader, as: UTF8.self) == "C3020000011c04vts0")
    }

    @Test(
        "malformed headers get lldpad's status",
        arguments: [
            ("", LldpadClientStatus.invalid),
            ("C3020000001c", .invalid),
            ("C30200000x1c04vts00200000003", .invalid),
            ("C30200000011" + "11abcdefghijklmnopq" + "0200000003", .invalid),
            ("C2020000001c04vts00200000003", .notApplicable),
            ("C3030000001c04vts00200000003", .notApplicable),
            ("C3020000001c04vts00200000005", .invalid),
            ("C3020000001c04vts00200000000", .invalid),
            ("C3020000000c04vts00200000003", .invalid),
        ]
    )
    func malformedHeaders(text: String, expected: LldpadClientStatus) {
        #expect(LldpadVDPCommand.parse(Array(text.utf8)) == .failure(expected))
    }

    @Test("argument framing that does not split is no arguments")
    func framing() {
        #expect(LldpadVDPCommand.arguments(Array("04mode0005assoc".utf8)[...])?.count == 1)
        #expect(LldpadVDPCommand.arguments(Array("04mode0009assoc".utf8)[...]) == nil)
        #expect(LldpadVDPCommand.arguments(Array("09mode".utf8)[...]) == nil)
        #expect(LldpadVDPCommand.arguments(Array("04mode00".utf8)[...]) == nil)
        #expect(LldpadVDPCommand.arguments(Array("04mode0005assocxy".utf8)[...])?.count == 1)
    }

    @Test(
        "every filter format vdptool accepts",
        arguments: [
            ("150", FilterEntry(vid: FilterVID(rawValue: 150))),
            (
                "100-52:54:00:00:00:01",
                FilterEntry(mac: MACAddress(0x52, 0x54, 0, 0, 0, 1), vid: FilterVID(rawValue: 100))
            ),
            ("130--4097", FilterEntry(groupID: GroupID(rawValue: 4097), vid: FilterVID(rawValue: 130))),
            (
                "140-52:54:00:00:00:04-5001",
                FilterEntry(
                    groupID: GroupID(rawValue: 5001),
                    mac: MACAddress(0x52, 0x54, 0, 0, 0, 4),
                    vid: FilterVID(rawValue: 140)
                )
            ),
            ("0x2064", FilterEntry(vid: FilterVID(rawValue: 0x2064))),
            ("100-52:54:0:0:0:1-", FilterEntry(mac: MACAddress(0x52, 0x54, 0, 0, 0, 1), vid: FilterVID(rawValue: 100))),
            ("100--", FilterEntry(vid: FilterVID(rawValue: 100))),
            ("", FilterEntry(vid: FilterVID(rawValue: 0))),
        ]
    )
    func filters(text: String, expected: FilterEntry) {
        #expect(LldpadVSIArguments.parseFilter(Array(text.utf8)) == expected)
    }

    @Test(
        "malformed filters",
        arguments: ["x", "65536", "-1", "100-52:54", "100-zz:54:00:00:00:01", "1--0", "1--x"]
    )
    func malformedFilters(text: String) {
        #expect(LldpadVSIArguments.parseFilter(Array(text.utf8)) == nil)
    }

    @Test(
        "argument values as lldpad reads them",
        arguments: [
            ([("typeid", "0x10")], true),
            ([("typeid", "16777216")], false),
            ([("typeid", "-1")], false),
            ([("typeid", "")], true),
            ([("typeidver", "256")], false),
            ([("typeidver", "010")], true),
            ([("mode", "ASSOC")], true),
            ([("mode", "assoc[3]")], true),
            ([("mode", "assoc[3")], false),
            ([("mode", "2")], false),
            ([("mode", "associate")], false),
            ([("mgrid2", "blabla")], true),
            ([("mgrid2", "0123456789abcdef0123456789abcdef")], true),
            ([("mgrid2", "abcdefghijklmnop")], false),
            ([("mgrid2", "a_b")], false),
            ([("uuid", "1122")], true),
            ([("uuid", "0123456789abcdef0123456789abcdef00")], false),
            ([("uuid", "g1")], false),
            ([("hints", "To")], true),
            ([("hints", "-")], true),
            ([("hints", "later")], false),
            ([("oui", "cisco")], false),
            ([("Mode", "assoc")], false),
            ([("filter", "1-52:54:00:00:00:01"), ("filter", "2-52:54:00:00:00:01")], false),
            ([("filter", "1-00:00:00:00:00:00")], false),
            ([("filter", "1"), ("filter", "2-52:54:00:00:00:01")], false),
            ([("filter", "1"), ("filter", "2")], true),
        ]
    )
    func values(arguments: [(String, String)], accepted: Bool) {
        let parsed = LldpadVSIArguments.parse(arguments.map { LldpadClientArgument($0.0, $0.1) }, filterSlots: 8)
        #expect(((try? parsed.get()) != nil) == accepted, "\(arguments)")
        if !accepted {
            #expect(parsed == .failure(.badParameters))
        }
    }

    @Test("a complete request becomes a descriptor; a missing mandatory argument does not")
    func descriptor() throws {
        let arguments = Self.valid.map { LldpadClientArgument($0.0, $0.1) }
        let parsed = try LldpadVSIArguments.parse(arguments, filterSlots: 1).get()
        let descriptor = try #require(LldpadVDPTranslation.descriptor(parsed))
        #expect(descriptor.typeID.rawValue == 5)
        #expect(descriptor.vsiID.description == "a1b2c3d4-0001-4000-8000-000000000001")
        #expect(descriptor.managerID.text == "mgr1")
        for missing in ["mode", "mgrid2", "typeid", "typeidver", "uuid", "filter"] {
            let partial = try LldpadVSIArguments.parse(
                arguments.filter { $0.name != Array(missing.utf8) },
                filterSlots: 1
            )
            .get()
            #expect(LldpadVDPTranslation.descriptor(partial) == nil, "without \(missing)")
        }
    }

    @Test(
        "modes and hints map onto lifecycle actions",
        arguments: [
            (VSITLVType.associate, LldpadVSIArguments.Hints.none, "associate"),
            (.associate, .migrateTo, "immigrate"),
            (.associate, .migrateFrom, "emigrate"),
            (.preAssociate, .none, "preAssociate"),
            (.preAssociateWithResourceReservation, .none, "preAssociate"),
            (.preAssociate, .migrateTo, "immigrate"),
            (.deAssociate, .migrateFrom, "deAssociate"),
        ]
    )
    func actions(mode: VSITLVType, hints: LldpadVSIArguments.Hints, operation: String) {
        #expect(LldpadVDPTranslation.action(mode, hints: hints).operationName == operation)
    }

    @Test("a VSI record is written as lldpad writes it")
    func recordText() throws {
        let record = LldpadVSIRecord(
            mode: .associate,
            managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 0),
            typeID: 5,
            typeVersion: 1,
            uuid: try #require(VSIUUID("a1b2c3d4-0001-4000-8000-000000000001")).octets,
            response: 0,
            filters: [FilterEntry(groupID: GroupID(rawValue: 4097), vid: FilterVID(rawValue: 130))]
        )
        #expect(
            String(decoding: record.text, as: UTF8.self)
                == "04mode0005assoc06mgrid20004mgr106typeid0001509typeidver0001104uuid0024"
                + "a1b2c3d4-0001-4000-8000-00000000000105hints0001006filter0008130-4097"
        )
        var single = record
        single.managerID = VSIManagerID(singleOctet: 7)
        #expect(single.managerIDText == Array("7".utf8))
    }
}
