import CoveoAPI
import Foundation

/// The tables of the sandbox's database, each with the indexes its queries need, and the upgrade of a state file
/// an earlier pshell wrote.
enum SandboxSchema {
    /// The organization's row, its sources and providers (a row each, in creation order), and the blocked sources:
    /// the tables version 1 and 2 share are `state` and `blocked`.
    private static let shared = [
        "CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)",
        "CREATE TABLE blocked (source TEXT PRIMARY KEY, until INTEGER NOT NULL)",
    ]

    private static let version2 = [
        "CREATE TABLE sources (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL)",
        "CREATE TABLE providers (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL)",
        // Items by source and id (a lookup, a page, a prefix of attachments); by source and orderingId (a
        // delete-older-than); each source's count kept by triggers, never counted.
        """
        CREATE TABLE items (source TEXT NOT NULL, document_id TEXT NOT NULL, ordering_id INTEGER NOT NULL,
            parent_id TEXT, indexed_date INTEGER NOT NULL, body TEXT NOT NULL, unmapped TEXT NOT NULL,
            PRIMARY KEY (source, document_id))
        """,
        "CREATE INDEX items_ordering ON items (source, ordering_id)",
        "CREATE TABLE item_counts (source TEXT PRIMARY KEY, items INTEGER NOT NULL) WITHOUT ROWID",
        """
        CREATE TRIGGER items_added AFTER INSERT ON items BEGIN
            INSERT INTO item_counts VALUES (new.source, 1) ON CONFLICT (source) DO UPDATE SET items = items + 1;
        END
        """,
        """
        CREATE TRIGGER items_removed AFTER DELETE ON items BEGIN
            UPDATE item_counts SET items = items - 1 WHERE source = old.source;
        END
        """,
        """
        CREATE TABLE pending (seq INTEGER PRIMARY KEY, source TEXT NOT NULL, due INTEGER NOT NULL,
            ordering_id INTEGER NOT NULL, operation TEXT NOT NULL)
        """,
        "CREATE INDEX pending_source ON pending (source)",
        // Log entries in arrival order (AUTOINCREMENT: a sequence, which their guids carry, is never reused), by
        // time, by source and time, by item; counted per second, source, operation and result.
        """
        CREATE TABLE logs (seq INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, source TEXT NOT NULL,
            document_id TEXT NOT NULL, operation TEXT NOT NULL, result TEXT NOT NULL, reason TEXT,
            ordering_id INTEGER NOT NULL)
        """,
        "CREATE INDEX logs_time ON logs (time)",
        "CREATE INDEX logs_source ON logs (source, time)",
        "CREATE INDEX logs_document ON logs (document_id)",
        """
        CREATE TABLE log_counts (second INTEGER NOT NULL, source TEXT NOT NULL, operation TEXT NOT NULL,
            result TEXT NOT NULL, entries INTEGER NOT NULL, PRIMARY KEY (second, source, operation, result))
            WITHOUT ROWID
        """,
        """
        CREATE TRIGGER logs_counted AFTER INSERT ON logs BEGIN
            INSERT INTO log_counts VALUES (new.time / 1000, new.source, new.operation, new.result, 1)
            ON CONFLICT (second, source, operation, result) DO UPDATE SET entries = entries + 1;
        END
        """,
        """
        CREATE TABLE containers (file_id TEXT PRIMARY KEY, created INTEGER NOT NULL, owner TEXT NOT NULL DEFAULT '',
            content BLOB)
        """,
        "CREATE INDEX containers_owner ON containers (owner, created)",
        identitiesTable,
        streamsTable,
    ]

    /// Security identities, a row each (the first state files of version 2 kept them in the organization's row:
    /// the table is added to them when they open).
    private static let identitiesTable = """
        CREATE TABLE IF NOT EXISTS identities (provider TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL,
            PRIMARY KEY (provider, key))
        """

    /// The Stream API's open streams: the source each loads and the file containers of its chunks, in order
    /// (added to earlier state files when they open).
    private static let streamsTable = """
        CREATE TABLE IF NOT EXISTS streams (stream_id TEXT PRIMARY KEY, source TEXT NOT NULL,
            opened INTEGER NOT NULL, files TEXT NOT NULL)
        """

    /// Makes the tables of an empty database.
    static func create(in database: SQLiteDatabase) throws(SQLiteError) {
        try database.transaction { () throws(SQLiteError) in
            try database.execute(
                """
                PRAGMA application_id = \(SandboxPersistence.applicationID);
                PRAGMA user_version = \(SandboxPersistence.schemaVersion);
                """)
            for statement in shared + version2 { try database.execute(statement) }
        }
    }

    /// Checks a state file is ours and of a version this pshell reads, upgrades one of version 1, and makes the
    /// tables of a new one.
    static func prepare(_ database: SQLiteDatabase, file: String) throws {
        let applicationID = try database.integer("PRAGMA application_id") ?? 0
        let version = try database.integer("PRAGMA user_version") ?? 0
        let tables = try database.integer("SELECT count(*) FROM sqlite_master") ?? 0
        if tables > 0 {
            guard applicationID == SandboxPersistence.applicationID else {
                throw SQLiteError(code: 0, message: "a SQLite database that is not a pshell sandbox state file")
            }
            guard version == 1 || version == SandboxPersistence.schemaVersion else {
                throw SQLiteError(
                    code: 0,
                    message: "a sandbox state file of version \(version); this pshell reads versions 1 and "
                        + "\(SandboxPersistence.schemaVersion)")
            }
        }
        // WAL: a commit is one append and one fsync; readers never block the writer. FULL: the fsync happens at
        // every commit, so an acknowledged change survives a power cut, not just a crash.
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;")
        if tables == 0 { return try create(in: database) }
        if version == 1 { try upgrade(database, file: file) }
        try database.execute(identitiesTable)
        try database.execute(streamsTable)
    }

