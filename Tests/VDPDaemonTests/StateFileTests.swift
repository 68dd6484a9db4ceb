import Foundation
import Testing
import VDPDaemon
import VDPProtocol
import VDPWire

/// The state file: what is written is read back, a write replaces the file whole, and a file that cannot be
/// decoded is set aside and reported, never taken as empty silently.
@Suite struct StateFileTests {
    final class Directory: Sendable {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vdpd-state-\(UUID().uuidString)").path

        init() {
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        var file: StateFile { StateFile(path: path + "/state.json") }

        var entries: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        }
    }

    static func sample() -> WantedSet {
        var set = WantedSet()
        set.want(.associate, for: DaemonHarness.vm(1), on: "eth0")
        set.want(.preAssociateWithReservation, for: DaemonHarness.vm(2), on: "eth0")
        set.want(.deAssociate, for: DaemonHarness.vm(3), on: "eth1")
        set.want(.suspend, for: DaemonHarness.vm(1), on: "eth0")
        return set
    }

    @Test func roundTripKeepsOrderAndOperations() throws {
        let directory = Directory()
        #expect(try directory.file.load() == WantedSet(), "no file: nothing wanted")
        let set = Self.sample()
        try directory.file.save(set)
        let loaded = try directory.file.load()
        #expect(
            loaded.wants(on: "eth0").map(\.descriptor.vsiID) == [DaemonHarness.vm(1).vsiID, DaemonHarness.vm(2).vsiID]
        )
        #expect(loaded.wants(on: "eth0").map(\.operation) == [.suspend, .preAssociateWithReservation])
        #expect(loaded.wanted(DaemonHarness.vm(3).vsiID, on: "eth1")?.operation == .deAssociate)
        #expect(loaded.wanted(DaemonHarness.vm(1).vsiID, on: "eth0")?.descriptor == DaemonHarness.vm(1))
        #expect(loaded.count == 3)
        // A new want after loading goes after the others.
        var more = loaded
        more.want(.associate, for: DaemonHarness.vm(4), on: "eth0")
        #expect(more.wants(on: "eth0").last?.descriptor.vsiID == DaemonHarness.vm(4).vsiID)
        #expect(directory.entries == ["state.json"], "no temporary file is left behind")
    }

    /// The VIDs a bridge granted are kept, in the snapshot and in the journal; a file written before they were
    /// (no `granted` key) still loads, with none; a new descriptor for the VSI drops them.
    @Test func grantedFiltersAreKeptAndOldFilesStillLoad() throws {
        let directory = Directory()
        var set = Self.sample()
        let vm = DaemonHarness.vm(1)
        let granted = FilterInfo.macVID(MACAddress(0x52, 0x54, 0, 0, 0, 1), try FilterVID(vid: 300))
        let first = set.grant(granted, for: vm.vsiID, on: "eth0")
        let again = set.grant(granted, for: vm.vsiID, on: "eth0")
        let asAsked = set.grant(DaemonHarness.vm(2).filterInfo, for: DaemonHarness.vm(2).vsiID, on: "eth0")
        #expect(first && !again, "a change is saved once")
        #expect(!asAsked, "the filters asked for: nothing kept")
        try directory.file.save(set)
        #expect(try directory.file.load().wanted(vm.vsiID, on: "eth0")?.granted == granted)
        // The journal carries it too.
        var changed = set
        let other = FilterInfo.macVID(MACAddress(0x52, 0x54, 0, 0, 0, 1), try FilterVID(vid: 301))
        let changedOnce = changed.grant(other, for: vm.vsiID, on: "eth0")
        #expect(changedOnce)
        try directory.file.append([WantedKey(interface: "eth0", vsiID: vm.vsiID)], of: changed)
        #expect(try directory.file.load().wanted(vm.vsiID, on: "eth0")?.granted == other)
        // The same VSI asked again keeps them; another filter drops them.
        changed.want(.associate, for: vm, on: "eth0")
        #expect(changed.wanted(vm.vsiID, on: "eth0")?.granted == other)
        var moved = vm
        moved.filterInfo = .macVID(MACAddress(0x52, 0x54, 0, 0, 0, 9), .null)
        changed.want(.associate, for: moved, on: "eth0")
        #expect(changed.wanted(vm.vsiID, on: "eth0")?.granted == nil)
        // A file of the format before `granted`: loads, with none.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let written = String(decoding: try encoder.encode(Self.sample()), as: UTF8.self)
        #expect(written.contains("\"version\":1") && !written.contains("granted"))
        try directory.file.save(WantedSet())  // no journal left
        try Data(written.utf8).write(to: URL(fileURLWithPath: directory.file.path))
        #expect(try directory.file.load() == Self.sample())
    }

    @Test func saveReplacesTheWholeFile() throws {
        let directory = Directory()
        try directory.file.save(Self.sample())
        var smaller = WantedSet()
        smaller.want(.associate, for: DaemonHarness.vm(9), on: "eth0")
        try directory.file.save(smaller)
        #expect(try directory.file.load() == smaller)
        let text = try String(contentsOfFile: directory.file.path, encoding: .utf8)
        #expect(text.hasPrefix("{") && text.hasSuffix("}"))
        #expect(text.contains("\"version\":1"))
    }

    @Test func failedSaveLeavesThePreviousFile() throws {
        let directory = Directory()
        try directory.file.save(Self.sample())
        // A directory where the temporary file must go makes the write fail before the rename.
        try FileManager.default.createDirectory(
            atPath: directory.file.path + ".tmp",
            withIntermediateDirectories: false
        )
        do {
            try directory.file.save(WantedSet())
            Issue.record("the save succeeded")
        } catch {
            #expect(error.code == .writeFailed)
        }
        #expect(try directory.file.load() == Self.sample())
        let nowhere = StateFile(path: directory.path + "/missing/state.json")
        #expect(throws: StateFileError.self) { try nowhere.save(Self.sample()) }
    }

    /// Each damaged file: load throws `corrupt`, and loadOrSetAside moves it aside with its content intact.
    @Test(arguments: [
        "",
        "{",
        "not json",
        "[]",
        #"{"version": 2, "interfaces": {}}"#,
        #"{"interfaces": {}}"#,
        #"{"version": 1, "interfaces": {"eth0": [{"operation": "associate", "sequence": 0}]}}"#,
        #"{"version": 1, "interfaces": {"eth0": [{"vsi": 5, "operation": "associate", "sequence": 0}]}}"#,
    ])
    func corruptFileIsSetAsideAndReported(content: String) throws {
        let directory = Directory()
        try Data(content.utf8).write(to: URL(fileURLWithPath: directory.file.path))
        #expect(throws: StateFileError.self) { try directory.file.load() }
        do {
            _ = try directory.file.load()
        } catch {
            #expect(error.code == .corrupt, "\(error)")
        }
        let loaded = directory.file.loadOrSetAside()
        let setAside = loaded.setAside
        #expect(loaded.set.count == 0)
        #expect(setAside?.error.code == .corrupt)
        #expect(setAside?.movedTo == directory.file.path + ".corrupt-1")
        #expect(directory.entries == ["state.json.corrupt-1"])
        #expect(try String(contentsOfFile: directory.file.path + ".corrupt-1", encoding: .utf8) == content)
        // A second corrupt file does not overwrite the first.
        try Data("{".utf8).write(to: URL(fileURLWithPath: directory.file.path))
        #expect(directory.file.loadOrSetAside().setAside?.movedTo == directory.file.path + ".corrupt-2")
    }

    @Test func duplicateVSIOnOneInterfaceIsCorrupt() throws {
        let directory = Directory()
        try directory.file.save(Self.sample())
        var text = try String(contentsOfFile: directory.file.path, encoding: .utf8)
        let encoded = try JSONEncoder().encode(
            WantedVSI(descriptor: DaemonHarness.vm(1), operation: .associate, sequence: 9)
        )
        let extra = String(decoding: encoded, as: UTF8.self)
        let range = try #require(text.range(of: "\"eth0\":["))
        text.replaceSubrange(range, with: "\"eth0\":[\(extra),")
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory.file.path))
        do {
            _ = try directory.file.load()
            Issue.record("a duplicate loaded")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.message.contains("wanted twice"))
        }
    }

    /// A restart over a corrupt file starts empty, reports it, and keeps the damaged file for the operator.
    @Test func serviceReportsASetAsideFile() async throws {
        let harness = DaemonHarness()
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: harness.stateFile.path))
        let service = harness.service()
        let recorder = EventRecorder()
        recorder.record(await service.events())
        let setAside = await service.start()
        #expect(setAside?.movedTo == harness.stateFile.path + ".corrupt-1")
        await harness.eventually("the problem reported") {
            recorder.events.contains { if case .stateFileProblem = $0 { true } else { false } }
        }
        #expect(await service.wantedSet.count == 0)
        await service.stop()
        await harness.finish()
    }
}
