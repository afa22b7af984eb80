import CSQLite
import CoveoAPI
import Foundation

/// The sandbox's database: the state file (`--state FILE`, SQLite in WAL mode) or, without one, a database in
/// memory: the same tables and the same code. A request reads and writes rows in one transaction, committed (fsync)
/// before its answer is sent: a `kill -9` at any moment loses nothing answered with 2xx. An earlier state file
/// (version 1, or JSON) is brought up to date once (a JSON one kept beside it as `FILE.imported.json`).
final class SandboxPersistence {
    let database: SQLiteDatabase
    /// The organization's row as last committed, so an unchanged one is not written again.
    private var savedState = ""

    /// 'pshs' in `PRAGMA application_id`: a SQLite file of someone else's is refused, never read as ours.
    static let applicationID: Int64 = 0x7073_6873
    static let schemaVersion: Int64 = 2

    private init(database: SQLiteDatabase, path: String?) {
        self.database = database
        self.path = path
        identity = path.flatMap { Self.facts(of: $0)?.identity }
    }

    /// A database in memory, for a sandbox without a state file.
    static func inMemory() throws(SandboxStateError) -> SandboxPersistence {
        do {
            let persistence = SandboxPersistence(database: try SQLiteDatabase(path: ":memory:"), path: nil)
            try SandboxSchema.create(in: persistence.database)
            return persistence
        } catch {
            throw SandboxStateError(message: "cannot make the sandbox's database: \(error.message)")
        }
    }

    /// The state file's path, and which file it named at open (device and inode): a file deleted or replaced
    /// while the sandbox runs must not be written to as if it were still there.
    private let path: String?
    private let identity: [Int]?

    static let goneCode: Int32 = -2

    /// The file's device and inode, and its mode, from one read of its attributes; nil when it is not there.
    private static func facts(of path: String) -> (identity: [Int], mode: Int)? {
        var device: UInt64 = 0
        var inode: UInt64 = 0
        var mode: UInt32 = 0
        guard pshell_file_identity(path, &device, &inode, &mode) == 0 else { return nil }
        return ([Int(truncatingIfNeeded: device), Int(truncatingIfNeeded: inode)], Int(mode & 0o7777))
    }

    /// Whether the owner may not write the file: its mode, not `access`, which says yes to root whatever the mode.
    private static func isReadOnly(_ mode: Int) -> Bool { mode & 0o200 == 0 }

    /// Why a write cannot be durable now: the file is gone, replaced, or read-only; nil when it is still ours.
    func fileProblem() -> String? {
        guard let path else { return nil }
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

    /// Opens (or creates) the state file. Returns it and the state it holds, or nil for a new one; a JSON state file
    /// of an earlier pshell is imported first. A file that is neither is one clear error.
    static func open(_ path: String) throws(SandboxStateError) -> (SandboxPersistence, SandboxState?) {
        var imported: (state: SandboxState, items: JSON?)?
        if let head = firstBytes(of: path), !head.isEmpty {
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
        do {
            let persistence = SandboxPersistence(database: try SQLiteDatabase(path: path), path: path)
            try SandboxSchema.prepare(persistence.database, file: path)
            if let imported {
                try persistence.begin()
                do {
                    try SandboxSchema.importItems(imported.items, into: persistence.database)
                    var state = imported.state
                    state.sources.touchAll()
                    state.securityProviders.touchAll()
                    try persistence.commit(&state, modelsMayHaveChanged: true)
                } catch {
                    persistence.rollback()
                    throw error
                }
            }
            return (persistence, try persistence.load(path))
        } catch let error as SQLiteError {
            throw SandboxStateError(message: "\(path): \(error.message)")
        } catch let error as SandboxStateError {
            throw error
        } catch {
            throw SandboxStateError(message: "\(path): \(error)")
        }
    }

    /// A file's first 16 bytes, which say what it is: never the whole file (1.3 GB at a million items) read to know.
    private static func firstBytes(of path: String) -> Data? {
        FileHandle(forReadingAtPath: path).map { handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 16)) ?? Data()
        }
    }

    /// The organization as the database holds it (its row, then its sources and providers in creation order); nil
    /// for a new database. Also what memory goes back to after a failed commit.
    func load(_ file: String) throws -> SandboxState? {
        var stateText: String?
        try database.query("SELECT json FROM state WHERE id = 1") { stateText = $0.text(0) }
        guard let stateText else { return nil }
        var state = try SandboxState(json: try JSONParser.parse(Array(stateText.utf8)), file: file)
        state.sources = SandboxRecordList(try records("sources", "source", file: file))
        state.securityProviders = SandboxRecordList(try records("providers", "security provider", file: file))
        try loadIdentities(into: &state, file: file)
        savedState = stateText
        return state
    }

