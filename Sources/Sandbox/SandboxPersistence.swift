import CoveoAPI
import Foundation

/// The sandbox's state file (`--state FILE`): a SQLite database in WAL mode. Each request's changes (the
/// organization's models, indexed items, the indexing queue, log entries, file containers) are written in one
/// transaction, committed (fsync) before the answer is sent: a `kill -9` at any moment loses nothing answered
/// with 2xx. An old JSON state file is imported once (kept beside it as `FILE.imported.json`).
final class SandboxPersistence {
    private let database: SQLiteDatabase
    /// The organization's models as last written, so an unchanged state is not written again.
    private var savedState = ""

    /// 'pshs' in `PRAGMA application_id`: a SQLite file of someone else's is refused, never read as ours.
    static let applicationID: Int64 = 0x7073_6873
    static let schemaVersion: Int64 = 1

    struct Loaded {
        var state: SandboxState
        var items: [String: [String: SandboxIndex.Item]]
        var pending: [SandboxIndex.Pending]
        var logs: [SandboxIndex.LogEntry]
        var containers: [String: SandboxIndex.Container]
        var blocked: [String: Int64]
    }

    private init(database: SQLiteDatabase, path: String) {
        self.database = database
        self.path = path
        identity = Self.facts(of: path)?.identity
    }

    /// The state file's path, and which file it named at open (device and inode): a file deleted or replaced
    /// while the sandbox runs must not be written to as if it were still there.
    private let path: String
    private let identity: [Int]?

    static let goneCode: Int32 = -2

