import Testing
import VDPTypeDatabase
import VDPWire

/// The text format: what parses to what, and every error with its line and column.
@Suite struct ParserTests {
    static func parse(_ text: String, limits: VSITypeDatabaseLimits = VSITypeDatabaseLimits())
        throws(VSITypeDatabaseError) -> VSITypeDatabase
    {
        try VSITypeDatabase.parse(Array(text.utf8), limits: limits)
    }

    @Test func theExampleFileParses() throws {
        let database = try Self.parse(
            """
            # comment
              100/1   vn=5000-5099,6000  vid=range:100-199,300  pcp=3  per-station=8  managers=openstack-1 # end
            100/*\tvn=any
            200/2   vid=fixed:300,301  pcp=5\r
            300/0   vid=pool managers=000102030405060708090a0b0c0d0e0f

            """
        )
        #expect(database.entries.count == 4)
        let web = try #require(database.entry(for: VSITypeID(truncating: 100), version: 1))
        #expect(web.line == 2)
        #expect(web.networks == .only([5000...5099, 6000...6000]))
        #expect(web.vlans == .range([100...199, 300...300]))
        #expect(web.pcp == 3 && web.maximumPerStation == 8)
        #expect(
            web.managers == [VSIManagerID(text: "openstack-1")].compactMap { $0 }.reduce(into: Set()) { $0.insert($1) }
        )
        let other = try #require(database.entry(for: VSITypeID(truncating: 100), version: 7))
        #expect(other.version == nil && other.networks == .any && other.vlans == .pool && other.line == 3)
        let storage = try #require(database.entry(for: VSITypeID(truncating: 200), version: 2))
        #expect(storage.vlans == .fixed([300, 301]) && storage.pcp == 5 && storage.networks == .none)
        #expect(database.entry(for: VSITypeID(truncating: 200), version: 3) == nil)
        let hex = try #require(database.entry(for: VSITypeID(truncating: 300), version: 0)?.managers?.first)
        #expect(hex.octets == Octets16(high: 0x0001_0203_0405_0607, low: 0x0809_0A0B_0C0D_0E0F))
        #expect(try Self.parse("").entries.isEmpty)
        #expect(try Self.parse("# only\n\n   \n").entries.isEmpty)
    }

    @Test func listsAreSortedForLookup() throws {
        let entry = try #require(try Self.parse("1/1 vn=9,1-3,5 vid=range:4000-4094,2").entries.first)
        #expect(entry.networks == .only([1...3, 5...5, 9...9]))
        #expect(entry.networks.allows(GroupID(rawValue: 9)) && !entry.networks.allows(GroupID(rawValue: 4)))
        #expect(entry.vlans == .range([2...2, 4000...4094]))
        #expect(entry.vlans.allows(4094) && !entry.vlans.allows(3))
    }

    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var kind: VSITypeDatabaseError.Kind
        var line: Int
        var column: Int
        var description: String { text }
    }

    static let long = String(repeating: "x", count: 4_097)

    static let cases: [Case] = [
        Case(text: "1/1 managers=\(long)", kind: .lineTooLong(limit: 4_096), line: 1, column: 4_097),
        Case(text: "1/1\n2/1 vn=\u{1}", kind: .invalidCharacter(1), line: 2, column: 8),
        Case(text: "1/1 vn=é", kind: .invalidCharacter(0xC3), line: 1, column: 8),
        Case(text: "100", kind: .expectedTypeAndVersion("100"), line: 1, column: 1),
        Case(text: "100/", kind: .expectedTypeAndVersion("100/"), line: 1, column: 1),
        Case(text: "/1", kind: .expectedTypeAndVersion("/1"), line: 1, column: 1),
        Case(text: "  x/1", kind: .expectedTypeAndVersion("x/1"), line: 1, column: 3),
        Case(text: "16777216/1", kind: .typeIDOutOfRange("16777216"), line: 1, column: 1),
        Case(text: "99999999999999999999/1", kind: .typeIDOutOfRange("99999999999999999999"), line: 1, column: 1),
        Case(text: "1/256", kind: .versionOutOfRange("256"), line: 1, column: 3),
        Case(text: "1/v", kind: .expectedTypeAndVersion("1/v"), line: 1, column: 3),
        Case(text: "1/1\n# x\n 1/1", kind: .duplicateEntry("1/1", firstLine: 1), line: 3, column: 2),
        Case(text: "1/*\n1/*", kind: .duplicateEntry("1/*", firstLine: 1), line: 2, column: 1),
        Case(text: "1/1 vn", kind: .expectedKeyValue("vn"), line: 1, column: 5),
        Case(text: "1/1 =5", kind: .expectedKeyValue("=5"), line: 1, column: 5),
        Case(text: "1/1 vlan=5", kind: .unknownKey("vlan"), line: 1, column: 5),
        Case(text: "1/1 pcp=1 pcp=2", kind: .duplicateKey("pcp"), line: 1, column: 11),
        Case(text: "1/1 vn=", kind: .emptyValue("vn"), line: 1, column: 5),
        Case(text: "1/1 pcp=high", kind: .notANumber("high"), line: 1, column: 9),
        Case(text: "1/1 vn=1,,2", kind: .notANumber(""), line: 1, column: 10),
        Case(text: "1/1 vn=1-", kind: .notANumber(""), line: 1, column: 10),
        Case(text: "1/1 pcp=8", kind: .outOfRange("8", 0...7), line: 1, column: 9),
        Case(text: "1/1 per-station=0", kind: .outOfRange("0", 1...100_000_000), line: 1, column: 17),
        Case(text: "1/1 vn=4294967296", kind: .outOfRange("4294967296", 0...4_294_967_295), line: 1, column: 8),
        Case(text: "1/1 vid=range:0-10", kind: .outOfRange("0", 1...4094), line: 1, column: 15),
        Case(text: "1/1 vid=fixed:4095", kind: .outOfRange("4095", 1...4094), line: 1, column: 15),
        Case(text: "1/1 vn=9-3", kind: .reversedRange("9-3"), line: 1, column: 8),
        Case(text: "1/1 vn=1-5,7,3", kind: .overlappingItems("3"), line: 1, column: 14),
        Case(text: "1/1 vid=range:10-20,5-10", kind: .overlappingItems("5-10"), line: 1, column: 21),
        Case(text: "1/1 vid=fixed:7,7", kind: .overlappingItems("7"), line: 1, column: 17),
        Case(text: "1/1 managers=a,a", kind: .overlappingItems("a"), line: 1, column: 16),
        Case(text: "1/1 vid=vlan", kind: .unknownVLANPolicy("vlan"), line: 1, column: 9),
        Case(text: "1/1 vid=range:", kind: .unknownVLANPolicy("range:"), line: 1, column: 9),
        Case(
            text: "1/1 managers=ok,seventeen-chars-x",
            kind: .invalidManagerID("seventeen-chars-x"),
            line: 1,
            column: 17
        ),
        Case(
            text: "1/1 managers=0123456789abcdef0123456789abcdeg",
            kind: .invalidManagerID("0123456789abcdef0123456789abcdeg"),
            line: 1,
            column: 14
        ),
    ]

    @Test(arguments: cases) func everyErrorNamesItsLineAndColumn(_ testCase: Case) {
        #expect(throws: VSITypeDatabaseError(testCase.kind, line: testCase.line, column: testCase.column)) {
            try Self.parse(testCase.text)
        }
    }

    @Test func theBoundsAreEnforced() {
        var limits = VSITypeDatabaseLimits()
        limits.maximumBytes = 19
        #expect(throws: VSITypeDatabaseError(.fileTooLarge(limit: 19), line: 2, column: 10)) {
            try Self.parse("1/1 pcp=1\n2/1 pcp=2\n", limits: limits)  // byte 20 is line 2's newline
        }
        #expect(throws: VSITypeDatabaseError(.fileTooLarge(limit: 19), line: 3, column: 1)) {
            try Self.parse("1/1 pcp=1\n2/1 vn=2\nxyz", limits: limits)  // byte 20 starts line 3
        }
        #expect(throws: Never.self) { try Self.parse("1/1 pcp=1\n2/1 pcp=2", limits: limits) }  // 19 bytes
        limits = VSITypeDatabaseLimits()
        limits.maximumEntries = 2
        #expect(throws: VSITypeDatabaseError(.tooManyEntries(limit: 2), line: 4, column: 1)) {
            try Self.parse("1/1\n2/1\n# c\n3/1\n", limits: limits)
        }
        limits = VSITypeDatabaseLimits()
        limits.maximumListItems = 3
        #expect(throws: VSITypeDatabaseError(.tooManyItems(limit: 3), line: 1, column: 8)) {
            try Self.parse("1/1 vn=1,2,3,4", limits: limits)
        }
        limits = VSITypeDatabaseLimits()
        limits.maximumLineLength = 8
        #expect(throws: Never.self) { try Self.parse("1/1 vn=1\r\n", limits: limits) }  // the CR is not counted
    }

    @Test func errorsDescribeThemselves() {
        let error = VSITypeDatabaseError(.unknownKey("vlan"), line: 3, column: 9)
        #expect(error.description == "line 3, column 9: unknown key 'vlan' (vn, vid, pcp, per-station, managers)")
    }
}
