import CoveoAPI
import Foundation

/// What the sandbox does with Push API content: like the platform, it accepts an operation at once (202)
/// and applies it later, after `delay`, when it indexes or rejects each item and writes a log entry saying
/// which and why. A 202 is never "indexed".
struct SandboxIndex: Sendable {
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
    }

    struct Pending: Sendable {
        var sourceId: String
        var operation: Operation
        var orderingId: Int64
        var due: Int64
    }

    struct Container: Sendable {
        var created: Int64
        var content: Data?
    }

    /// File containers by file id, until a batch consumes them.
    var containers: [String: Container] = [:]
    /// Items per source id, by document id.
    var items: [String: [String: Item]] = [:]
    var pending: [Pending] = []
    /// A log entry (Source Logs API shape) with the fields the logs endpoint filters on.
    /// A log entry, kept as plain fields and rendered in the Source Logs API's shape only when read:
    /// a push of 100,000 items writes 100,000 of them.
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
        var task: String { result == "REJECTED" ? "VALIDATION" : "INDEXING" }

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

    /// Log entry guids: a random UUID prefix for this sandbox, then a counter.
    let guidPrefix: String = String(UUID().uuidString.lowercased().prefix(24))
    private var nextSequence: UInt64 = 0

    /// Log entries, oldest first; the oldest go beyond `maximumLogEntries`.
    var logs: [LogEntry] = []
    static let maximumLogEntries = 500_000
    /// A delete-older-than with an orderingId in the future blocks the source's pipeline until then,
    /// as the documentation warns.
    var blockedUntil: [String: Int64] = [:]

    /// The indexed items as JSON, for the state file.
    func snapshot() -> JSON {
        .object(
            JSONObject(
                items.sorted { $0.key < $1.key }.map { source in
                    .init(
                        key: source.key,
                        value: .array(
                            source.value.values.sorted { $0.documentId < $1.documentId }.map { item in
                                [
                                    "documentId": .string(item.documentId), "orderingId": .int64(item.orderingId),
                                    "indexedDate": .int64(item.indexedDate), "fields": .object(item.body),
                                    "unmappedMetadata": .array(item.unmappedMetadata.map(JSON.string)),
                                ]
                            }))
                }))
    }

    /// Reads back what `snapshot` wrote.
    mutating func restore(_ json: JSON) {
        for source in json.objectValue?.members ?? [] {
            for entry in source.value.arrayValue ?? [] {
                guard let id = entry["documentId"]?.stringValue, let body = entry["fields"]?.objectValue else { continue }
                items[source.key, default: [:]][id] = Item(
                    documentId: id, body: body, orderingId: Int64(entry["orderingId"]?.intValue ?? 0),
                    parentId: body["parentId"]?.stringValue, indexedDate: Int64(entry["indexedDate"]?.intValue ?? 0),
                    unmappedMetadata: entry["unmappedMetadata"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
        }
    }

    /// The most permissions an item may carry.
    static let maximumPermissions = 5000

    /// Applies every pending operation that is due. Returns the ids of sources whose item count changed.
    /// Operations are queued in arrival order with one delay, so the due ones are a prefix of the queue:
    /// a request finds none due by looking at the first, not by scanning the whole queue.
    /// `unresolved` says why an item's permissions cannot be resolved in its source (unknown identities), or `nil`.
    /// `fields` names the organization's fields, which decide what metadata an item keeps searchable.
    mutating func process(
        now: Int64, fields readFields: @autoclosure () -> Set<String> = [],
        unresolved: (_ sourceId: String, _ permissions: JSON) -> String? = { _, _ in nil }
    ) -> Set<String> {
        let due = pending.prefix { $0.due <= now }
        guard !due.isEmpty else { return [] }
        let fields = readFields()
        var changed: Set<String> = []
        for operation in due {
            apply(operation, now: now, fields: fields, unresolved: unresolved)
            changed.insert(operation.sourceId)
        }
        pending.removeFirst(due.count)
        return changed
    }

    private mutating func apply(_ pending: Pending, now: Int64, fields: Set<String>, unresolved: (String, JSON) -> String?) {
        let source = pending.sourceId
        switch pending.operation {
        case .addOrUpdate(let documentId, let body):
            let existing = items[source]?[documentId]
            let operationName = existing == nil ? "ADD" : "UPDATE"
            if let reason = rejection(of: body, documentId: documentId, orderingId: pending.orderingId, existing: existing, source: source)
                ?? body["permissions"].flatMap({ unresolved(source, $0) }) ?? takeContent(of: body)
            {
                log(documentId, source, operationName, "REJECTED", reason: reason, orderingId: pending.orderingId, now: now)
                return
            }
            items[source, default: [:]][documentId] = Item(
                documentId: documentId, body: body, orderingId: pending.orderingId,
                parentId: body["parentId"]?.stringValue, indexedDate: now,
                unmappedMetadata: SandboxFields.metadata(of: body, fields: fields).unmapped)
            log(documentId, source, operationName, "COMPLETED", reason: nil, orderingId: pending.orderingId, now: now)
        case .delete(let documentId, let children):
            let operationName = children ? "DELETE_AND_CHILDREN" : "DELETE"
            guard let existing = items[source]?[documentId] else {
                if children, removeChildren(of: documentId, in: source, orderingId: pending.orderingId) > 0 {
                    log(documentId, source, operationName, "COMPLETED", reason: nil, orderingId: pending.orderingId, now: now)
                } else {
                    log(documentId, source, operationName, "SKIPPED", reason: "the source holds no item with this id", orderingId: pending.orderingId, now: now)
                }
                return
            }
            guard pending.orderingId > existing.orderingId else {
                log(documentId, source, operationName, "REJECTED",
                    reason: "orderingId \(pending.orderingId) is not greater than the item's \(existing.orderingId)",
                    orderingId: pending.orderingId, now: now)
                return
            }
            items[source]?[documentId] = nil
            if children { removeChildren(of: documentId, in: source, orderingId: pending.orderingId) }
            log(documentId, source, operationName, "COMPLETED", reason: nil, orderingId: pending.orderingId, now: now)
        case .deleteOlderThan(let orderingId):
            let old = (items[source] ?? [:]).values.filter { $0.orderingId < orderingId }
            for item in old { items[source]?[item.documentId] = nil }
            if orderingId > now { blockedUntil[source] = orderingId }
            log("", source, "DELETE_OLDER_THAN", "COMPLETED", reason: "\(old.count) item(s) older than \(orderingId) removed",
                orderingId: orderingId, now: now)
        }
    }

    /// Checks the item's binary content: a ZLIB `compressedBinaryData` must decompress, and a
    /// `compressedBinaryDataFileId` must name an uploaded container, which the item then consumes.
    private mutating func takeContent(of body: JSONObject) -> String? {
        let compression = body["compressionType"]?.stringValue?.uppercased() ?? "UNCOMPRESSED"
        var content: Data?
        if let fileId = body["compressedBinaryDataFileId"]?.stringValue {
            guard let container = containers[fileId], let uploaded = container.content else {
                return "compressedBinaryDataFileId '\(fileId)' names no uploaded file container"
            }
            containers[fileId] = nil
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

    @discardableResult
    private mutating func removeChildren(of documentId: String, in source: String, orderingId: Int64) -> Int {
        let prefix = documentId.hasSuffix("/") ? documentId : documentId + "/"
        let children = (items[source] ?? [:]).keys.filter { $0.hasPrefix(prefix) }
        for child in children { items[source]?[child] = nil }
        return children.count
    }

    /// Why the platform would reject this item, or `nil` when it would index it.
    private func rejection(of body: JSONObject, documentId: String, orderingId: Int64, existing: Item?, source: String) -> String? {
        if let blocked = blockedUntil[source], orderingId < blocked {
            return "a delete-older-than with the future orderingId \(blocked) blocks this source until then (recreate the source)"
        }
        if let existing, orderingId <= existing.orderingId {
            return "orderingId \(orderingId) is not greater than the item's current \(existing.orderingId): the update is ignored"
        }
        if let parent = body["parentId"]?.stringValue, let parentItem = items[source]?[parent], parentItem.parentId != nil {
            return "parentId '\(parent)' is itself an attachment: only one level of attachments is allowed"
        }
        for member in body.members where member.key != "permissions" {
            if case .object = member.value {
                return "metadata '\(member.key)' is an object: metadata values must be strings, numbers, booleans or arrays of them"
            }
        }
        if let permissions = body["permissions"] {
            if let reason = Self.checkPermissions(permissions) { return reason }
        }
        return nil
    }

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
                                return "identityType \(JSONWriter.compact(type)) of '\(name)' is not User, Group, VirtualGroup or Unknown"
                            }
                        }
                    }
                }
            }
        }
        if count > maximumPermissions { return "the item has \(count) permissions; the most is \(maximumPermissions)" }
        return nil
    }

    private mutating func log(
        _ documentId: String, _ source: String, _ operation: String, _ result: String, reason: String?, orderingId: Int64,
        now: Int64
    ) {
        nextSequence += 1
        logs.append(
            LogEntry(
                sequence: nextSequence, time: now, sourceId: source, documentId: documentId, operation: operation,
                result: result, reason: reason, orderingId: orderingId))
        // Trim in large steps, so that appending stays cheap.
        if logs.count > Self.maximumLogEntries + 50_000 { logs.removeFirst(logs.count - Self.maximumLogEntries) }
    }
}
