import CoveoAPI
import Foundation

/// What the sandbox does with Push API content: like the platform, it accepts an operation at once (202)
/// and applies it later, after `delay`, when it indexes or rejects each item and writes a log entry saying
/// which and why. A 202 is never "indexed".
///
/// Items, the queue, the log entries, file containers and blocked sources are rows of the sandbox's database (the
/// state file, or one in memory), read and written by the request that needs them: the sandbox's memory does not
/// grow with what it holds, a restart only opens the file, and a page is a query, never a sort of everything.
final class SandboxIndex {
    struct Item: Sendable {
        var documentId: String
        var body: JSONObject
        var orderingId: Int64
        var parentId: String?
        var indexedDate: Int64
        /// Metadata that no field mapped when the item was indexed: on the platform it is not searchable
        /// (creating the field later takes a rebuild or a new push).
        var unmappedMetadata: [String] = []
    }

    enum Operation: Sendable {
        case addOrUpdate(documentId: String, body: JSONObject)
        case delete(documentId: String, children: Bool)
        case deleteOlderThan(orderingId: Int64)
        /// The Stream API's partial item update: one operator on one field of an existing item.
        case partialUpdate(documentId: String, change: PartialChange)
        /// The Stream API's shallow merge: the body's fields replace the item's, the others stay; a new item if
        /// there is none.
        case merge(documentId: String, body: JSONObject)
    }

    struct Pending: Sendable {
        /// Its place in the queue, also its row in the database.
        var sequence: Int64 = 0
        var sourceId: String
        var operation: Operation
        var orderingId: Int64
        var due: Int64
    }

    struct Container: Sendable {
        var created: Int64
        /// The id of the key that made it: each key may hold only so many at once.
        var owner: String = ""
        var content: Data?
    }

    /// A log entry, kept as plain columns and rendered in the Source Logs API's shape only when read.
    struct LogEntry: Sendable {
        var sequence: UInt64
        var time: Int64
        var sourceId: String
        var documentId: String
        var operation: String
        var result: String
        var reason: String?
        var orderingId: Int64

        /// The pipeline stage that wrote it: validation rejects, indexing completes.
        var task: String { Self.task(of: result) }
        static func task(of result: String) -> String { result == "REJECTED" ? "VALIDATION" : "INDEXING" }

        func json(organization: String, guidPrefix: String) -> JSON {
            var meta: JSON = ["orderingId": .int64(orderingId)]
            if let reason { meta["reason"] = .string(reason) }
            let counter = String(sequence, radix: 16)
            let guid = guidPrefix + String(repeating: "0", count: max(0, 12 - counter.count)) + counter
            return [
                "guid": .string(guid), "id": .string(documentId), "datetime": .string(EpochMilliseconds.iso8601(time)),
                "operation": .string(operation), "result": .string(result),
                "task": .string(task), "sourceId": .string(sourceId),
                "organizationId": .string(organization), "meta": meta,
            ]
        }
    }

    let database: SQLiteDatabase
    /// Log entry guids: a prefix shaped like a UUID's, the same for an organization across restarts (a client that
    /// tells entries apart by guid sees each once), then the entry's sequence number.
    var guidPrefix = ""

