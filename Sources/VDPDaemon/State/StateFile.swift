import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files that keep the ``WantedSet`` across restarts: a snapshot (`state.json`) and, next to it, an
/// append-only journal (`state.journal`) of the changes made since the snapshot, one JSON line per change.
///
/// A change costs one line appended and synced (``append(_:of:)``), whatever the size of the set. The snapshot
/// is written atomically (``save(_:)``: temporary file, fsync, rename, fsync of the directory), and then the
/// journal is removed: this compaction happens when the journal grows long and at start. Every journal line
/// sets one VSI's want whole (or removes it), so replaying a journal over a snapshot that already holds it
/// gives the same set: a crash between the rename and the removal loses nothing.
///
/// Loading reads the snapshot, then replays the journal in order. A torn last line (a crash while appending)
/// is ignored and reported. Anything else that cannot be decoded is never taken as empty silently:
/// ``loadOrSetAside()`` renames the files aside (`state.json.corrupt-N`, `state.journal.corrupt-N`) and says
/// so, and the daemon starts with an empty set.
public struct StateFile: Sendable {
    /// The snapshot's path.
    public let path: String

    /// The journal's path: the snapshot's, with its extension (if any) replaced by `.journal`.
    public var journalPath: String {
        let name = path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...]
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            return path + ".journal"
        }
        return String(path[..<dot]) + ".journal"
    }

    /// The largest snapshot or journal read: 256 MiB (about 500,000 wanted VSIs).
    public static let maximumSize = 256 << 20

    /// A state file at `path` (its directory must exist to save).
    public init(path: String) {
        self.path = path
    }

    /// What loading found when the files could not be used, and where they were moved.
    public struct SetAside: Hashable, Sendable {
        /// Why the files could not be used.
        public var error: StateFileError
        /// Where the snapshot now is, or `nil` when there was none or it could not be moved (it is then left
        /// in place and not overwritten until the daemon saves a new set).
        public var movedTo: String?
        /// Where the journal now is, or `nil` when there was none or it could not be moved.
        public var journalMovedTo: String? = nil
    }

    /// What ``loadOrSetAside()`` read.
    public struct Loaded: Sendable {
        /// The set (empty when the files were set aside).
        public var set: WantedSet
        /// The files set aside, if any.
        public var setAside: SetAside?
        /// How many journal lines were replayed.
        public var journalEntries: Int = 0
        /// Why the journal's last line was ignored (torn by a crash while appending), if it was.
        public var tornLastLine: String? = nil
    }

    /// The set in the files; an empty set when there are none. Throws for a file that exists but cannot be
    /// read or decoded (a torn last journal line excepted).
    public func load() throws(StateFileError) -> WantedSet {
        try loadWithJournal().set
    }

    /// The set, how many journal lines were replayed and why the last one was ignored, if it was.
    func loadWithJournal() throws(StateFileError) -> (set: WantedSet, entries: Int, torn: String?) {
        var set = WantedSet()
        if let data = try read(path) {
            do {
                set = try JSONDecoder().decode(WantedSet.self, from: data)
            } catch {
                throw StateFileError(.corrupt, path: path, Self.describe(error))
            }
        }
        guard let journal = try read(journalPath) else {
            return (set, 0, nil)
        }
        let lines = journal.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let decoder = JSONDecoder()
        var entries = 0
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isLast = index == lines.count - 1
            do {
                let entry = try decoder.decode(JournalEntry.self, from: Data(line))
                entry.apply(to: &set)
                entries += 1
            } catch {
                // The last line is torn (no final newline) or unreadable: a crash while appending.
                guard isLast || (index == lines.count - 2 && lines[lines.count - 1].isEmpty) else {
                    throw StateFileError(.corrupt, path: journalPath, "line \(index + 1): \(Self.describe(error))")
                }
                return (set, entries, "line \(index + 1): \(Self.describe(error))")
            }
            if isLast {
                return (set, entries, "line \(index + 1) has no final newline")
            }
        }
        return (set, entries, nil)
    }

    /// The set in the files, or, when they are corrupt, an empty set and the files renamed aside (to the first
    /// free `PATH.corrupt-N`), reported in the result. An unreadable file is reported and left in place.
    public func loadOrSetAside() -> Loaded {
        do {
            let (set, entries, torn) = try loadWithJournal()
            return Loaded(set: set, setAside: nil, journalEntries: entries, tornLastLine: torn)
        } catch {
            guard error.code == .corrupt || error.code == .tooLarge else {
                return Loaded(set: WantedSet(), setAside: SetAside(error: error, movedTo: nil))
            }
            return Loaded(
                set: WantedSet(),
                setAside: SetAside(
                    error: error,
                    movedTo: Self.moveAside(path),
                    journalMovedTo: Self.moveAside(journalPath)
                )
            )
        }
    }

    private static func moveAside(_ path: String) -> String? {
        guard access(path, F_OK) == 0 else {
            return nil
        }
        for number in 1...1_000 {
            let target = "\(path).corrupt-\(number)"
            if access(target, F_OK) == 0 {
                continue
            }
            return rename(path, target) == 0 ? target : nil
        }
        return nil
    }

    /// Writes `set` as the snapshot atomically (temporary file, fsync, rename, fsync of the directory), then
    /// removes the journal (compaction).
    public func save(_ set: WantedSet) throws(StateFileError) {
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(set)
        } catch {
            throw StateFileError(.writeFailed, path: path, "encoding: \(error)")
        }
        try write(data)
        guard unlink(journalPath) == 0 || errno == ENOENT else {
            throw failure("unlink \(journalPath)")
        }
        try syncDirectory()
    }

    /// Appends to the journal, and syncs, one line per key: the want `set` has for it, or its removal when
    /// `set` has none. Creates the journal (and syncs the directory) when there is none.
    public func append(_ keys: [WantedKey], of set: WantedSet) throws(StateFileError) {
        guard !keys.isEmpty else {
            return
        }
        var data = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for key in keys {
            let want = set.wanted(key.vsiID, on: key.interface)
            let entry = JournalEntry(interface: key.interface, want: want, remove: want == nil ? key.vsiID : nil)
            do {
                data.append(try encoder.encode(entry))
            } catch {
                throw StateFileError(.writeFailed, path: journalPath, "encoding: \(error)")
            }
            data.append(UInt8(ascii: "\n"))
        }
        let created = access(journalPath, F_OK) != 0
        let descriptor = open(journalPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw failure("open \(journalPath)")
        }
        defer { close(descriptor) }
        if let error = writeAll(data, to: descriptor, named: journalPath) {
            throw error
        }
        guard fsync(descriptor) == 0 else {
            throw failure("fsync \(journalPath)")
        }
        if created {
            try syncDirectory()
        }
    }

    private func writeAll(_ data: Data, to descriptor: Int32, named name: String) -> StateFileError? {
        var written = 0
        let total = data.count
        return data.withUnsafeBytes { buffer -> StateFileError? in
            guard let base = buffer.baseAddress else {
                return nil
            }
            while written < total {
                let result = systemWrite(descriptor, base + written, total - written)
                if result < 0 {
                    if errno == EINTR {
                        continue
                    }
                    return failure("write \(name)")
                }
                written += result
            }
            return nil
        }
    }

    private func syncDirectory() throws(StateFileError) {
        let directory = open(Self.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw failure("open the directory of \(path)")
        }
        defer { close(directory) }
        guard fsync(directory) == 0 else {
            throw failure("fsync the directory of \(path)")
        }
    }

    /// Writes `data` atomically.
    func write(_ data: Data) throws(StateFileError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw failure("open \(temporary)")
        }
        if let writeError = writeAll(data, to: descriptor, named: temporary) {
            close(descriptor)
            unlink(temporary)
            throw writeError
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("fsync \(temporary)")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure("rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        try syncDirectory()
    }

    /// The content of the file at `path`, or `nil` when there is no file.
    private func read(_ path: String) throws(StateFileError) -> Data? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT {
                return nil
            }
            throw failure("stat \(path)", code: .unreadable)
        }
        guard Int(status.st_size) <= Self.maximumSize else {
            throw StateFileError(.tooLarge, path: path, "\(status.st_size) octets; at most \(Self.maximumSize)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure("open \(path)", code: .unreadable)
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: Self.maximumSize + 1) ?? Data()
            guard data.count <= Self.maximumSize else {
                throw StateFileError(.tooLarge, path: path, "more than \(Self.maximumSize) octets")
            }
            return data
        } catch let error as StateFileError {
            throw error
        } catch {
            throw StateFileError(.unreadable, path: path, "read: \(error)")
        }
    }

    private func failure(_ operation: String, code: StateFileError.Code = .writeFailed) -> StateFileError {
        StateFileError(code, path: path, "\(operation): \(String(cString: strerror(errno)))")
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else {
            return "."
        }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context): context.debugDescription
        case DecodingError.valueNotFound(_, let context): context.debugDescription
        default: "\(error)"
        }
    }
}

/// `write(2)` (the name `write` is taken by ``StateFile``'s own method).
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