    // MARK: Earlier state files

    /// Version 1 kept each item, queued operation and the organization (sources and providers inside) as JSON text:
    /// the rows are rewritten in version 2's tables, in one transaction.
    private static func upgrade(_ database: SQLiteDatabase, file: String) throws {
        try database.execute("BEGIN IMMEDIATE")
        do {
            for table in ["items", "pending", "logs", "containers"] {
                try database.execute("ALTER TABLE \(table) RENAME TO v1_\(table)")
            }
            for statement in version2 { try database.execute(statement) }
            try upgradeItems(database)
            try upgradeQueue(database)
            try database.execute(
                """
                INSERT INTO logs (seq, time, source, document_id, operation, result, reason, ordering_id)
                    SELECT seq, time, source, document_id, operation, result, reason, ordering_id FROM v1_logs
                    ORDER BY seq;
                INSERT INTO containers (file_id, created, content) SELECT file_id, created, content FROM v1_containers;
                DELETE FROM sqlite_sequence WHERE name = 'logs';
                INSERT INTO sqlite_sequence (name, seq) SELECT 'logs', max(coalesce((SELECT max(seq) FROM logs), 0),
                    coalesce((SELECT value FROM sequences WHERE name = 'logs'), 0));
                DROP TABLE v1_items; DROP TABLE v1_pending; DROP TABLE v1_logs; DROP TABLE v1_containers;
                DROP TABLE sequences;
                """)
            try upgradeState(database, file: file)
            try database.execute("PRAGMA user_version = \(SandboxPersistence.schemaVersion); COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    private static func upgradeItems(_ database: SQLiteDatabase) throws {
        var rows: [(String, JSON)] = []
        try database.query("SELECT source, json FROM v1_items") { row in
            rows.append((row.text(0) ?? "", (try? JSONParser.parse(Array((row.text(1) ?? "").utf8))) ?? .null))
        }
        try insertItems(rows, into: database)
    }

    /// Writes items in version 1's JSON shape (`documentId`, `fields`, `orderingId`, `indexedDate`,
    /// `unmappedMetadata`); a damaged one is an error that names it.
    private static func insertItems(_ rows: [(source: String, item: JSON)], into database: SQLiteDatabase) throws {
        for (source, item) in rows {
            guard let id = item["documentId"]?.stringValue, let body = item["fields"]?.objectValue else {
                throw SQLiteError(code: 0, message: "an item of \(source) is damaged (it needs documentId and fields)")
            }
            try database.run(
                "INSERT OR IGNORE INTO items (source, document_id, ordering_id, parent_id, indexed_date, body, "
                    + "unmapped) VALUES (?, ?, ?, ?, ?, ?, ?)", .text(source), .text(id),
                .integer(Int64(item["orderingId"]?.intValue ?? 0)),
                body["parentId"]?.stringValue.map { .text($0) } ?? .null,
                .integer(Int64(item["indexedDate"]?.intValue ?? 0)), .text(JSONWriter.compact(.object(body))),
                .text(JSONWriter.compact(item["unmappedMetadata"] ?? [])))
        }
    }

    private static func upgradeQueue(_ database: SQLiteDatabase) throws {
        var rows: [(Int64, JSON)] = []
        try database.query("SELECT seq, json FROM v1_pending ORDER BY seq") { row in
            rows.append((row.integer(0), (try? JSONParser.parse(Array((row.text(1) ?? "").utf8))) ?? .null))
        }
        for (sequence, pending) in rows {
            guard let source = pending["sourceId"]?.stringValue, let operation = pending["operation"],
                SandboxIndex.operation(operation) != nil
            else {
                throw SQLiteError(code: 0, message: "queued operation \(sequence) is damaged")
            }
            try database.run(
                "INSERT INTO pending (seq, source, due, ordering_id, operation) VALUES (?, ?, ?, ?, ?)",
                .integer(sequence), .text(source), .integer(Int64(pending["due"]?.intValue ?? 0)),
                .integer(Int64(pending["orderingId"]?.intValue ?? 0)), .text(JSONWriter.compact(operation)))
        }
    }

    /// The organization's row of version 1 held its sources and providers: they become rows of their own.
    private static func upgradeState(_ database: SQLiteDatabase, file: String) throws {
        var text: String?
        try database.query("SELECT json FROM state WHERE id = 1") { text = $0.text(0) }
        guard let text else { return }
        let state = try SandboxState(json: try JSONParser.parse(Array(text.utf8)), file: file)
        for (table, list) in [("sources", state.sources), ("providers", state.securityProviders)] {
            for record in list {
                try database.run(
                    "INSERT INTO \(table) (id, json) VALUES (?, ?)", .text(record.id),
                    .text(JSONWriter.compact(record.json)))
            }
        }
        for (provider, entries) in state.identities.all {
            for (key, entry) in entries {
                try database.run(
                    "INSERT INTO identities (provider, key, json) VALUES (?, ?, ?)", .text(provider), .text(key),
                    .text(JSONWriter.compact(entry)))
            }
        }
        try database.run("UPDATE state SET json = ? WHERE id = 1", .text(JSONWriter.compact(state.json)))
    }

    /// The items file of an earlier pshell's JSON state: `{sourceId: [item, ...]}`.
    static func importItems(_ json: JSON?, into database: SQLiteDatabase) throws {
        var rows: [(source: String, item: JSON)] = []
        for source in json?.objectValue?.members ?? [] {
            for entry in source.value.arrayValue ?? [] { rows.append((source.key, entry)) }
        }
        try insertItems(rows, into: database)
    }
}
