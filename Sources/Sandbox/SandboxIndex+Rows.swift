import CoveoAPI
import Foundation

extension SandboxFailure {
    /// The database could not be read or written (a full disk, say): a 500 that says so.
    static func storage(_ error: SQLiteError) -> SandboxFailure {
        SandboxFailure(500, "INTERNAL_ERROR", "The sandbox could not read or write its state: \(error.message).")
    }
}

/// A statement's SQLite error as the sandbox's 500.
func stored<T>(_ body: () throws(SQLiteError) -> T) throws(SandboxFailure) -> T {
    do {
        return try body()
    } catch {
        throw .storage(error)
    }
}

/// The rows behind the index: each read or write is one statement on an indexed key (the queries say which).
extension SandboxIndex {
    // MARK: Items

    func item(_ source: String, _ documentId: String) throws(SandboxFailure) -> Item? {
        var found: Item?
        var damaged = false
        try stored { () throws(SQLiteError) in
            try database.query(
                "SELECT document_id, ordering_id, parent_id, indexed_date, body, unmapped FROM items "
                    + "WHERE source = ? AND document_id = ?", .text(source), .text(documentId)
            ) { row in
                found = Self.item(row)
                damaged = found == nil
            }
        }
        if damaged { throw SandboxFailure(500, "INTERNAL_ERROR", "The item '\(documentId)' cannot be read back.") }
        return found
    }

    private static func item(_ row: SQLiteDatabase.Row) -> Item? {
        guard let id = row.text(0), let bodyText = row.text(4),
            let body = (try? JSONParser.parse(Array(bodyText.utf8)))?.objectValue
        else { return nil }
        let unmapped = row.text(5).flatMap { try? JSONParser.parse(Array($0.utf8)) }?.arrayValue ?? []
        return Item(
            documentId: id, body: body, orderingId: row.integer(1), parentId: row.text(2), indexedDate: row.integer(3),
            unmappedMetadata: unmapped.compactMap(\.stringValue))
    }

    /// Adds or replaces an item (its source's count is kept by the database's triggers, its runs here).
    func setItem(_ item: Item, source: String, isNew: Bool) throws(SandboxFailure) {
        itemPageStarts = [:]
        try stored { () throws(SQLiteError) in
            try database.run(
                "INSERT INTO items (source, document_id, ordering_id, parent_id, indexed_date, body, unmapped) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, document_id) DO UPDATE SET "
                    + "ordering_id = excluded.ordering_id, parent_id = excluded.parent_id, "
                    + "indexed_date = excluded.indexed_date, body = excluded.body, unmapped = excluded.unmapped",
                .text(source), .text(item.documentId), .integer(item.orderingId),
                item.parentId.map { .text($0) } ?? .null,
                .integer(item.indexedDate), .text(JSONWriter.compact(.object(item.body))),
                .text(JSONWriter.compact(.array(item.unmappedMetadata.map(JSON.string)))))
            if isNew { try noteItem(item.documentId, of: source, added: true) }
        }
    }

    func removeItem(_ source: String, _ documentId: String) throws(SandboxFailure) {
        itemPageStarts = [:]
        try stored { () throws(SQLiteError) in
            try database.run("DELETE FROM items WHERE source = ? AND document_id = ?", .text(source), .text(documentId))
            if database.lastChanges > 0 { try noteItem(documentId, of: source, added: false) }
        }
    }

    /// Removes the source's items older than `orderingId`; returns how many.
    func removeItems(of source: String, olderThan orderingId: Int64) throws(SandboxFailure) -> Int {
        itemPageStarts = [:]
        return try stored { () throws(SQLiteError) in
            try database.run(
                "DELETE FROM items WHERE source = ? AND ordering_id < ?", .text(source), .integer(orderingId))
            // Removed from anywhere in the order: the runs are built again when next needed.
            if database.lastChanges > 0 { itemRuns[source] = nil }
            return database.lastChanges
        }
    }

