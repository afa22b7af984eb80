package import Foundation

/// The Push API: items, statuses, file containers and batches, security identities, and the Source Logs.
extension CoveoClient {
    var pushPath: String { "/push/v1/organizations/" + escape(organization) }

    /// `POST /push/v1/organizations/{org}/sources/{id}/status?statusType=`: REBUILD, REFRESH, INCREMENTAL or IDLE.
    package func setStatus(_ sourceId: String, _ statusType: String) async throws(APIError) {
        try await call(
            "POST", .push, pushPath + "/sources/" + escape(sourceId) + "/status", query: [("statusType", statusType)])
    }

    /// `PUT /push/v1/organizations/{org}/sources/{id}/documents?documentId=`: add or update one item. Answers 202:
    /// accepted, not indexed.
    package func pushDocument(
        _ sourceId: String, documentId: String, body: JSON, orderingId: Int64? = nil
    ) async throws(APIError) {
        var query = [("documentId", documentId)]
        if let orderingId { query.append(("orderingId", String(orderingId))) }
        try await call("PUT", .push, pushPath + "/sources/" + escape(sourceId) + "/documents", query: query, body: body)
    }

    /// `DELETE /push/v1/organizations/{org}/sources/{id}/documents?documentId=&deleteChildren=`.
    package func deleteDocument(
        _ sourceId: String, documentId: String, deleteChildren: Bool, orderingId: Int64? = nil
    ) async throws(APIError) {
        var query = [("documentId", documentId), ("deleteChildren", deleteChildren ? "true" : "false")]
        if let orderingId { query.append(("orderingId", String(orderingId))) }
        try await call("DELETE", .push, pushPath + "/sources/" + escape(sourceId) + "/documents", query: query)
    }

    /// `DELETE /push/v1/organizations/{org}/sources/{id}/documents/olderthan?orderingId=&queueDelay=`.
    package func deleteOlderThan(_ sourceId: String, orderingId: Int64, queueDelay: Int? = nil) async throws(APIError) {
        var query = [("orderingId", String(orderingId))]
        if let queueDelay { query.append(("queueDelay", String(queueDelay))) }
        try await call(
            "DELETE", .push, pushPath + "/sources/" + escape(sourceId) + "/documents/olderthan", query: query)
    }

    /// `POST /push/v1/organizations/{org}/files`: a file container, `{uploadUri, fileId, requiredHeaders}`.
    package func createFileContainer() async throws(APIError) -> JSON {
        try await call("POST", .push, pushPath + "/files")
    }

    /// `PUT uploadUri` with exactly the container's required headers and no token (it is a presigned URL).
    package func upload(to uploadURI: URL, headers: [(name: String, value: String)], body: Data) async throws(APIError)
    {
        let operation = "PUT file container"
        let response = try await send(
            APIRequest(method: "PUT", url: uploadURI, headers: headers, body: body), operation: operation,
            resending: .safe)
        guard (200..<300).contains(response.status) else {
            throw APIError.from(response: response, operation: operation)
        }
    }

    /// Creates a file container and uploads `body` to it; returns the container's `fileId`.
    package func uploadToNewContainer(_ body: Data) async throws(APIError) -> String {
        try await upload(body, to: try await createFileContainer())
    }

    /// Uploads `body` to a container the platform gave (`{uploadUri, fileId, requiredHeaders}`: a new one, or a
    /// stream's chunk); returns its `fileId`.
    package func upload(_ body: Data, to created: JSON) async throws(APIError) -> String {
        guard let uploadText = created["uploadUri"]?.stringValue, let uploadURI = URL(string: uploadText),
            let fileId = created["fileId"]?.stringValue
        else {
            throw APIError(
                kind: .unreadableResponse, operation: "POST files",
                message: "the file container answer has no uploadUri or fileId")
        }
        let headers = (created["requiredHeaders"]?.objectValue?.members ?? []).compactMap { member in
            member.value.stringValue.map { (name: member.key, value: $0) }
        }
        try await upload(to: uploadURI, headers: headers, body: body)
        return fileId
    }

