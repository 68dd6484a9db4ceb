import Foundation
import Testing
import VDPProtocol
import VDPWire

@testable import VDPDaemon

/// The state file's journal: changes appended one line each are replayed over the snapshot, compaction
/// replaces both with a snapshot, and every crash point between their writes loads the right set.
@Suite struct StateJournalTests {
    typealias Directory = StateFileTests.Directory

    static func key(_ number: UInt64, _ interface: String = "eth0") -> WantedKey {
        WantedKey(interface: interface, vsiID: DaemonHarness.vm(number).vsiID)
    }

    static func journal(_ directory: Directory) throws -> String {
        try String(contentsOfFile: directory.file.journalPath, encoding: .utf8)
    }

    static func appendRaw(_ text: String, to directory: Directory) throws {
        let handle = try #require(FileHandle(forWritingAtPath: directory.file.journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func journalPathIsNextToTheSnapshot() {
        #expect(StateFile(path: "/var/lib/vdpd/state.json").journalPath == "/var/lib/vdpd/state.journal")
        #expect(StateFile(path: "/x/state").journalPath == "/x/state.journal")
        #expect(StateFile(path: "/x.d/.state").journalPath == "/x.d/.state.journal")
    }

    @Test func roundTripThroughJournalAndCompaction() throws {
        let directory = Directory()
        var set = StateFileTests.sample()
        try directory.file.save(set)
        #expect(directory.entries == ["state.json"])
        set.want(.associate, for: DaemonHarness.vm(4), on: "eth0")
        set.want(.preAssociate, for: DaemonHarness.vm(2), on: "eth0")
        try directory.file.append([Self.key(4), Self.key(2)], of: set)
        set.forget(DaemonHarness.vm(3).vsiID, on: "eth1")
        set.forget(DaemonHarness.vm(1).vsiID, on: "eth0")
        try directory.file.append([Self.key(3, "eth1"), Self.key(1)], of: set)
        #expect(directory.entries == ["state.journal", "state.json"])
        #expect(try Self.journal(directory).split(separator: "\n").count == 4)
        let loaded = try directory.file.load()
        #expect(loaded == set)
        #expect(loaded.wants(on: "eth0").map(\.descriptor.vsiID) == [Self.key(2).vsiID, Self.key(4).vsiID])
        #expect(loaded.wanted(Self.key(2).vsiID, on: "eth0")?.operation == .preAssociate)
        #expect(loaded.count(on: "eth1") == 0)
        let report = directory.file.loadOrSetAside()
        #expect(report.journalEntries == 4)
        #expect(report.tornLastLine == nil)
        #expect(report.setAside == nil)
        // A new want after replay goes after every replayed one.
        var more = loaded
        more.want(.associate, for: DaemonHarness.vm(5), on: "eth0")
        #expect(more.wants(on: "eth0").last?.descriptor.vsiID == Self.key(5).vsiID)
        // Compaction: the snapshot holds everything, the journal is gone.
        try directory.file.save(loaded)
        #expect(directory.entries == ["state.json"])
        #expect(try directory.file.load() == set)
    }

    /// A crash after the new snapshot's rename but before the journal's removal: the old journal is replayed
    /// over a snapshot that already holds it, and the set is the same.
    @Test func journalLeftOverAfterCompactionReplaysToTheSameSet() throws {
        let directory = Directory()
        var set = StateFileTests.sample()
        try directory.file.save(set)
        set.want(.associate, for: DaemonHarness.vm(4), on: "eth0")
        try directory.file.append([Self.key(4)], of: set)
        set.forget(DaemonHarness.vm(4).vsiID, on: "eth0")
        set.want(.associate, for: DaemonHarness.vm(5), on: "eth1")
        try directory.file.append([Self.key(4), Self.key(5, "eth1")], of: set)
        let journal = try Self.journal(directory)
        // Before compaction (snapshot old, journal full) and after the rename (snapshot new, same journal).
        #expect(try directory.file.load() == set)
        try directory.file.save(set)
        try Data(journal.utf8).write(to: URL(fileURLWithPath: directory.file.journalPath))
        #expect(try directory.file.load() == set)
        // A temporary snapshot left by a crash before the rename is ignored, and overwritten by the next save.
        try Data("{\"partial".utf8).write(to: URL(fileURLWithPath: directory.file.path + ".tmp"))
        #expect(try directory.file.load() == set)
        try directory.file.save(set)
        #expect(directory.entries == ["state.json"])
        #expect(try directory.file.load() == set)
    }

