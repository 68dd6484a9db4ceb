import CSQLite
import Dispatch
import Synchronization
import VDPAgent
import VDPProtocol
import VDPWire

/// A bridge's VSI tables in one SQLite file (`vdpctl bridge --state FILE`), one table per bridge port
/// (``table(port:)``), durable across `kill -9` and power loss.
///
/// The file is in WAL mode with `synchronous=FULL`: a commit returns only once its WAL frames are on disk (one
/// fsync per commit), so what a ``BridgeAgent`` told a station is never lost. The file is held with an exclusive
/// lock: a second process cannot open it (two bridges must not share a table). Its schema is versioned
/// (``schemaVersion``, in `PRAGMA user_version`) and marked as a swift-vdp file (`PRAGMA application_id`); opening
/// a file that is damaged, foreign or of a newer schema fails with a typed error and changes nothing. Calls run
/// on a thread of the file's own, one at a time, so a commit's fsync never blocks the agents' threads.
public final class BridgeStateFile: Sendable {
    /// The schema this version writes and reads.
    public static let schemaVersion: Int64 = 1
    /// The `application_id` that marks a swift-vdp bridge state file ("VDPB").
    static let applicationID: Int64 = 0x5644_5042

    /// The file's path.
    public let path: String
    private let connection: Mutex<SQLiteConnection?>
    private let queue: DispatchQueue

    private init(path: String, connection: sending SQLiteConnection) {
        self.path = path
        self.connection = Mutex(connection)
        self.queue = DispatchQueue(label: "vdp.bridge-state")
    }

    /// Opens the file at `path`, creating it (and its schema) when it does not exist, and checks it: a file that
    /// is not a swift-vdp bridge state file, is damaged (SQLite's `quick_check`), has a newer schema, or is in use
    /// by another process is refused.
    public static func open(path: String) throws(BridgeTableStoreError) -> BridgeStateFile {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        guard try connection.firstRow("PRAGMA journal_mode=WAL", { $0.text(0).lowercased() }) == "wal" else {
            throw BridgeTableStoreError(.unreadable, "\(path): cannot switch to WAL mode")
        }
        try connection.execute("PRAGMA synchronous=FULL")
        let tables = try connection.firstRow("SELECT count(*) FROM sqlite_schema", { $0.int64(0) }) ?? 0
        let application = try integerPragma("application_id", connection)
        let version = try integerPragma("user_version", connection)
        if tables == 0, application == 0, version == 0 {
            try connection.execute(
                """
                BEGIN IMMEDIATE;
                CREATE TABLE vsi(
                    port TEXT NOT NULL, vsiid BLOB NOT NULL, station INTEGER NOT NULL, deadline INTEGER NOT NULL,
                    vdp BLOB NOT NULL, holds BLOB NOT NULL, PRIMARY KEY (port, vsiid)) WITHOUT ROWID;
                PRAGMA application_id=\(applicationID);
                PRAGMA user_version=\(schemaVersion);
                COMMIT;
                """
            )
        } else {
            guard application == applicationID else {
                throw BridgeTableStoreError(.corrupt, "\(path): not a swift-vdp bridge state file")
            }
            guard version <= schemaVersion, version >= 1 else {
                throw BridgeTableStoreError(
                    .unsupportedSchema,
                    "\(path): schema version \(version); this version reads \(schemaVersion)"
                )
            }
            let verdict = try connection.firstRow("PRAGMA quick_check", { $0.text(0) }) ?? ""
            guard verdict == "ok" else {
                throw BridgeTableStoreError(.corrupt, "\(path): damaged (\(verdict.prefix(200)))")
            }
            // Takes the exclusive lock now: a second bridge on the same file fails here, not at its first grant.
            try connection.execute("BEGIN IMMEDIATE; COMMIT;")
        }
        return BridgeStateFile(path: path, connection: connection)
    }

    private static func integerPragma(_ name: String, _ connection: SQLiteConnection) throws(BridgeTableStoreError)
        -> Int64
    {
        try connection.firstRow("PRAGMA \(name)", { $0.int64(0) }) ?? 0
    }