    /// `PUT /push/v1/organizations/{org}/sources/{id}/documents/batch?fileId=`: send a container's items.
    package func pushBatch(_ sourceId: String, fileId: String, orderingId: Int64? = nil) async throws(APIError) {
        var query = [("fileId", fileId)]
        if let orderingId { query.append(("orderingId", String(orderingId))) }
        try await call("PUT", .push, pushPath + "/sources/" + escape(sourceId) + "/documents/batch", query: query)
    }

    /// `POST /logs/v1/organizations/{org}?from=&to=`: the indexing pipeline's log entries for a source.
    /// `filters` adds the documented body filters (`operations`, `excludeResults`, ...).
    package func logs(
        _ sourceId: String, documentId: String?, from: String, to: String, page: Int = 0, perPage: Int = 100,
        filters: JSONObject = JSONObject()
    ) async throws(APIError) -> JSON {
        var query = [("from", from), ("to", to), ("page", String(page)), ("perPage", String(perPage))]
        if let documentId { query.append(("documentId", documentId)) }
        var body = filters
        body["sourcesIds"] = [.string(sourceId)]
        return try await call(
            "POST", .push, "/logs/v1/organizations/" + escape(organization), query: query, body: .object(body))
    }

    /// `POST /logs/v1/organizations/{org}/facetsStats?from=&to=`: how many log entries have each result,
    /// operation and task (`{"results": {"COMPLETED": 47, ...}, ...}`).
    package func logCounts(
        _ sourceId: String, from: String, to: String, filters: JSONObject = JSONObject()
    ) async throws(APIError) -> JSON {
        var body = filters
        body["sourcesIds"] = [.string(sourceId)]
        return try await call(
            "POST", .push, "/logs/v1/organizations/" + escape(organization) + "/facetsStats",
            query: [("from", from), ("to", to)],
            body: .object(body))
    }

    // MARK: Security identities (Push API)

    func identityPath(_ provider: String) -> String { pushPath + "/providers/" + escape(provider) }

    func orderingQuery(_ orderingId: Int64?) -> [(String, String)] {
        orderingId.map { [("orderingId", String($0))] } ?? []
    }

    /// `PUT /push/v1/organizations/{org}/providers/{provider}/permissions`: add or replace an identity.
    package func putIdentity(_ provider: String, _ body: JSON, orderingId: Int64? = nil) async throws(APIError) {
        try await call(
            "PUT", .push, identityPath(provider) + "/permissions", query: orderingQuery(orderingId), body: body)
    }

    /// `PUT /push/v1/organizations/{org}/providers/{provider}/mappings`: add or replace an alias.
    package func putAlias(_ provider: String, _ body: JSON, orderingId: Int64? = nil) async throws(APIError) {
        try await call("PUT", .push, identityPath(provider) + "/mappings", query: orderingQuery(orderingId), body: body)
    }

    /// `DELETE /push/v1/organizations/{org}/providers/{provider}/permissions` with `{"identity": {...}}`.
    package func deleteIdentity(_ provider: String, _ body: JSON, orderingId: Int64? = nil) async throws(APIError) {
        try await call(
            "DELETE", .push, identityPath(provider) + "/permissions", query: orderingQuery(orderingId), body: body)
    }

    /// `DELETE /push/v1/organizations/{org}/providers/{provider}/permissions/olderthan?orderingId=&queueDelay=`.
    package func deleteOldIdentities(
        _ provider: String, orderingId: Int64, queueDelay: Int? = nil
    ) async throws(APIError) {
        var query = [("orderingId", String(orderingId))]
        if let queueDelay { query.append(("queueDelay", String(queueDelay))) }
        try await call("DELETE", .push, identityPath(provider) + "/permissions/olderthan", query: query)
    }

    /// `PUT /push/v1/organizations/{org}/providers/{provider}/permissions/batch?fileId=`.
    package func pushIdentityBatch(_ provider: String, fileId: String, orderingId: Int64? = nil) async throws(APIError)
    {
        try await call(
            "PUT", .push, identityPath(provider) + "/permissions/batch",
            query: [("fileId", fileId)] + orderingQuery(orderingId))
    }
}