    /// A crash while appending leaves a torn last line: ignored and reported, the lines before it replayed.
    @Test(arguments: [#"{"interface":"eth0","want":{"operation":"#, "garbage\n", "\u{0}\u{0}\u{0}"])
    func tornLastLineIsIgnoredAndReported(tail: String) throws {
        let directory = Directory()
        var set = StateFileTests.sample()
        try directory.file.save(set)
        set.want(.associate, for: DaemonHarness.vm(4), on: "eth0")
        try directory.file.append([Self.key(4)], of: set)
        try Self.appendRaw(tail, to: directory)
        #expect(try directory.file.load() == set)
        let report = directory.file.loadOrSetAside()
        #expect(report.set == set)
        #expect(report.journalEntries == 1)
        #expect(report.tornLastLine?.contains("line 2") == true, "\(report.tornLastLine ?? "nil")")
        #expect(report.setAside == nil)
    }

    /// A bad line followed by good ones is corruption: both files are set aside and reported, the set is
    /// empty, and nothing is lost for the operator.
    @Test func corruptMiddleLineSetsBothFilesAside() throws {
        let directory = Directory()
        var set = StateFileTests.sample()
        try directory.file.save(set)
        set.want(.associate, for: DaemonHarness.vm(4), on: "eth0")
        try directory.file.append([Self.key(4)], of: set)
        try Self.appendRaw("{\"interface\":\"eth0\"}\n", to: directory)
        try directory.file.append([Self.key(4)], of: set)
        do {
            _ = try directory.file.load()
            Issue.record("a corrupt journal loaded")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.path == directory.file.journalPath)
            #expect(error.message.contains("line 2"), "\(error)")
        }
        let journal = try Self.journal(directory)
        let report = directory.file.loadOrSetAside()
        #expect(report.set.count == 0)
        #expect(report.setAside?.movedTo == directory.file.path + ".corrupt-1")
        #expect(report.setAside?.journalMovedTo == directory.file.journalPath + ".corrupt-1")
        #expect(directory.entries == ["state.journal.corrupt-1", "state.json.corrupt-1"])
        #expect(try String(contentsOfFile: directory.file.journalPath + ".corrupt-1", encoding: .utf8) == journal)
    }

    /// A restart replays the journal the service wrote, reports a torn tail and compacts at start.
    @Test func serviceReplaysTheJournalAndCompactsAtStart() async throws {
        let harness = DaemonHarness()
        let file = harness.stateFile
        var set = StateFileTests.sample()
        try file.save(set)
        set.want(.associate, for: DaemonHarness.vm(4), on: "eth0")
        try file.append([Self.key(4)], of: set)
        let handle = try #require(FileHandle(forWritingAtPath: file.journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"torn".utf8))
        try handle.close()
        let service = harness.service()
        let recorder = EventRecorder()
        recorder.record(await service.events())
        #expect(await service.start() == nil)
        #expect(await service.wantedSet == set)
        await harness.eventually("the torn line reported") {
            recorder.events.contains {
                if case .stateFileProblem(let text) = $0 { text.contains("last line ignored") } else { false }
            }
        }
        #expect(access(file.journalPath, F_OK) != 0, "compacted at start: no journal")
        #expect(try file.load() == set)
        await service.stop()
        await harness.finish()
    }

    /// A client's request appends to the journal; the snapshot is left alone until compaction.
    @Test func serviceAppendsEachChangeToTheJournal() async throws {
        let harness = DaemonHarness()
        let service = harness.service()
        await service.start()
        await harness.eventually("EVB negotiation") { await service.agent(on: "eth0")?.isNegotiated == true }
        _ = try await service.perform(.associate, DaemonHarness.vm(1), on: "eth0").get()
        _ = try await service.perform(.associate, DaemonHarness.vm(2), on: "eth0").get()
        _ = try await service.perform(.deAssociate, DaemonHarness.vm(1), on: "eth0").get()
        let file = harness.stateFile
        #expect(access(file.path, F_OK) != 0, "no snapshot written for a change")
        let lines = try String(contentsOfFile: file.journalPath, encoding: .utf8).split(separator: "\n")
        // Each Associate: its want, then the VIDs the bridge granted for its null VID; the De-Associate: its want,
        // then the removal.
        #expect(lines.count == 6, "\(lines)")
        #expect(lines[1].contains("\"granted\"") && lines[3].contains("\"granted\""), "\(lines)")
        #expect(lines.last?.contains("\"remove\"") == true)
        #expect(try file.load() == (await service.wantedSet))
        #expect(try file.load().count == 1)
        await service.stop()
        await harness.finish()
    }

    /// Past the threshold (or the number of wanted VSIs, if larger), a save writes a new snapshot and removes
    /// the journal instead of appending.
    @Test func serviceCompactsWhenTheJournalIsLong() async throws {
        let harness = DaemonHarness()
        let service = harness.service()
        await service.setCompactionThreshold(2)
        await service.start()
        await harness.eventually("EVB negotiation") { await service.agent(on: "eth0")?.isNegotiated == true }
        // A VID of its own: the bridge grants what is asked, so no granted VIDs are saved.
        var vm = DaemonHarness.vm(1)
        vm.filterInfo = .macVID(MACAddress(0x52, 0x54, 0, 0, 0, 1), try FilterVID(vid: 300))
        let file = harness.stateFile
        _ = try await service.perform(.associate, vm, on: "eth0").get()
        _ = try await service.perform(.suspend, vm, on: "eth0").get()
        #expect(try String(contentsOfFile: file.journalPath, encoding: .utf8).split(separator: "\n").count == 2)
        #expect(access(file.path, F_OK) != 0)
        _ = try await service.perform(.resume, vm, on: "eth0").get()
        #expect(access(file.journalPath, F_OK) != 0, "compacted: no journal")
        let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let snapshot = try JSONDecoder().decode(WantedSet.self, from: data)
        #expect(snapshot.wanted(vm.vsiID, on: "eth0")?.operation == .resume)
        _ = try await service.perform(.suspend, vm, on: "eth0").get()
        #expect(try String(contentsOfFile: file.journalPath, encoding: .utf8).split(separator: "\n").count == 1)
        #expect(try file.load() == (await service.wantedSet))
        await service.stop()
        await harness.finish()
    }
}