    /// The table of one bridge port (as its interface is named), for ``BridgeTableStorage/store``.
    public func table(port: String) -> BridgePortTable {
        BridgePortTable(file: self, port: port)
    }

    /// Closes the file; later calls fail with ``BridgeTableStoreError/Code/unreadable``.
    public func close() {
        queue.sync {
            _ = connection.withLock { $0.take() }
        }
    }

    /// Runs `body` on the file's thread.
    func run<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws(BridgeTableStoreError) -> T
    ) async throws(BridgeTableStoreError) -> T {
        let path = path
        let result: Result<T, BridgeTableStoreError> = await withCheckedContinuation { continuation in
            queue.async {
                let result = self.connection.withLock { connection -> Result<T, BridgeTableStoreError> in
                    guard let connection else {
                        return .failure(BridgeTableStoreError(.unreadable, "\(path): closed"))
                    }
                    do throws(BridgeTableStoreError) {
                        return .success(try body(connection))
                    } catch {
                        return .failure(error)
                    }
                }
                continuation.resume(returning: result)
            }
        }
        return try result.get()
    }

    /// Every record of `port`.
    func load(port: String) async throws(BridgeTableStoreError) -> [BridgeTableRecord] {
        let path = path
        return try await run { connection throws(BridgeTableStoreError) in
            let select = try connection.statement("SELECT station, deadline, vdp, holds FROM vsi WHERE port = ?1")
            defer { select.reset() }
            select.bind(1, port)
            var records: [BridgeTableRecord] = []
            while try select.step() {
                guard
                    let record = BridgeRecordCodec.record(
                        station: select.int64(0),
                        deadline: select.int64(1),
                        vdp: select.blob(2),
                        holds: select.blob(3)
                    )
                else {
                    throw BridgeTableStoreError(.corrupt, "\(path): a record of port \(port) does not decode")
                }
                records.append(record)
            }
            return records
        }
    }

    /// Makes `changes` of `port` durable in one transaction.
    func commit(_ changes: [BridgeTableChange], port: String) async throws(BridgeTableStoreError) {
        try await run { connection throws(BridgeTableStoreError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(BridgeTableStoreError) {
                let put = try connection.statement(
                    "INSERT OR REPLACE INTO vsi(port, vsiid, station, deadline, vdp, holds) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                )
                let remove = try connection.statement("DELETE FROM vsi WHERE port = ?1 AND vsiid = ?2")
                for change in changes {
                    switch change {
                    case .put(let record):
                        sqlite3_reset(put.handle)
                        put.bind(1, port)
                        put.bind(2, BridgeRecordCodec.key(record.key.vsiID))
                        put.bind(3, Int64(bitPattern: record.key.station.rawValue))
                        put.bind(4, record.keepAliveDeadline.wallNanoseconds)
                        put.bind(5, BridgeRecordCodec.vdp(record))
                        put.bind(6, BridgeRecordCodec.holds(record.vidHolds))
                        _ = try put.step(code: .writeFailed)
                    case .remove(let vsiID):
                        sqlite3_reset(remove.handle)
                        remove.bind(1, port)
                        remove.bind(2, BridgeRecordCodec.key(vsiID))
                        _ = try remove.step(code: .writeFailed)
                    @unknown default:
                        continue
                    }
                }
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}

/// One bridge port's table in a ``BridgeStateFile``: the ``BridgeTableStore`` a ``BridgeAgent`` on that port
/// uses.
public struct BridgePortTable: BridgeTableStore {
    /// The file.
    public let file: BridgeStateFile
    /// The port (interface) name the records are kept under.
    public let port: String

    /// Every record of the port.
    public func load() async throws(BridgeTableStoreError) -> [BridgeTableRecord] {
        try await file.load(port: port)
    }

    /// Makes the changes durable in one transaction (one fsync).
    public func commit(_ changes: [BridgeTableChange]) async throws(BridgeTableStoreError) {
        try await file.commit(changes, port: port)
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to `Int64`.
    var wallNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else {
            return seconds < 0 ? .min : .max
        }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? (seconds < 0 ? .min : .max) : sum
    }
}
