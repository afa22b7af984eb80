/// Index fields (Source API, `.../sources/fields`) and API keys (Authorization API, `.../apikeys`).
extension CoveoClient {
    /// `GET /rest/organizations/{org}/sources/page/fields`: one page of the organization's fields.
    package func listFields(filter: String? = nil, page: Int = 0, perPage: Int = 1000) async throws(APIError) -> JSON {
        var query = [("page", String(page)), ("perPage", String(perPage))]
        if let filter, !filter.isEmpty { query.insert(("filter", filter), at: 0) }
        return try await call("GET", .platform, sourcesPath + "/page/fields", query: query)
    }

    /// Every field, page by page.
    package func allFields() async throws(APIError) -> [JSON] {
        var fields: [JSON] = []
        var page = 0
        while true {
            let answer = try await listFields(page: page)
            fields += answer["items"]?.arrayValue ?? []
            page += 1
            guard page < answer["totalPages"]?.intValue ?? 0 else { return fields }
        }
    }

    /// `POST /rest/organizations/{org}/indexes/fields/search` (platform-client's `field.search`): one page of the
    /// fields whose name holds `name`.
    package func searchFields(name: String, page: Int = 0, perPage: Int = 1000) async throws(APIError) -> JSON {
        let options: JSON = ["page": .int(page), "perPage": .int(perPage), "filters": ["name": .string(name)]]
        return try await call("POST", .platform, organizationPath + "/indexes/fields/search", body: options)
    }

    /// Every field whose name holds `name`, page by page.
    package func allFields(named name: String) async throws(APIError) -> [JSON] {
        var fields: [JSON] = []
        var page = 0
        while true {
            let answer = try await searchFields(name: name, page: page)
            fields += answer["items"]?.arrayValue ?? []
            page += 1
            guard page < answer["totalPages"]?.intValue ?? 0 else { return fields }
        }
    }

    /// `POST /rest/organizations/{org}/sources/fields/batch/create` with `[{name, type, ...}]` (at most 500 at once,
    /// as Coveo's push clients send them).
    package func createFields(_ fields: [JSON]) async throws(APIError) {
        for start in stride(from: 0, to: fields.count, by: 500) {
            let batch = Array(fields[start..<min(start + 500, fields.count)])
            try await call("POST", .platform, sourcesPath + "/fields/batch/create", body: .array(batch))
        }
    }

    /// `DELETE /rest/organizations/{org}/sources/fields/batch/delete?fields=A&fields=B`.
    package func deleteFields(_ names: [String]) async throws(APIError) {
        try await call("DELETE", .platform, sourcesPath + "/fields/batch/delete", query: names.map { ("fields", $0) })
    }

    /// `POST /rest/organizations/{org}/apikeys`: the answer is the only one that holds the key's value.
    package func createAPIKey(_ model: JSON) async throws(APIError) -> JSON {
        try await call("POST", .platform, organizationPath + "/apikeys", body: model)
    }

    /// `GET /rest/organizations/{org}/apikeys`: every key, values masked.
    package func listAPIKeys() async throws(APIError) -> JSON {
        try await call("GET", .platform, organizationPath + "/apikeys")
    }

    /// `PUT /rest/organizations/{org}/apikeys/{id}/disable`.
    package func disableAPIKey(_ id: String) async throws(APIError) {
        try await call("PUT", .platform, organizationPath + "/apikeys/" + escape(id) + "/disable")
    }

    /// `DELETE /rest/organizations/{org}/apikeys/{id}`.
    package func deleteAPIKey(_ id: String) async throws(APIError) {
        try await call("DELETE", .platform, organizationPath + "/apikeys/" + escape(id))
    }
}