    /// The identities' rows, over any the organization's row still held (those are written as rows next commit).
    private func loadIdentities(into state: inout SandboxState, file: String) throws {
        var merged = state.identities.all
        let fromRow = !merged.isEmpty
        var damaged: String?
        try database.query("SELECT provider, key, json FROM identities") { row in
            guard let text = row.text(2), let entry = try? JSONParser.parse(Array(text.utf8)) else {
                damaged = row.text(1)
                return
            }
            merged[row.text(0) ?? "", default: [:]][row.text(1) ?? ""] = entry
        }
        if let damaged { throw SandboxStateError(message: "\(file) is damaged: identity \(damaged) cannot be read") }
        state.identities = SandboxIdentities(merged)
        if fromRow { state.identities.touchAll() }
    }

    /// The organization as last committed (after a failed commit rolled back).
    func reload() throws -> SandboxState? { try load(path ?? "the sandbox's database") }

    private func records(_ table: String, _ what: String, file: String) throws -> [SandboxRecord] {
        var list: [JSON] = []
        try database.query("SELECT json FROM \(table) ORDER BY seq") { row in
            list.append((try? JSONParser.parse(Array((row.text(0) ?? "").utf8))) ?? .null)
        }
        return try SandboxState.records(list, what, file: file)
    }

    // MARK: Transactions

    /// Starts the transaction a request's reads and writes belong to.
    func begin() throws(SQLiteError) { try database.execute("BEGIN IMMEDIATE") }

    /// Writes what changed in the organization's models, then commits: on disk when this returns. Throws, having
    /// written nothing that stays, if it cannot (the caller rolls back); a file gone or replaced is said as such.
    /// `since`: the database's change count when the transaction began; anything written since (rows the requests
    /// wrote, or the models now) must reach the file that is still ours, or not be acknowledged at all.
    func commit(_ state: inout SandboxState, modelsMayHaveChanged: Bool, since: Int64? = nil) throws(SQLiteError) {
        let before = since ?? database.totalChanges
        try write(&state, all: modelsMayHaveChanged)
        if database.totalChanges != before, let problem = fileProblem() {
            throw SQLiteError(code: Self.goneCode, message: problem)
        }
        try database.execute("COMMIT")
        savedState = pendingState ?? savedState
        pendingState = nil
    }

    func rollback() {
        try? database.execute("ROLLBACK")
        pendingState = nil
    }

    /// The organization's row written in the open transaction, saved as `savedState` once it commits.
    private var pendingState: String?

    /// Writes the sources and providers that changed and, when `all`, the organization's row if it changed.
    private func write(_ state: inout SandboxState, all: Bool = true) throws(SQLiteError) {
        for (table, list) in [("sources", state.sources), ("providers", state.securityProviders)] {
            for id in list.changed.sorted() {
                if let record = list.record(id) {
                    try database.run(
                        "INSERT INTO \(table) (id, json) VALUES (?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                        .text(id), .text(JSONWriter.compact(record.json)))
                } else {
                    try database.run("DELETE FROM \(table) WHERE id = ?", .text(id))
                }
            }
        }
        _ = state.sources.takeChanged()
        _ = state.securityProviders.takeChanged()
        try writeIdentities(&state)
        guard all else { return }
        let text = JSONWriter.compact(state.json)
        guard text != (pendingState ?? savedState) else { return }
        try database.run("INSERT OR REPLACE INTO state (id, json) VALUES (1, ?)", .text(text))
        pendingState = text
    }

    /// The identities that changed: a provider replaced as a whole is written again whole.
    private func writeIdentities(_ state: inout SandboxState) throws(SQLiteError) {
        guard !state.identities.isUnchanged else { return }
        let all = state.identities.all
        let (replaced, changed) = state.identities.takeChanges()
        for provider in replaced.sorted() {
            try database.run("DELETE FROM identities WHERE provider = ?", .text(provider))
            for (key, entry) in all[provider] ?? [:] {
                try database.run(
                    "INSERT INTO identities (provider, key, json) VALUES (?, ?, ?)", .text(provider), .text(key),
                    .text(JSONWriter.compact(entry)))
            }
        }
        for (provider, keys) in changed {
            for key in keys {
                if let entry = all[provider]?[key] {
                    try database.run(
                        "INSERT OR REPLACE INTO identities (provider, key, json) VALUES (?, ?, ?)", .text(provider),
                        .text(key), .text(JSONWriter.compact(entry)))
                } else {
                    try database.run(
                        "DELETE FROM identities WHERE provider = ? AND key = ?", .text(provider), .text(key))
                }
            }
        }
    }
}
