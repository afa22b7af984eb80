/// A page of sources (`GET /rest/organizations/{org}/sources/pages`): each model kept whole.
package struct SourcePage: JSONModel {
    package static let modelName = "page of sources"
    package let json: JSONObject
    /// `sourceModels`, as sent.
    package let models: [JSON]
    package let totalEntries: Int?
    package let totalPages: Int?

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
        models = try Self.optional(json, "sourceModels", "an array", \.arrayValue) ?? []
        totalEntries = try Self.optional(json, "totalEntries", "a number", \.intValue)
        totalPages = try Self.optional(json, "totalPages", "a number", \.intValue)
    }

    /// The id and name of each source on the page that has an id.
    package var entries: [(id: String, name: String)] {
        models.compactMap { model in model["id"]?.stringValue.map { ($0, model["name"]?.stringValue ?? "") } }
    }

    /// The model of the source named exactly `name`, and its id.
    package func named(_ name: String) -> (id: String, model: JSON)? {
        guard let model = models.first(where: { $0["name"]?.stringValue == name }),
            let id = model["id"]?.stringValue
        else { return nil }
        return (id, model)
    }
}

/// A page of the Source Logs (`POST /logs/v1/organizations/{org}`).
package struct LogPage: JSONModel {
    package static let modelName = "page of Source Logs"
    package let json: JSONObject
    package let entries: [LogEntry]
    package let hasNextPage: Bool

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
        entries = (try Self.optional(json, "documentLogEntries", "an array", \.arrayValue) ?? []).map(LogEntry.init)
        hasNextPage = try Self.optional(json, "hasNextPage", "a boolean", \.boolValue) ?? false
    }
}

/// One entry of the Source Logs: what became of an item at one step (`documentLogEntries[]`), kept whole.
package struct LogEntry: Sendable {
    package let json: JSON

    package init(_ json: JSON) { self.json = json }

    /// The item's id (its URI).
    package var id: String? { json["id"]?.stringValue }
    /// The entry's own id.
    package var guid: String? { json["guid"]?.stringValue }
    /// ADD, UPDATE, DELETE, ...
    package var operation: String? { json["operation"]?.stringValue }
    /// COMPLETED, WARNING, REJECTED, SKIPPED, ...
    package var result: String? { json["result"]?.stringValue }
    package var task: String? { json["task"]?.stringValue }
    /// `meta.reason`: why it was rejected or skipped.
    package var reason: String? { json["meta"]?["reason"]?.stringValue }
    package var orderingId: Int64? { json["meta"]?["orderingId"]?.intValue.map(Int64.init) }
    /// ISO 8601, which sorts as time does.
    package var datetime: String? { json["datetime"]?.stringValue }
}

/// A page of the security cache's identities (`POST .../securitycache/entities/list`).
package struct SecurityCachePage: JSONModel {
    package static let modelName = "security cache page"
    package let json: JSONObject
    package let members: [Member]
    package let totalEntries: Int?

    /// One identity: its name and type, and what the cache says of it (`infos`, key and value).
    package struct Member: Sendable {
        package let json: JSON
        package let name: String
        package let type: String
        package let infos: [(key: String, value: String)]
    }

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
        members = (json["items"]?.arrayValue ?? []).map { item in
            Member(
                json: item, name: item["name"]?.stringValue ?? "", type: item["type"]?.stringValue ?? "",
                infos: (item["infos"]?.arrayValue ?? []).compactMap { info in
                    guard let key = info["key"]?.stringValue, let value = info["value"]?.stringValue else { return nil }
                    return (key, value)
                })
        }
        totalEntries = json["totalEntries"]?.intValue
    }
}

/// The Stream API's answer to an accepted operation: `{orderingId, requestId}` (the orderingId a string in the
/// specification, a number from some servers).
package struct StreamAnswer: Sendable {
    package let orderingId: Int64?
    package let requestId: String?

    package init(_ json: JSON) {
        orderingId =
            json["orderingId"]?.stringValue.flatMap { Int64($0) } ?? json["orderingId"]?.intValue.map(Int64.init)
        requestId = json["requestId"]?.stringValue
    }
}

/// The Search API's answer (`POST /rest/search/v2`): how many the searcher may see, and this page of them.
package struct SearchAnswer: Sendable {
    package struct Result: Sendable {
        package let uri: String
        package let title: String
        /// `raw.source`: the source's name.
        package let source: String
    }

    package let totalCount: Int
    package let results: [Result]

    package init(_ json: JSON) {
        results = (json["results"]?.arrayValue ?? []).map { result in
            Result(
                uri: result["uri"]?.stringValue ?? "", title: result["title"]?.stringValue ?? "",
                source: result["raw"]?["source"]?.stringValue ?? "")
        }
        totalCount = json["totalCount"]?.intValue ?? results.count
    }
}

/// A source's raw configuration as `why` reads it (`GET .../sources/{id}/raw`): who decides who sees its items.
package struct RawSecurity: Sendable {
    /// `configuration.sourceSecurityOption`: Retrieve, Specified or Merge.
    package let option: String?
    /// `configuration.permissions`: the source-level permission levels.
    package let permissions: JSON?

    package init(_ raw: JSON) {
        option = raw["configuration"]?["sourceSecurityOption"]?.stringValue
        permissions = raw["configuration"]?["permissions"]
    }
}