    /// Removes the items whose id starts with `documentId/` (an item's attachments); returns how many.
    @discardableResult
    func removeChildren(of documentId: String, in source: String) throws(SandboxFailure) -> Int {
        let prefix = documentId.hasSuffix("/") ? documentId : documentId + "/"
        itemPageStarts = [:]
        return try stored { () throws(SQLiteError) in
            // A range on the key finds them; the substr check keeps the range honest whatever the bytes.
            try database.run(
                "DELETE FROM items WHERE source = ? AND document_id >= ? AND document_id < ? "
                    + "AND substr(document_id, 1, length(?)) = ?", .text(source), .text(prefix),
                .text(prefix + "\u{10FFFF}"), .text(prefix), .text(prefix))
            if database.lastChanges > 0 { itemRuns[source] = nil }
            return database.lastChanges
        }
    }

    /// How many items the source holds: a maintained count, not a scan.
    func itemCount(_ source: String) throws(SandboxFailure) -> Int {
        try stored { () throws(SQLiteError) in
            Int(try database.integer("SELECT items FROM item_counts WHERE source = ?", .text(source)) ?? 0)
        }
    }

    /// One page of the source's items in document id order: the page's first id is found on the key's index
    /// alone (or remembered from the page before), then only the page's rows are read.
    func items(of source: String, offset: Int, limit: Int) throws(SandboxFailure) -> [Item] {
        var items: [Item] = []
        let known = itemPageStarts[source + "\u{0}\(offset)"]
        try stored { () throws(SQLiteError) in
            var first = known
            if first == nil { first = try itemID(of: source, at: offset) }
            guard let first else { return }
            try database.query(
                "SELECT document_id, ordering_id, parent_id, indexed_date, body, unmapped FROM items "
                    + "WHERE source = ? AND document_id >= ? ORDER BY document_id LIMIT ?", .text(source),
                .text(first), .integer(Int64(limit + 1))
            ) { row in
                if let item = Self.item(row) { items.append(item) }
            }
        }
        if itemPageStarts.count > 1000 { itemPageStarts = [:] }
        if let first = items.first { itemPageStarts[source + "\u{0}\(offset)"] = first.documentId }
        if items.count > limit, let next = items.popLast() {
            itemPageStarts[source + "\u{0}\(offset + limit)"] = next.documentId
        }
        return items
    }

    // MARK: The queue

    func enqueue(_ operation: Pending) throws(SandboxFailure) {
        try stored { () throws(SQLiteError) in
            try database.run(
                "INSERT INTO pending (source, due, ordering_id, operation) VALUES (?, ?, ?, ?)",
                .text(operation.sourceId), .integer(operation.due), .integer(operation.orderingId),
                .text(JSONWriter.compact(Self.json(operation.operation))))
        }
        noteQueued(due: operation.due)
    }

    /// The first operations of the queue that are due, at most `limit`.
    func dueOperations(now: Int64, limit: Int) throws(SandboxFailure) -> [Pending] {
        var due: [Pending] = []
        var damaged: Int64?
        var reachedLater = false
        try stored { () throws(SQLiteError) in
            try database.query(
                "SELECT seq, source, due, ordering_id, operation FROM pending ORDER BY seq LIMIT ?",
                .integer(Int64(limit))
            ) { row in
                guard !reachedLater, row.integer(2) <= now else {
                    reachedLater = true
                    return
                }
                guard let text = row.text(4), let value = try? JSONParser.parse(Array(text.utf8)),
                    let operation = Self.operation(value)
                else {
                    damaged = row.integer(0)
                    return
                }
                due.append(
                    Pending(
                        sequence: row.integer(0), sourceId: row.text(1) ?? "", operation: operation,
                        orderingId: row.integer(3), due: row.integer(2)))
            }
        }
        if let damaged {
            throw SandboxFailure(500, "INTERNAL_ERROR", "Queued operation \(damaged) cannot be read back.")
        }
        return due
    }

    func dequeue(through sequence: Int64) throws(SandboxFailure) {
        try stored { () throws(SQLiteError) in
            try database.run("DELETE FROM pending WHERE seq <= ?", .integer(sequence))
        }
    }

    func pendingCount(_ source: String) throws(SandboxFailure) -> Int {
        try stored { () throws(SQLiteError) in
            Int(try database.integer("SELECT count(*) FROM pending WHERE source = ?", .text(source)) ?? 0)
        }
    }