    /// The file's device and inode, and its mode, from one read of its attributes; nil when it is not there.
    private static func facts(of path: String) -> (identity: [Int], mode: Int)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let device = attributes[.systemNumber] as? Int, let inode = attributes[.systemFileNumber] as? Int,
            let mode = attributes[.posixPermissions] as? Int
        else { return nil }
        return ([device, inode], mode)
    }

    /// Whether the owner may not write the file: its mode, not `access`, which says yes to root whatever the mode.
    private static func isReadOnly(_ mode: Int) -> Bool { mode & 0o200 == 0 }

    /// Why a write cannot be durable now: the file is gone, replaced, or read-only; nil when it is still ours.
    func fileProblem() -> String? {
        guard let now = Self.facts(of: path) else { return "the state file \(path) is gone" }
        if now.identity != identity { return "the state file \(path) was replaced by another file" }
        if Self.isReadOnly(now.mode) { return "the state file \(path) is read-only now" }
        return nil
    }

    /// Mode 0600 for the state file and SQLite's files beside it, those that exist; an error naming the mode when
    /// it cannot be changed (a file of another user's).
    static func makePrivate(_ path: String) throws(SandboxStateError) {
        if let facts = facts(of: path), isReadOnly(facts.mode) {
            throw SandboxStateError(message: "\(path) is read-only: the sandbox could save nothing to it")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                let mode = attributes[.posixPermissions] as? Int
            else { continue }
            guard mode & 0o077 != 0 else { continue }
            guard attributes[.type] as? FileAttributeType == .typeRegular, chmod(file, 0o600) == 0 else {
                throw SandboxStateError(
                    message: "\(file) is readable by others (mode \(String(mode, radix: 8))) and cannot be made "
                        + "private: it would hold the sandbox's keys; chmod 600 it or choose another file")
            }
        }
    }

    /// Opens (or creates) the state file. Returns what it holds, or nil for a new one; a JSON state file of an
    /// earlier pshell is imported first. A file that is neither is one clear error.
    static func open(_ path: String) throws(SandboxStateError) -> (SandboxPersistence, Loaded?) {
        var imported: (state: SandboxState, items: JSON?)?
        if let head = FileManager.default.contents(atPath: path)?.prefix(16), !head.isEmpty {
            if head.starts(with: Data("SQLite format 3".utf8)) {
                // Ours or not: the application id says.
            } else if head.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).first
                == UInt8(ascii: "{")
            {
                guard let state = try SandboxState.load(from: path) else {
                    throw SandboxStateError(message: "cannot read \(path)")
                }
                imported = (state, try SandboxState.readJSON(at: SandboxState.itemsFile(for: path)))
                let kept = path + ".imported.json"
                guard rename(path, kept) == 0 else {
                    throw SandboxStateError(
                        message: "cannot move \(path) aside to import it: \(String(cString: strerror(errno)))")
                }
            } else {
                throw SandboxStateError(message: "\(path) is not a pshell sandbox state file (neither SQLite nor JSON)")
            }
        }
        // The file holds API keys: it is created 0600, and SQLite gives its -wal and -shm files the same mode. One
        // made by another hand (0644, say) is made private first, its -wal and -shm too, or refused.
        try makePrivate(path)
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            guard descriptor >= 0 else {
                throw SandboxStateError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
            }
            close(descriptor)
        }
        let persistence: SandboxPersistence
        let loaded: Loaded?
        do {
            let database = try SQLiteDatabase(path: path)
            persistence = SandboxPersistence(database: database, path: path)
            try persistence.prepareSchema()
            loaded = try persistence.load(path)
        } catch let error as SQLiteError {
            throw SandboxStateError(message: "\(path): \(error.message)")
        } catch let error as SandboxStateError {
            throw error
        } catch {
            throw SandboxStateError(message: "\(path): \(error)")
        }
        if let imported {
            var index = SandboxIndex()
            index.tracksChanges = true
            if let items = imported.items { index.restore(items) }
            do {
                try persistence.commit(imported.state, index.takeChanges(), index: index)
            } catch {
                throw SandboxStateError(message: "\(path): cannot import the JSON state: \(error)")
            }
            return (persistence, try persistence.loadChecked(path))
        }
        return (persistence, loaded)
    }

    private func loadChecked(_ path: String) throws(SandboxStateError) -> Loaded? {
        do {
            return try load(path)
        } catch let error as SandboxStateError {
            throw error
        } catch {
            throw SandboxStateError(message: "\(path): \(error)")
        }
    }

    private func prepareSchema() throws(SQLiteError) {
        var applicationID: Int64 = 0
        var version: Int64 = 0
        var tables: Int64 = 0
        try database.query("PRAGMA application_id") { applicationID = $0.integer(0) }
        try database.query("PRAGMA user_version") { version = $0.integer(0) }
        try database.query("SELECT count(*) FROM sqlite_master") { tables = $0.integer(0) }
        if tables > 0 {
            guard applicationID == Self.applicationID else {
                throw SQLiteError(code: 0, message: "a SQLite database that is not a pshell sandbox state file")
            }
            guard version == Self.schemaVersion else {
                throw SQLiteError(
                    code: 0,
                    message:
                        "a sandbox state file of version \(version); this pshell reads version \(Self.schemaVersion)")
            }
        }
        // WAL: a commit is one append and one fsync; readers never block the writer. FULL: the fsync happens at
        // every commit, so an acknowledged change survives a power cut, not just a crash.
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;")
        guard tables == 0 else { return }
        try database.execute(
            """
            PRAGMA application_id = \(Self.applicationID);
            PRAGMA user_version = \(Self.schemaVersion);
            CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
            CREATE TABLE items (source TEXT NOT NULL, document_id TEXT NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY (source, document_id));
            CREATE TABLE pending (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);
            CREATE TABLE logs (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, source TEXT NOT NULL,
                document_id TEXT NOT NULL, operation TEXT NOT NULL, result TEXT NOT NULL, reason TEXT,
                ordering_id INTEGER NOT NULL);
            CREATE TABLE containers (file_id TEXT PRIMARY KEY, created INTEGER NOT NULL, content BLOB);
            CREATE TABLE blocked (source TEXT PRIMARY KEY, until INTEGER NOT NULL);
            CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """)
    }

    /// Everything the file holds; also what memory goes back to after a failed commit.
    func load(_ path: String) throws -> Loaded? {
        var stateText: String?
        try database.query("SELECT json FROM state WHERE id = 1") { stateText = $0.text(0) }
        guard let stateText else { return nil }
        let state = try SandboxState(json: try JSONParser.parse(Array(stateText.utf8)), file: path)
        savedState = stateText
        var items: [String: [String: SandboxIndex.Item]] = [:]
        var damaged: String?
        try database.query("SELECT source, document_id, json FROM items") { row in
            let source = row.text(0) ?? ""
            guard let text = row.text(2), let value = try? JSONParser.parse(Array(text.utf8)),
                let item = Self.item(value)
            else {
                damaged = "item \(row.text(1) ?? "?") of \(source)"
                return
            }
            items[source, default: [:]][item.documentId] = item
        }
        var pending: [SandboxIndex.Pending] = []
        try database.query("SELECT seq, json FROM pending ORDER BY seq") { row in
            guard let text = row.text(1), let value = try? JSONParser.parse(Array(text.utf8)),
                var operation = Self.pending(value)
            else {
                damaged = "queued operation \(row.integer(0))"
                return
            }
            operation.sequence = row.integer(0)
            pending.append(operation)
        }
        var logs: [SandboxIndex.LogEntry] = []
        try database.query(
            "SELECT seq, time, source, document_id, operation, result, reason, ordering_id FROM logs ORDER BY seq"
        ) { row in
            logs.append(
                .init(
                    sequence: UInt64(row.integer(0)), time: row.integer(1), sourceId: row.text(2) ?? "",
                    documentId: row.text(3) ?? "",
                    operation: row.text(4) ?? "", result: row.text(5) ?? "", reason: row.text(6),
                    orderingId: row.integer(7)))
        }
        var containers: [String: SandboxIndex.Container] = [:]
        try database.query("SELECT file_id, created, content FROM containers") { row in
            containers[row.text(0) ?? ""] = .init(created: row.integer(1), content: row.blob(2))
        }
        var blocked: [String: Int64] = [:]
        try database.query("SELECT source, until FROM blocked") { row in blocked[row.text(0) ?? ""] = row.integer(1) }
        if let damaged { throw SandboxStateError(message: "\(path) is damaged: \(damaged) cannot be read") }
        return Loaded(
            state: state, items: items, pending: pending, logs: logs, containers: containers, blocked: blocked)
    }

    /// The highest queue and log sequence numbers ever written, so new ones never reuse a row's.
    func sequences() throws(SQLiteError) -> (pending: Int64, logs: UInt64) {
        var values: [String: Int64] = [:]
        try database.query("SELECT name, value FROM sequences") { values[$0.text(0) ?? ""] = $0.integer(1) }
        return (values["pending"] ?? 0, UInt64(values["logs"] ?? 0))
    }

    /// Writes one request's changes in one transaction. Throws, having written nothing, if it cannot.
    /// `stateMayHaveChanged` is false for a read: the organization's models are then not even serialised (a GET
    /// changes them only through indexing, which shows in `changes`).
    func commit(
        _ state: SandboxState, _ changes: SandboxIndex.Changes, index: SandboxIndex, stateMayHaveChanged: Bool = true
    ) throws(SQLiteError) {
        guard stateMayHaveChanged || !changes.isEmpty else { return }
        let stateText = JSONWriter.compact(state.json)
        guard stateText != savedState || !changes.isEmpty else { return }
        if let problem = fileProblem() { throw SQLiteError(code: Self.goneCode, message: problem) }
        try database.transaction { () throws(SQLiteError) in
            if stateText != savedState {
                try database.run("INSERT OR REPLACE INTO state (id, json) VALUES (1, ?)", .text(stateText))
            }
            try writeItems(changes, index)
            try writeQueueAndLogs(changes)
            try writeContainersAndBlocks(changes, index)
        }
        savedState = stateText
    }

    /// The items a request changed, and the sources it removed (inside `commit`'s transaction).
    private func writeItems(_ changes: SandboxIndex.Changes, _ index: SandboxIndex) throws(SQLiteError) {
        for source in changes.removedSources {
            try database.run("DELETE FROM items WHERE source = ?", .text(source))
        }
        for key in changes.items {
            if let item = index.items[key.source]?[key.documentId] {
                try database.run(
                    "INSERT OR REPLACE INTO items (source, document_id, json) VALUES (?, ?, ?)", .text(key.source),
                    .text(key.documentId), .text(JSONWriter.compact(Self.json(item))))
            } else {
                try database.run(
                    "DELETE FROM items WHERE source = ? AND document_id = ?", .text(key.source), .text(key.documentId))
            }
        }
    }

    /// The operations queued and dequeued, the log entries written and trimmed, and both sequences.
    private func writeQueueAndLogs(_ changes: SandboxIndex.Changes) throws(SQLiteError) {
        for operation in changes.enqueued {
            try database.run(
                "INSERT INTO pending (seq, json) VALUES (?, ?)", .integer(operation.sequence),
                .text(JSONWriter.compact(Self.json(operation))))
        }
        for sequence in changes.dequeued {
            try database.run("DELETE FROM pending WHERE seq = ?", .integer(sequence))
        }
        if let last = changes.enqueued.last?.sequence {
            try database.run("INSERT OR REPLACE INTO sequences (name, value) VALUES ('pending', ?)", .integer(last))
        }
        for entry in changes.logs {
            try database.run(
                "INSERT INTO logs (seq, time, source, document_id, operation, result, reason, "
                    + "ordering_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                .integer(Int64(entry.sequence)), .integer(entry.time), .text(entry.sourceId), .text(entry.documentId),
                .text(entry.operation), .text(entry.result), entry.reason.map { .text($0) } ?? .null,
                .integer(entry.orderingId))
        }
        if let last = changes.logs.last?.sequence {
            try database.run("INSERT OR REPLACE INTO sequences (name, value) VALUES ('logs', ?)", .integer(Int64(last)))
        }
        if let below = changes.logsTrimmedBelow {
            try database.run("DELETE FROM logs WHERE seq < ?", .integer(Int64(below)))
        }
    }

    /// The file containers made or consumed, and the sources blocked by a deleteOlderThan.
    private func writeContainersAndBlocks(_ changes: SandboxIndex.Changes, _ index: SandboxIndex) throws(SQLiteError) {
        for fileId in changes.containers {
            if let container = index.containers[fileId] {
                try database.run(
                    "INSERT OR REPLACE INTO containers (file_id, created, content) VALUES (?, ?, ?)", .text(fileId),
                    .integer(container.created), container.content.map { .blob($0) } ?? .null)
            } else {
                try database.run("DELETE FROM containers WHERE file_id = ?", .text(fileId))
            }
        }
        if changes.blocked {
            try database.run("DELETE FROM blocked")
            for (source, until) in index.blockedUntil {
                try database.run("INSERT INTO blocked (source, until) VALUES (?, ?)", .text(source), .integer(until))
            }
        }
    }

    // MARK: Rows

    static func json(_ item: SandboxIndex.Item) -> JSON {
        [
            "documentId": .string(item.documentId), "orderingId": .int64(item.orderingId),
            "indexedDate": .int64(item.indexedDate),
            "fields": .object(item.body), "unmappedMetadata": .array(item.unmappedMetadata.map(JSON.string)),
        ]
    }

    static func item(_ json: JSON) -> SandboxIndex.Item? {
        guard let id = json["documentId"]?.stringValue, let body = json["fields"]?.objectValue,
            let orderingId = json["orderingId"].flatMap(int64), let indexed = json["indexedDate"].flatMap(int64)
        else { return nil }
        return SandboxIndex.Item(
            documentId: id, body: body, orderingId: orderingId, parentId: body["parentId"]?.stringValue,
            indexedDate: indexed,
            unmappedMetadata: json["unmappedMetadata"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    static func json(_ pending: SandboxIndex.Pending) -> JSON {
        var operation: JSON
        switch pending.operation {
        case .addOrUpdate(let documentId, let body):
            operation = ["kind": "addOrUpdate", "documentId": .string(documentId), "body": .object(body)]
        case .delete(let documentId, let children):
            operation = ["kind": "delete", "documentId": .string(documentId), "children": .bool(children)]
        case .deleteOlderThan(let orderingId):
            operation = ["kind": "deleteOlderThan", "orderingId": .int64(orderingId)]
        }
        return [
            "sourceId": .string(pending.sourceId), "orderingId": .int64(pending.orderingId), "due": .int64(pending.due),
            "operation": operation,
        ]
    }

    static func pending(_ json: JSON) -> SandboxIndex.Pending? {
        guard let source = json["sourceId"]?.stringValue, let orderingId = json["orderingId"].flatMap(int64),
            let due = json["due"].flatMap(int64), let operation = json["operation"]
        else { return nil }
        let kind: SandboxIndex.Operation
        switch operation["kind"]?.stringValue {
        case "addOrUpdate":
            guard let id = operation["documentId"]?.stringValue, let body = operation["body"]?.objectValue else {
                return nil
            }
            kind = .addOrUpdate(documentId: id, body: body)
        case "delete":
            guard let id = operation["documentId"]?.stringValue else { return nil }
            kind = .delete(documentId: id, children: operation["children"]?.boolValue ?? false)
        case "deleteOlderThan":
            guard let limit = operation["orderingId"].flatMap(int64) else { return nil }
            kind = .deleteOlderThan(orderingId: limit)
        default:
            return nil
        }
        return SandboxIndex.Pending(sourceId: source, operation: kind, orderingId: orderingId, due: due)
    }

    private static func int64(_ json: JSON) -> Int64? {
        if case .number(let text) = json { return Int64(text) }
        return nil
    }
}