    /// The guid prefix of an organization: two FNV-1a hashes of its id and creation date, laid out as a UUID's start.
    static func guidPrefix(organization: String, created: Int64) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in "\(organization)/\(created)".utf8 {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 1
        }
        let hex = Array(String(format: "%016llx%016llx", first, second))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20]].map { String($0) }.joined(separator: "-") + "-"
    }
    /// How long the platform keeps log entries (and so the sandbox: older ones are deleted as it indexes).
    static let logRetention: Int64 = 14 * 24 * 3600 * 1000

    init(database: SQLiteDatabase) {
        self.database = database
    }

    /// When the first queued operation is due (`Int64.max`: none queued); nil until the queue is read again. A
    /// request that finds nothing due touches no table for indexing: a read then costs no transaction.
    private var firstDue: Int64?

    /// What the organization holds that decides how an item is indexed: its fields (what metadata stays
    /// searchable) and its Catalog sources (whose items may hold dictionaries). Read once per run of the queue.
    struct Organization {
        var fields: Set<String> = []
        var catalogSources: Set<String> = []
    }

    static func isPlain(_ value: JSON) -> Bool {
        switch value {
        case .string, .number, .bool: true
        case .array(let list): list.allSatisfy { if case .object = $0 { false } else { true } }
        default: false
        }
    }

    /// Whether an operation may be due at `now`.
    func mayHaveDue(now: Int64) throws(SandboxFailure) -> Bool {
        if let firstDue { return firstDue <= now }
        let due = try stored { () throws(SQLiteError) in
            try database.integer("SELECT due FROM pending ORDER BY seq LIMIT 1")
        }
        firstDue = due ?? .max
        return (due ?? .max) <= now
    }

    /// The tables changed in a way the index cannot follow (a step rolled back): what it remembers of them (the
    /// first due time, where pages start) is read again when asked.
    func forgetWhatWasRead() {
        firstDue = nil
        itemPageStarts = [:]
        logPageStarts = [:]
    }

    /// Where the pages a client reads one after another start: the key of the row at an offset of a query, noted
    /// when the page before it was read (it reads one row more). The next page is then a seek on the index, not a
    /// walk of every row before it. Forgotten at any change to the table it indexes.
    var itemPageStarts: [String: String] = [:]
    var logPageStarts: [String: (time: Int64, sequence: Int64)] = [:]
    /// Each source's runs of items (`ItemRuns`), kept as items come and go; a step that rolls back puts back the
    /// runs it began with.
    var itemRuns: [String: ItemRuns] = [:]

    /// A new operation: the first due is now no later than it.
    func noteQueued(due: Int64) { firstDue = min(firstDue ?? .max, due) }

    /// Applies every pending operation that is due. Returns the ids of sources whose item count changed.
    /// Operations are queued in arrival order with one delay, so the due ones are a prefix of the queue, read a
    /// thousand at a time.
    /// `unresolved` says why an item's permissions cannot be resolved in its source (unknown identities), or `nil`.
    /// `organization` is read only when something is due.
    func process(
        now: Int64, organization readOrganization: @autoclosure () -> Organization = Organization(),
        unresolved: (_ sourceId: String, _ permissions: JSON) -> String? = { _, _ in nil }
    ) throws(SandboxFailure) -> Set<String> {
        var changed: Set<String> = []
        var organization: Organization?
        guard try mayHaveDue(now: now) else { return [] }
        firstDue = nil
        while true {
            let due = try dueOperations(now: now, limit: 1000)
            guard !due.isEmpty else { break }
            let known = organization ?? readOrganization()
            organization = known
            for operation in due {
                // Applied as at the time it fell due, as the platform would have, whenever a request comes to see.
                try apply(operation, now: operation.due, known, unresolved: unresolved)
                changed.insert(operation.sourceId)
            }
            try dequeue(through: due[due.count - 1].sequence)
        }
        if !changed.isEmpty { try trimLogs(before: now - Self.logRetention) }
        return changed
    }

    private func apply(
        _ pending: Pending, now: Int64, _ organization: Organization, unresolved: (String, JSON) -> String?
    ) throws(SandboxFailure) {
        let source = pending.sourceId
        switch pending.operation {
        case .addOrUpdate(let documentId, let body):
            try applyAddOrUpdate(
                documentId, body, existing: try item(source, documentId), pending, now: now, organization,
                unresolved: unresolved)
        case .partialUpdate(let documentId, let change):
            try applyPartialUpdate(documentId, change, pending, now: now, fields: organization.fields)
        case .merge(let documentId, let sent):
            let existing = try item(source, documentId)
            var body = existing?.body ?? [:]
            for member in sent.members { body[member.key] = member.value }
            try applyAddOrUpdate(
                documentId, body, sent: sent, existing: existing, pending, now: now, organization,
                unresolved: unresolved)
        case .delete(let documentId, let children):
            try applyDelete(documentId, children: children, pending, now: now)
        case .deleteOlderThan(let orderingId):
            let removed = try removeItems(of: source, olderThan: orderingId)
            if orderingId > now { try block(source, until: orderingId) }
            try log(
                "", source, "DELETE_OLDER_THAN", "COMPLETED",
                reason: "\(removed) item(s) older than \(orderingId) removed",
                orderingId, now)
        }
    }

    func applyAddOrUpdate(
        _ documentId: String, _ body: JSONObject, sent: JSONObject? = nil, existing: Item?, _ pending: Pending,
        now: Int64, _ organization: Organization, unresolved: (String, JSON) -> String?
    ) throws(SandboxFailure) {
        let source = pending.sourceId
        let operationName = existing == nil ? "ADD" : "UPDATE"
        var reason = try rejection(
            of: body, sent: sent, dictionaries: organization.catalogSources.contains(source), documentId: documentId,
            orderingId: pending.orderingId, existing: existing,
            source: source)
        reason = reason ?? body["permissions"].flatMap { unresolved(source, $0) }
        if reason == nil { reason = try takeContent(of: body) }
        if let reason {
            try log(documentId, source, operationName, "REJECTED", reason: reason, pending.orderingId, now)
            return
        }
        try setItem(
            Item(
                documentId: documentId, body: body, orderingId: pending.orderingId,
                parentId: body["parentId"]?.stringValue, indexedDate: now,
                unmappedMetadata: SandboxFields.metadata(of: body, fields: organization.fields).unmapped),
            source: source, isNew: existing == nil)
        try log(documentId, source, operationName, "COMPLETED", reason: nil, pending.orderingId, now)
    }

    private func applyDelete(
        _ documentId: String, children: Bool, _ pending: Pending, now: Int64
    ) throws(SandboxFailure) {
        let source = pending.sourceId
        let operationName = children ? "DELETE_AND_CHILDREN" : "DELETE"
        guard let existing = try item(source, documentId) else {
            if children, try removeChildren(of: documentId, in: source) > 0 {
                try log(documentId, source, operationName, "COMPLETED", reason: nil, pending.orderingId, now)
            } else {
                try log(
                    documentId, source, operationName, "SKIPPED", reason: "the source holds no item with this id",
                    pending.orderingId, now)
            }
            return
        }
        guard pending.orderingId > existing.orderingId else {
            try log(
                documentId, source, operationName, "REJECTED",
                reason: "orderingId \(pending.orderingId) is not greater than the item's \(existing.orderingId)",
                pending.orderingId, now)
            return
        }
        try removeItem(source, documentId)
        if children { try removeChildren(of: documentId, in: source) }
        try log(documentId, source, operationName, "COMPLETED", reason: nil, pending.orderingId, now)
    }

    /// Checks the item's binary content: a ZLIB `compressedBinaryData` must decompress, and a
    /// `compressedBinaryDataFileId` must name an uploaded container, which the item then consumes.
    private func takeContent(of body: JSONObject) throws(SandboxFailure) -> String? {
        let compression = body["compressionType"]?.stringValue?.uppercased() ?? "UNCOMPRESSED"
        var content: Data?
        if let fileId = body["compressedBinaryDataFileId"]?.stringValue {
            guard let container = try container(fileId), let uploaded = container.content else {
                return "compressedBinaryDataFileId '\(fileId)' names no uploaded file container"
            }
            try setContainer(nil, id: fileId)
            content = uploaded
        } else if let encoded = body["compressedBinaryData"]?.stringValue {
            guard let decoded = Data(base64Encoded: encoded) else { return "compressedBinaryData is not Base64" }
            content = decoded
        }
        if let content, compression == "ZLIB", Zlib.decompress(content) == nil {
            return "the binary data is not a valid ZLIB stream (compressionType ZLIB)"
        }
        return nil
    }

    /// Why the platform would reject this item, or `nil` when it would index it.
    /// `sent` is what the request carried (a merge's fields): only that is checked for objects, so that an item
    /// a dictionary operator gave a dictionary can still be merged into.
    func rejection(
        of body: JSONObject, sent: JSONObject? = nil, dictionaries: Bool, documentId: String, orderingId: Int64,
        existing: Item?, source: String
    ) throws(SandboxFailure) -> String? {
        if let blocked = try blockedUntil(source), orderingId < blocked {
            return
                "a delete-older-than with the future orderingId \(blocked) blocks this "
                + "source until then (recreate the source)"
        }
        if let existing, orderingId <= existing.orderingId {
            return
                "orderingId \(orderingId) is not greater than the item's current \(existing.orderingId): "
                + "the update is ignored"
        }
        if let parent = body["parentId"]?.stringValue, let parentItem = try item(source, parent),
            parentItem.parentId != nil
        {
            return "parentId '\(parent)' is itself an attachment: only one level of attachments is allowed"
        }
        for member in (sent ?? body).members where member.key != "permissions" {
            guard case .object(let object) = member.value else { continue }
            // A Catalog source's dictionary fields (a price per store): an object of plain values.
            if dictionaries, object.members.allSatisfy({ Self.isPlain($0.value) }) { continue }
            return
                "metadata '\(member.key)' is an object: metadata values must be strings, "
                + "numbers, booleans or arrays of them"
                + (dictionaries ? " (or, for a dictionary field, an object of them)" : "")
        }
        if let permissions = body["permissions"] {
            if let reason = Self.checkPermissions(permissions) { return reason }
        }
        return nil
    }

    /// The most permissions an item may carry.
    static let maximumPermissions = 5000

    static let identityTypes: Set<String> = ["USER", "GROUP", "VIRTUALGROUP", "VIRTUAL_GROUP", "UNKNOWN"]

    /// Checks the simplified model (`[{allowAnonymous, allowedPermissions, deniedPermissions}]`) or the
    /// complete one (`[{name, permissionSets: [...]}]`).
    static func checkPermissions(_ permissions: JSON) -> String? {
        guard let levels = permissions.arrayValue else { return "permissions must be an array" }
        var count = 0
        for level in levels {
            let sets = level["permissionSets"]?.arrayValue ?? [level]
            for set in sets {
                for key in ["allowedPermissions", "deniedPermissions"] {
                    guard let identities = set[key] else { continue }
                    guard let list = identities.arrayValue else { return "\(key) must be an array" }
                    for identity in list {
                        count += 1
                        guard let name = identity["identity"]?.stringValue, !name.isEmpty else {
                            return "a permission in \(key) has no identity"
                        }
                        if let type = identity["identityType"] {
                            guard let text = type.stringValue, identityTypes.contains(text.uppercased()) else {
                                return
                                    "identityType \(JSONWriter.compact(type)) of '\(name)' is not User, Group, "
                                    + "VirtualGroup or Unknown"
                            }
                        }
                    }
                }
            }
        }
        if count > maximumPermissions { return "the item has \(count) permissions; the most is \(maximumPermissions)" }
        return nil
    }
}