    /// A deleted source: its items, queued operations and block go with it (its log entries stay, as on the
    /// platform, until they expire).
    func removeSource(_ source: String) throws(SandboxFailure) {
        itemPageStarts = [:]
        itemRuns[source] = nil
        try stored { () throws(SQLiteError) in
            for table in ["items", "item_counts", "pending", "blocked", "streams"] {
                try database.run("DELETE FROM \(table) WHERE source = ?", .text(source))
            }
        }
    }

    static func json(_ operation: Operation) -> JSON {
        switch operation {
        case .addOrUpdate(let documentId, let body):
            ["kind": "addOrUpdate", "documentId": .string(documentId), "body": .object(body)]
        case .delete(let documentId, let children):
            ["kind": "delete", "documentId": .string(documentId), "children": .bool(children)]
        case .deleteOlderThan(let orderingId):
            ["kind": "deleteOlderThan", "orderingId": .int64(orderingId)]
        case .partialUpdate(let documentId, let change):
            ["kind": "partialUpdate", "documentId": .string(documentId), "change": change.json]
        case .merge(let documentId, let body):
            ["kind": "merge", "documentId": .string(documentId), "body": .object(body)]
        }
    }

    static func operation(_ json: JSON) -> Operation? {
        switch json["kind"]?.stringValue {
        case "addOrUpdate":
            guard let id = json["documentId"]?.stringValue, let body = json["body"]?.objectValue else { return nil }
            return .addOrUpdate(documentId: id, body: body)
        case "delete":
            guard let id = json["documentId"]?.stringValue else { return nil }
            return .delete(documentId: id, children: json["children"]?.boolValue ?? false)
        case "deleteOlderThan":
            guard case .number(let text)? = json["orderingId"], let limit = Int64(text) else { return nil }
            return .deleteOlderThan(orderingId: limit)
        case "partialUpdate":
            guard let id = json["documentId"]?.stringValue, let change = json["change"].flatMap(PartialChange.init)
            else { return nil }
            return .partialUpdate(documentId: id, change: change)
        case "merge":
            guard let id = json["documentId"]?.stringValue, let body = json["body"]?.objectValue else { return nil }
            return .merge(documentId: id, body: body)
        default:
            return nil
        }
    }

    // MARK: File containers and blocked sources

    func container(_ fileId: String) throws(SandboxFailure) -> Container? {
        var found: Container?
        try stored { () throws(SQLiteError) in
            try database.query("SELECT created, owner, content FROM containers WHERE file_id = ?", .text(fileId)) {
                found = Container(created: $0.integer(0), owner: $0.text(1) ?? "", content: $0.blob(2))
            }
        }
        return found
    }

    func setContainer(_ container: Container?, id: String) throws(SandboxFailure) {
        try stored { () throws(SQLiteError) in
            guard let container else {
                return try database.run("DELETE FROM containers WHERE file_id = ?", .text(id))
            }
            try database.run(
                "INSERT OR REPLACE INTO containers (file_id, created, owner, content) VALUES (?, ?, ?, ?)", .text(id),
                .integer(container.created), .text(container.owner), container.content.map { .blob($0) } ?? .null)
        }
    }

    /// How many containers `owner` made after `cutoff` (the unexpired ones it still holds). Those a day past it are
    /// deleted first: an expired container is still told apart from one never made, for a while.
    func liveContainers(of owner: String, createdSince cutoff: Int64) throws(SandboxFailure) -> Int {
        try stored { () throws(SQLiteError) in
            try database.run("DELETE FROM containers WHERE created < ?", .integer(cutoff - 24 * 3600 * 1000))
            return Int(
                try database.integer(
                    "SELECT count(*) FROM containers WHERE owner = ? AND created > ?", .text(owner), .integer(cutoff))
                    ?? 0)
        }
    }

    func blockedUntil(_ source: String) throws(SandboxFailure) -> Int64? {
        try stored { () throws(SQLiteError) in
            try database.integer("SELECT until FROM blocked WHERE source = ?", .text(source))
        }
    }

    func block(_ source: String, until: Int64) throws(SandboxFailure) {
        try stored { () throws(SQLiteError) in
            try database.run(
                "INSERT OR REPLACE INTO blocked (source, until) VALUES (?, ?)", .text(source), .integer(until))
        }
    }
}
