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
        /// Its place in the queue, also its row in the state database.
        var sequence: Int64 = 0
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
    private(set) var containers: [String: Container] = [:]
    /// Items per source id, by document id. Change them through `setItem` or `removeSource`, which note the
    /// change for the state database.
    private(set) var items: [String: [String: Item]] = [:]
    private(set) var pending: [Pending] = []
    private var nextPendingSequence: Int64 = 0

    // MARK: Changes not yet written to the state database

    struct ItemKey: Hashable, Sendable {
        var source: String
        var documentId: String
    }

    /// What changed since the last `takeChanges()`: the store writes it in the request's transaction.
    struct Changes: Sendable {
        var items: Set<ItemKey> = []
        var removedSources: Set<String> = []
        var enqueued: [Pending] = []
        var dequeued: [Int64] = []
        var logs: [LogEntry] = []
        var logsTrimmedBelow: UInt64?
        var containers: Set<String> = []
        var blocked = false

        var isEmpty: Bool {
            items.isEmpty && removedSources.isEmpty && enqueued.isEmpty && dequeued.isEmpty && logs.isEmpty
                && logsTrimmedBelow == nil && containers.isEmpty && !blocked
        }
    }

    private var changes = Changes()
    /// Only a sandbox with a state file writes its changes; the in-memory one does not pay for noting them.
    var tracksChanges = false

    /// Hands over what changed and starts afresh.
    mutating func takeChanges() -> Changes {
        let taken = changes
        changes = Changes()
        return taken
    }

    mutating func setContainer(_ container: Container?, id: String) {
        containers[id] = container
        if tracksChanges { changes.containers.insert(id) }
    }

    mutating func setItem(_ item: Item?, source: String, documentId: String) {
        items[source, default: [:]][documentId] = item
        if tracksChanges { changes.items.insert(ItemKey(source: source, documentId: documentId)) }
    }

    /// A deleted source: its items and queued operations go with it.
    mutating func removeSource(_ source: String) {
        items[source] = nil
        changes.removedSources.insert(source)
        changes.items = changes.items.filter { $0.source != source }
        let removed = pending.filter { $0.sourceId == source }.map(\.sequence)
        pending.removeAll { $0.sourceId == source }
        changes.dequeued += removed
        changes.enqueued.removeAll { $0.sourceId == source }
    }

    mutating func enqueue(_ operation: Pending) {
        var queued = operation
        nextPendingSequence += 1
        queued.sequence = nextPendingSequence
        pending.append(queued)
        if tracksChanges { changes.enqueued.append(queued) }
    }

    /// Puts back what the state database held (items, queue, logs, containers, blocks), noting nothing.
    mutating func load(
        items loaded: [String: [String: Item]], pending queued: [Pending], logs entries: [LogEntry],
        containers stored: [String: Container],
        blocked: [String: Int64]
    ) {
        items = loaded
        pending = queued
        nextPendingSequence = queued.last?.sequence ?? 0
        logs = entries
        nextSequence = entries.last?.sequence ?? 0
        containers = stored
        blockedUntil = blocked
        changes = Changes()
    }

    /// The queue's next sequence must follow the highest one the database ever held.
    mutating func continueSequences(pending: Int64, logs: UInt64) {
        nextPendingSequence = max(nextPendingSequence, pending)
        nextSequence = max(nextSequence, logs)
    }
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
    private(set) var nextSequence: UInt64 = 0

    /// Log entries, oldest first; the oldest go beyond `maximumLogEntries`.
    var logs: [LogEntry] = []
    static let maximumLogEntries = 500_000
    /// A delete-older-than with an orderingId in the future blocks the source's pipeline until then,
    /// as the documentation warns.
    var blockedUntil: [String: Int64] = [:] {
        didSet { changes.blocked = tracksChanges }
    }

    /// Reads the items file of an earlier pshell's JSON state (imported once into the state database).
    mutating func restore(_ json: JSON) {
        for source in json.objectValue?.members ?? [] {
            for entry in source.value.arrayValue ?? [] {
                guard let id = entry["documentId"]?.stringValue, let body = entry["fields"]?.objectValue else {
                    continue
                }
                setItem(
                    Item(
                        documentId: id, body: body, orderingId: Int64(entry["orderingId"]?.intValue ?? 0),
                        parentId: body["parentId"]?.stringValue,
                        indexedDate: Int64(entry["indexedDate"]?.intValue ?? 0),
                        unmappedMetadata: entry["unmappedMetadata"]?.arrayValue?.compactMap(\.stringValue) ?? []),
                    source: source.key, documentId: id)
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
        if tracksChanges { changes.dequeued += due.map(\.sequence) }
        pending.removeFirst(due.count)
        return changed
    }

    private mutating func apply(
        _ pending: Pending, now: Int64, fields: Set<String>, unresolved: (String, JSON) -> String?
    ) {
        let source = pending.sourceId
        switch pending.operation {
        case .addOrUpdate(let documentId, let body):
            let existing = items[source]?[documentId]
            let operationName = existing == nil ? "ADD" : "UPDATE"
            if let reason = rejection(
                of: body, documentId: documentId, orderingId: pending.orderingId, existing: existing, source: source)
                ?? body["permissions"].flatMap({ unresolved(source, $0) }) ?? takeContent(of: body)
            {
                log(
                    documentId, source, operationName, "REJECTED", reason: reason, orderingId: pending.orderingId,
                    now: now)
                return
            }
            setItem(
                Item(
                    documentId: documentId, body: body, orderingId: pending.orderingId,
                    parentId: body["parentId"]?.stringValue, indexedDate: now,
                    unmappedMetadata: SandboxFields.metadata(of: body, fields: fields).unmapped),
                source: source, documentId: documentId)
            log(documentId, source, operationName, "COMPLETED", reason: nil, orderingId: pending.orderingId, now: now)
        case .delete(let documentId, let children):
            let operationName = children ? "DELETE_AND_CHILDREN" : "DELETE"
            guard let existing = items[source]?[documentId] else {
                if children, removeChildren(of: documentId, in: source, orderingId: pending.orderingId) > 0 {
                    log(
                        documentId, source, operationName, "COMPLETED", reason: nil, orderingId: pending.orderingId,
                        now: now)
                } else {
                    log(
                        documentId, source, operationName, "SKIPPED", reason: "the source holds no item with this id",
                        orderingId: pending.orderingId, now: now)
                }
                return
            }
            guard pending.orderingId > existing.orderingId else {
                log(
                    documentId, source, operationName, "REJECTED",
                    reason: "orderingId \(pending.orderingId) is not greater than the item's \(existing.orderingId)",
                    orderingId: pending.orderingId, now: now)
                return
            }
            setItem(nil, source: source, documentId: documentId)
            if children { removeChildren(of: documentId, in: source, orderingId: pending.orderingId) }
            log(documentId, source, operationName, "COMPLETED", reason: nil, orderingId: pending.orderingId, now: now)
        case .deleteOlderThan(let orderingId):
            let old = (items[source] ?? [:]).values.filter { $0.orderingId < orderingId }
            for item in old { setItem(nil, source: source, documentId: item.documentId) }
            if orderingId > now { blockedUntil[source] = orderingId }
            log(
                "", source, "DELETE_OLDER_THAN", "COMPLETED",
                reason: "\(old.count) item(s) older than \(orderingId) removed",
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
            setContainer(nil, id: fileId)
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
        for child in children { setItem(nil, source: source, documentId: child) }
        return children.count
    }

    /// Why the platform would reject this item, or `nil` when it would index it.
    private func rejection(
        of body: JSONObject, documentId: String, orderingId: Int64, existing: Item?, source: String
    ) -> String? {
        if let blocked = blockedUntil[source], orderingId < blocked {
            return
                "a delete-older-than with the future orderingId \(blocked) blocks this "
                + "source until then (recreate the source)"
        }
        if let existing, orderingId <= existing.orderingId {
            return
                "orderingId \(orderingId) is not greater than the item's current \(existing.orderingId): "
                + "the update is ignored"
        }
        if let parent = body["parentId"]?.stringValue, let parentItem = items[source]?[parent],
            parentItem.parentId != nil
        {
            return "parentId '\(parent)' is itself an attachment: only one level of attachments is allowed"
        }
        for member in body.members where member.key != "permissions" {
            if case .object = member.value {
                return
                    "metadata '\(member.key)' is an object: metadata values must be strings, "
                    + "numbers, booleans or arrays of them"
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

    private mutating func log(
        _ documentId: String, _ source: String, _ operation: String, _ result: String, reason: String?,
        orderingId: Int64,
        now: Int64
    ) {
        nextSequence += 1
        let entry = LogEntry(
            sequence: nextSequence, time: now, sourceId: source, documentId: documentId, operation: operation,
            result: result, reason: reason, orderingId: orderingId)
        logs.append(entry)
        if tracksChanges { changes.logs.append(entry) }
        // Trim in large steps, so that appending stays cheap.
        if logs.count > Self.maximumLogEntries + 50_000 {
            logs.removeFirst(logs.count - Self.maximumLogEntries)
            changes.logsTrimmedBelow = logs.first?.sequence
        }
    }
}
