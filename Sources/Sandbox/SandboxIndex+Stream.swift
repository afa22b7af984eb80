import CoveoAPI

/// The Stream API's changes to items that already exist: partial item updates (Coveo's operators on one field) and
/// what they do to an item's body.
extension SandboxIndex {
    /// One entry of a `partialUpdate` list, as the queue keeps it: the shared `PartialUpdate`'s operator, field
    /// and value (the item is the operation's).
    struct PartialChange: Sendable, Equatable {
        typealias Operator = PartialUpdate.Operator

        var operation: Operator
        var field: String
        var value: JSON

        /// The change made to `body`, or why it cannot be (the field holds something the operator does not
        /// change: an array operator on a dictionary, say).
        func apply(to body: inout JSONObject) -> String? {
            let current = body[field]
            switch operation {
            case .fieldValueReplace:
                body[field] = value
            case .arrayAppend, .arrayRemove:
                if case .object? = current { return "\(operation.rawValue) on '\(field)', which holds a dictionary" }
                var list = current.map { $0.arrayValue ?? [$0] } ?? []
                let given = value.arrayValue ?? [value]
                if operation == .arrayAppend { list += given } else { list.removeAll { given.contains($0) } }
                body[field] = .array(list)
            case .dictionaryPut, .dictionaryRemove:
                var dictionary: JSONObject
                switch current {
                case nil, .null?: dictionary = [:]
                case .object(let object)?: dictionary = object
                default: return "\(operation.rawValue) on '\(field)', which does not hold a dictionary"
                }
                if operation == .dictionaryPut, case .object(let added) = value {
                    for member in added.members { dictionary[member.key] = member.value }
                } else {
                    for key in (value.arrayValue ?? [value]).compactMap(\.stringValue) { dictionary[key] = nil }
                }
                body[field] = .object(dictionary)
            }
            return nil
        }

        var json: JSON {
            ["operator": .string(operation.rawValue), "field": .string(field), "value": value]
        }

        init(operation: Operator, field: String, value: JSON) {
            self.operation = operation
            self.field = field
            self.value = value
        }

        init?(json: JSON) {
            guard let name = json["operator"]?.stringValue, let operation = Operator(rawValue: name),
                let field = json["field"]?.stringValue, let value = json["value"]
            else { return nil }
            self.init(operation: operation, field: field, value: value)
        }
    }

    /// An open stream: the source it loads, when it opened, and the file containers of its chunks in order.
    struct Stream: Sendable {
        var source: String
        var opened: Int64
        var files: [String]
    }

    func stream(_ id: String) throws(SandboxFailure) -> Stream? {
        var found: Stream?
        try stored { () throws(SQLiteError) in
            try database.query("SELECT source, opened, files FROM streams WHERE stream_id = ?", .text(id)) { row in
                let files = (try? JSONParser.parse(row.text(2) ?? "[]"))?.arrayValue?.compactMap(\.stringValue)
                found = Stream(source: row.text(0) ?? "", opened: row.integer(1), files: files ?? [])
            }
        }
        return found
    }

    func setStream(_ stream: Stream?, id: String) throws(SandboxFailure) {
        try stored { () throws(SQLiteError) in
            guard let stream else { return try database.run("DELETE FROM streams WHERE stream_id = ?", .text(id)) }
            try database.run(
                "INSERT OR REPLACE INTO streams (stream_id, source, opened, files) VALUES (?, ?, ?, ?)", .text(id),
                .text(stream.source), .integer(stream.opened),
                .text(JSONWriter.compact(.array(stream.files.map { .string($0) }))))
        }
    }

    /// A partial update changes an item the source holds: one it does not is rejected in the logs, as the
    /// platform does.
    func applyPartialUpdate(
        _ documentId: String, _ change: PartialChange, _ pending: Pending, now: Int64, fields: Set<String>
    ) throws(SandboxFailure) {
        let source = pending.sourceId
        let reject = { (reason: String) throws(SandboxFailure) in
            try self.log(documentId, source, "UPDATE", "REJECTED", reason: reason, pending.orderingId, now)
        }
        guard var item = try item(source, documentId) else {
            return try reject("a partial update changes an existing item; the source holds none with this id")
        }
        if let blocked = try blockedUntil(source), pending.orderingId < blocked {
            return try reject(
                "a delete-older-than with the future orderingId \(blocked) blocks this source until then "
                    + "(recreate the source)")
        }
        // Equal is allowed: the entries of one request share its orderingId, and each applies in turn.
        guard pending.orderingId >= item.orderingId else {
            return try reject(
                "orderingId \(pending.orderingId) is older than the item's current \(item.orderingId): "
                    + "the update is ignored")
        }
        if let reason = change.apply(to: &item.body) { return try reject(reason) }
        item.orderingId = pending.orderingId
        item.indexedDate = now
        item.unmappedMetadata = SandboxFields.metadata(of: item.body, fields: fields).unmapped
        try setItem(item, source: source, isNew: false)
        try log(documentId, source, "UPDATE", "COMPLETED", reason: nil, pending.orderingId, now)
    }
}
