import CSQLite
import Foundation
import Testing
import VDPAgent
import VDPBridgeStore
import VDPProtocol
import VDPWire

/// The SQLite state file: what is committed comes back exactly, per port; a file that is damaged, foreign, of a
/// newer schema or in use is refused with a typed error and left as it was.
@Suite struct BridgeStateFileTests {
    static let station = MACAddress(0x02, 0, 0, 0, 0xAA, 0x01)

    /// A fresh directory for one test, removed after.
    static func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vdp-state-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    static func record(_ number: UInt64, group: Bool = false) throws -> BridgeTableRecord {
        let mac = MACAddress(rawValue: 0x5254_0000_0000 | number) ?? station
        let vsiID = VSIID.uuid(VSIUUID(octets: Octets16(high: 0xE1, low: number)))
        let key = BridgeVSIKey(station: station, vsiID: vsiID)
        let vid = UInt16(100 + number % 3000)
        let groupID = try GroupID(vnID: 5001)
        let requested: FilterInfo = group ? .groupMACVID(groupID, mac, .null) : .macVID(mac, .null)
        let granted: FilterInfo =
            group
            ? .groupMACVID(groupID, mac, FilterVID(rawValue: 0x2000 | vid))
            : .macVID(mac, FilterVID(rawValue: vid))
        return BridgeTableRecord(
            key: key,
            descriptor: VSIDescriptor(
                managerID: VSIManagerID(text: "mgr1") ?? VSIManagerID(singleOctet: 1),
                typeID: VSITypeID(truncating: 77),
                typeVersion: 3,
                vsiID: vsiID,
                filterInfo: requested
            ),
            state: BridgeVSIState(type: .associate, hints: VSIHints(suspended: number % 2 == 0), filterInfo: granted),
            vidHolds: [BridgeVIDHold(owner: group ? .group(groupID) : .vsi(key), vid: vid)],
            keepAliveDeadline: .seconds(1_800_000_000) + .nanoseconds(Int64(number))
        )
    }

    @Test func whatIsCommittedComesBackExactlyPerPort() async throws {
        try await Self.withDirectory { directory in
            let path = directory + "/state.sqlite"
            let records = try (1...50).map { try Self.record($0, group: $0 % 3 == 0) }
            do {
                let file = try BridgeStateFile.open(path: path)
                defer { file.close() }
                try await file.table(port: "p1").commit(records.map { .put($0) })
                try await file.table(port: "p2").commit([.put(records[0])])
                try await file.table(port: "p1").commit([.remove(records[1].key.vsiID), .put(records[2])])
            }
            let file = try BridgeStateFile.open(path: path)
            defer { file.close() }
            let loaded = try await file.table(port: "p1").load()
            let expected = records.filter { $0.key != records[1].key }
            #expect(
                Dictionary(uniqueKeysWithValues: loaded.map { ($0.key, $0) })
                    == Dictionary(uniqueKeysWithValues: expected.map { ($0.key, $0) })
            )
            #expect(try await file.table(port: "p2").load() == [records[0]])
            #expect(try await file.table(port: "p3").load().isEmpty)
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAsCorruptAndLeftAlone() async throws {
        try await Self.withDirectory { directory in
            let path = directory + "/state.sqlite"
            let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) })
            try garbage.write(to: URL(fileURLWithPath: path))
            #expect(Self.code(opening: path) == .corrupt)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        }
    }

    @Test func aDamagedPageIsRefusedAsCorrupt() async throws {
        try await Self.withDirectory { directory in
            let path = directory + "/state.sqlite"
            do {
                let file = try BridgeStateFile.open(path: path)
                try await file.table(port: "p1").commit(try (1...400).map { .put(try Self.record($0)) })
                file.close()
            }
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.count > 8192)
            for index in 4096..<bytes.count where index % 4096 < 64 {
                bytes[index] = 0xA5
            }
            try bytes.write(to: URL(fileURLWithPath: path))
            var refused: BridgeTableStoreError?
            do throws(BridgeTableStoreError) {
                let file = try BridgeStateFile.open(path: path)
                defer { file.close() }
                _ = try await file.table(port: "p1").load()
            } catch {
                refused = error
            }
            #expect(refused?.code == .corrupt, "\(String(describing: refused))")
        }
    }

    @Test func aForeignDatabaseANewerSchemaAndASecondOpenerAreRefused() async throws {
        try await Self.withDirectory { directory in
            let foreign = directory + "/foreign.sqlite"
            Self.sql(foreign, "CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            #expect(Self.code(opening: foreign) == .corrupt)

            let newer = directory + "/newer.sqlite"
            try BridgeStateFile.open(path: newer).close()
            Self.sql(newer, "PRAGMA user_version=\(BridgeStateFile.schemaVersion + 1);")
            #expect(Self.code(opening: newer) == .unsupportedSchema)

            let shared = directory + "/shared.sqlite"
            let first = try BridgeStateFile.open(path: shared)
            #expect(Self.code(opening: shared) != nil, "a second bridge cannot share it")
            first.close()
            try BridgeStateFile.open(path: shared).close()
        }
    }

    /// The code of the error opening `path` fails with; `nil` when it opens.
    static func code(opening path: String) -> BridgeTableStoreError.Code? {
        do throws(BridgeTableStoreError) {
            try BridgeStateFile.open(path: path).close()
            return nil
        } catch {
            return error.code
        }
    }

    /// Runs SQL on a file directly.
    static func sql(_ path: String, _ text: String) {
        var handle: OpaquePointer?
        sqlite3_open(path, &handle)
        sqlite3_exec(handle, text, nil, nil, nil)
        sqlite3_close(handle)
    }
}
