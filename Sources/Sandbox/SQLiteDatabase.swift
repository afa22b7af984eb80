import CSQLite
import Foundation

/// What SQLite said went wrong, with the statement's purpose.
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { message }
}

/// The little of SQLite the sandbox needs: statements with bound values, rows read in order, transactions.
/// Owned by the store's actor, never shared: one connection, used from one place at a time.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    let path: String
    private var cache: [String: OpaquePointer] = [:]

    /// Done once, before the first connection (SQLite refuses it after it initializes).
    private static let configured: Bool = {
        _ = pshell_sqlite_disable_memory_statistics()
        return true
    }()

    init(path: String) throws(SQLiteError) {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close(db) }
            throw SQLiteError(code: status, message: "cannot open \(path): \(message)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 2000)
        SearchWords.register(on: db)
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close(handle)
    }

    private func failure(_ code: Int32, _ what: String) -> SQLiteError {
        SQLiteError(code: code, message: "\(what): \(String(cString: sqlite3_errmsg(handle)))")
    }

    /// Runs SQL without results (several statements allowed).
    func execute(_ sql: String) throws(SQLiteError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(status, sql.prefix(60).description) }
    }

    enum Value {
        case integer(Int64)
        case text(String)
        case blob(Data)
        case null

        /// The value as text (a cache key's part).
        var text: String {
            switch self {
            case .integer(let number): String(number)
            case .text(let text): "t" + text
            case .blob(let data): "b\(data.count)"
            case .null: "null"
            }
        }
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = cache[sql] {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            return statement
        }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, "prepare \(sql.prefix(60))") }
        cache[sql] = statement
        return statement
    }

    private func bind(_ values: [Value], to statement: OpaquePointer) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, pshell_sqlite_transient)
            case .blob(let data):
                status = data.withUnsafeBytes { bytes in
                    sqlite3_bind_blob64(
                        statement, index, bytes.baseAddress, sqlite3_uint64(bytes.count), pshell_sqlite_transient)
                }
            case .null: status = sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw failure(status, "bind") }
        }
    }

    /// Runs one statement that returns no rows.
    func run(_ sql: String, _ values: Value...) throws(SQLiteError) { try run(sql, values: values) }

    /// Runs one statement that returns no rows, its values in an array (a filter's list of any length).
    func run(_ sql: String, values: [Value]) throws(SQLiteError) {
        let statement = try prepared(sql)
        try bind(values, to: statement)
        let status = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard status == SQLITE_DONE || status == SQLITE_ROW else { throw failure(status, sql.prefix(60).description) }
    }

    /// A row's columns, read by position.
    struct Row {
        fileprivate let statement: OpaquePointer

        func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(statement, column) else { return nil }
            return String(cString: bytes)
        }

        func blob(_ column: Int32) -> Data? {
            guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return Data() }
            return Data(bytes: bytes, count: count)
        }
    }

    /// Calls `body` for each row of a query, in order.
    func query(_ sql: String, _ values: Value..., body: (Row) throws(SQLiteError) -> Void) throws(SQLiteError) {
        try query(sql, values: values, body: body)
    }

    /// Calls `body` for each row of a query, in order, its values in an array.
    func query(_ sql: String, values: [Value], body: (Row) throws(SQLiteError) -> Void) throws(SQLiteError) {
        let statement = try prepared(sql)
        try bind(values, to: statement)
        defer { sqlite3_reset(statement) }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status, sql.prefix(60).description) }
            try body(Row(statement: statement))
        }
    }

    /// The first column of the first row, as an integer; nil when there is no row.
    func integer(_ sql: String, _ values: Value...) throws(SQLiteError) -> Int64? {
        try integer(sql, values: values)
    }

    func integer(_ sql: String, values: [Value]) throws(SQLiteError) -> Int64? {
        var value: Int64?
        try query(sql, values: values) { value = value ?? $0.integer(0) }
        return value
    }

    /// How many rows the statements of this connection have changed since it opened: a transaction that changed
    /// none has nothing to make durable.
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// How many rows the last statement changed itself (not counting what its triggers changed).
    var lastChanges: Int { Int(sqlite3_changes64(handle)) }

    /// Runs `body` in one transaction: all of it is on disk when this returns, or none of it is.
    func transaction(_ body: () throws(SQLiteError) -> Void) throws(SQLiteError) {
        try execute("BEGIN IMMEDIATE")
        do {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
