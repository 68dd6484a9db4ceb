import CSQLite
import VDPAgent

/// One open SQLite database: prepared statements and typed errors over the C API. Not thread-safe: its owner
/// serializes every call.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating) the database at `path`.
    init(path: String) throws(BridgeTableStoreError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened else {
            throw BridgeTableStoreError(.unreadable, "\(path): cannot open (SQLite status \(status))")
        }
        guard status == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(opened))
            sqlite3_close_v2(opened)
            throw BridgeTableStoreError(.unreadable, "\(path): \(message)")
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values {
            sqlite3_finalize(statement)
        }
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without results (several statements allowed).
    func execute(_ sql: String) throws(BridgeTableStoreError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else {
            throw error(status, doing: sql)
        }
    }

    /// The statement for `sql`, prepared once and reset for reuse.
    func statement(_ sql: String) throws(BridgeTableStoreError) -> Statement {
        if let prepared = statements[sql] {
            sqlite3_reset(prepared)
            sqlite3_clear_bindings(prepared)
            return Statement(handle: prepared, connection: self)
        }
        var prepared: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard status == SQLITE_OK, let prepared else {
            throw error(status, doing: sql)
        }
        statements[sql] = prepared
        return Statement(handle: prepared, connection: self)
    }

    /// The first row of `sql` as `read` reads it (`nil` without a row); the statement is reset after.
    func firstRow<T>(_ sql: String, _ read: (Statement) -> T) throws(BridgeTableStoreError) -> T? {
        let statement = try statement(sql)
        defer { statement.reset() }
        return try statement.step() ? read(statement) : nil
    }

    /// A typed error for an SQLite status: a damaged or foreign file is `corrupt`, anything else `code`.
    func error(_ status: Int32, doing what: String, code: BridgeTableStoreError.Code = .unreadable)
        -> BridgeTableStoreError
    {
        let primary = status & 0xFF
        let message = String(cString: sqlite3_errmsg(handle))
        let kind: BridgeTableStoreError.Code = primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? .corrupt : code
        return BridgeTableStoreError(kind, "\(message) (SQLite status \(status), in \(what.prefix(60)))")
    }

    /// A prepared statement, bound and stepped by its user.
    struct Statement {
        let handle: OpaquePointer
        unowned let connection: SQLiteConnection

        /// Ends the statement's current run, so it holds no read open.
        func reset() {
            sqlite3_reset(handle)
        }

        func bind(_ index: Int32, _ value: Int64) {
            sqlite3_bind_int64(handle, index, value)
        }

        func bind(_ index: Int32, _ value: String) {
            sqlite3_bind_text(handle, index, value, -1, sqliteTransient)
        }

        func bind(_ index: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes { buffer in
                _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), sqliteTransient)
            }
        }

        /// Steps once: `true` while a row is there, `false` when done.
        func step(code: BridgeTableStoreError.Code = .unreadable) throws(BridgeTableStoreError) -> Bool {
            let status = sqlite3_step(handle)
            switch status {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw connection.error(status, doing: String(cString: sqlite3_sql(handle)), code: code)
            }
        }

        func int64(_ column: Int32) -> Int64 {
            sqlite3_column_int64(handle, column)
        }

        func text(_ column: Int32) -> String {
            guard let text = sqlite3_column_text(handle, column) else {
                return ""
            }
            return String(cString: text)
        }

        func blob(_ column: Int32) -> [UInt8] {
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let base = sqlite3_column_blob(handle, column) else {
                return []
            }
            return Array(UnsafeRawBufferPointer(start: base, count: count))
        }
    }
}

/// SQLITE_TRANSIENT: SQLite copies a bound value before the call returns.
private let sqliteTransient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)
