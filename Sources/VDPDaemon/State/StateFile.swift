import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file that keeps the ``WantedSet`` across restarts, written atomically: the new content goes to a
/// temporary file in the same directory, which is synced, renamed over the old one, and the directory synced,
/// so that after a crash or power loss the file holds either the old set or the new one, never a mix.
///
/// A file that cannot be decoded is never taken as empty silently: ``loadOrSetAside()`` renames it aside
/// (`state.json.corrupt-N`) and says so, and the daemon starts with an empty set.
public struct StateFile: Sendable {
    /// The file's path.
    public let path: String

    /// The largest state file read: 256 MiB (about 500,000 wanted VSIs).
    public static let maximumSize = 256 << 20

    /// A state file at `path` (its directory must exist to save).
    public init(path: String) {
        self.path = path
    }

    /// What loading found when the file could not be used, and where it was moved.
    public struct SetAside: Hashable, Sendable {
        /// Why the file could not be used.
        public var error: StateFileError
        /// Where it now is, or `nil` when it could not be moved (it is then left in place and not overwritten
        /// until the daemon saves a new set).
        public var movedTo: String?
    }

    /// The set in the file; an empty set when there is no file. Throws for a file that exists but cannot be
    /// read or decoded.
    public func load() throws(StateFileError) -> WantedSet {
        guard let data = try read() else {
            return WantedSet()
        }
        do {
            return try JSONDecoder().decode(WantedSet.self, from: data)
        } catch {
            throw StateFileError(.corrupt, path: path, Self.describe(error))
        }
    }

    /// The set in the file, or, when the file is corrupt, an empty set and the file renamed aside (to the
    /// first free `PATH.corrupt-N`), reported in the result. An unreadable file is reported and left in place.
    public func loadOrSetAside() -> (set: WantedSet, setAside: SetAside?) {
        do {
            return (try load(), nil)
        } catch {
            guard error.code == .corrupt || error.code == .tooLarge else {
                return (WantedSet(), SetAside(error: error, movedTo: nil))
            }
            for number in 1...1_000 {
                let target = "\(path).corrupt-\(number)"
                if access(target, F_OK) == 0 {
                    continue
                }
                if rename(path, target) == 0 {
                    return (WantedSet(), SetAside(error: error, movedTo: target))
                }
                break
            }
            return (WantedSet(), SetAside(error: error, movedTo: nil))
        }
    }

    /// Writes `set` atomically (temporary file, fsync, rename, fsync of the directory).
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
    }

    /// Writes `data` atomically.
    func write(_ data: Data) throws(StateFileError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw failure("open \(temporary)")
        }
        var written = 0
        let total = data.count
        let writeError: StateFileError? = data.withUnsafeBytes { buffer -> StateFileError? in
            guard let base = buffer.baseAddress else {
                return nil
            }
            while written < total {
                let result = systemWrite(descriptor, base + written, total - written)
                if result < 0 {
                    if errno == EINTR {
                        continue
                    }
                    return failure("write \(temporary)")
                }
                written += result
            }
            return nil
        }
        if let writeError {
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
        let directory = open(Self.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw failure("open the directory of \(path)")
        }
        defer { close(directory) }
        guard fsync(directory) == 0 else {
            throw failure("fsync the directory of \(path)")
        }
    }

    /// The file's content, or `nil` when there is no file.
    private func read() throws(StateFileError) -> Data? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT {
                return nil
            }
            throw failure("stat", code: .unreadable)
        }
        guard Int(status.st_size) <= Self.maximumSize else {
            throw StateFileError(.tooLarge, path: path, "\(status.st_size) octets; at most \(Self.maximumSize)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure("open", code: .unreadable)
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
