import CoveoAPI
import Foundation

/// The Push API (`/push/v1`), file containers (`/upload`), the Source Logs API (`/logs/v1`) and the
/// sandbox's own view of what it holds (`/sandbox/v1`).
extension SandboxStore {
    /// The largest body of a single item request, and of a file container (the documented limits).
    static let maximumRequestBytes = 6 * 1024 * 1024
    static let maximumContainerBytes = 256 * 1024 * 1024
    /// A file container expires this long after it is created.
    static let containerLifetime: Int64 = 60 * 60 * 1000

    /// Applies the Push operations that are due, and keeps each source's document count in step.
    func catchUpIndexing() throws(SandboxFailure) {
        let now = clock.now()
        // Read only when something is due (an autoclosure): most requests find nothing to index.
        let changed = try index.process(
            now: now,
            organization: SandboxIndex.Organization(
                fields: Set(state.fields.keys),
                catalogSources: Set(state.sources.filter { $0["sourceType"]?.stringValue == "CATALOG" }.map(\.id)))
        ) { sourceID, permissions in
            unknownIdentity(in: permissions, sourceID: sourceID)
        }
        guard !changed.isEmpty else { return }
        for (position, model) in state.sources.enumerated() {
            guard changed.contains(model.id) else { continue }
            var updated = model
            let count = try index.itemCount(model.id)
            updated["information"]?["numberOfDocuments"] = .int(count)
            updated["information"]?["sourceStatus"]?["numberOfProcessedDocuments"] = .int(count)
            state.sources[position] = updated
        }
    }

    /// The Push source a request names: pushing to a source that does not exist is 412, as the Push API answers.
    func pushSource(_ call: SandboxCall) throws(SandboxFailure) -> String {
        let sourceId = call["sourceId"]
        guard state.sources.contains(id: sourceId) else {
            throw SandboxFailure(
                412, "SOURCE_DOES_NOT_EXIST", "The source '\(sourceId)' does not exist or is not a Push source.")
        }
        return sourceId
    }

    /// `PUT .../sources/{id}/documents?documentId=`: one item added or replaced.
    func putItem(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let documentId = try requiredParameter(request, "documentId")
        let orderingId = try orderingID(request)
        let body = try pushBody(request, limit: Self.maximumRequestBytes)
        if let bodyId = body["documentId"], bodyId.stringValue != documentId {
            throw SandboxFailure(
                400, "INVALID_DOCUMENT_ID",
                "documentId \(JSONWriter.compact(bodyId)) in the body differs from '\(documentId)' in the query.")
        }
        if let compression = request.queryValue("compressionType"),
            !["UNCOMPRESSED", "ZLIB", "GZIP", "LZMA", "DEFLATE"].contains(compression.uppercased())
        {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "compressionType '\(compression)' is not UNCOMPRESSED, ZLIB, GZIP, LZMA or DEFLATE.")
        }
        try enqueue(sourceId, .addOrUpdate(documentId: documentId, body: body), orderingId)
        return SandboxResponse.accepted()
    }

    /// `DELETE .../sources/{id}/documents?documentId=&deleteChildren=`.
    func deleteItem(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let documentId = try requiredParameter(request, "documentId")
        let orderingId = try orderingID(request)
        let children = request.queryValue("deleteChildren")?.lowercased() == "true"
        try enqueue(sourceId, .delete(documentId: documentId, children: children), orderingId)
        return SandboxResponse.accepted()
    }

    /// `DELETE .../sources/{id}/documents/olderthan?orderingId=`.
    func deleteOlderItems(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        guard let text = request.queryValue("orderingId"), let orderingId = Int64(text) else {
            throw SandboxFailure(
                412, "MISSING_PARAMETER", "The query parameter orderingId (epoch milliseconds) is required.")
        }
        try enqueue(sourceId, .deleteOlderThan(orderingId: orderingId), orderingId)
        return SandboxResponse.accepted()
    }

    func enqueue(
        _ sourceId: String, _ operation: SandboxIndex.Operation, _ orderingId: Int64
    ) throws(SandboxFailure) {
        try index.enqueue(
            .init(sourceId: sourceId, operation: operation, orderingId: orderingId, due: clock.now() + indexingDelay))
    }

    func requiredParameter(_ request: SandboxRequest, _ name: String) throws(SandboxFailure) -> String {
        guard let value = request.queryValue(name), !value.isEmpty else {
            throw SandboxFailure(412, "MISSING_PARAMETER", "The query parameter \(name) is required.")
        }
        return value
    }

    /// `orderingId` from the query, or now (the platform's default).
    func orderingID(_ request: SandboxRequest) throws(SandboxFailure) -> Int64 {
        guard let text = request.queryValue("orderingId") else { return clock.now() }
        guard let value = Int64(text), value >= 0 else {
            throw SandboxFailure(
                412, "INVALID_PARAMETER", "orderingId '\(text)' must be a whole number of epoch milliseconds.")
        }
        return value
    }

    /// A JSON object body, checked as the Push API checks it: size, media type, syntax, duplicate keys.
    func pushBody(_ request: SandboxRequest, limit: Int) throws(SandboxFailure) -> JSONObject {
        guard request.body.count <= limit else {
            throw SandboxFailure(
                413, "REQUEST_ENTITY_TOO_LARGE",
                "The body is \(request.body.count) bytes; the most a request may carry is \(limit).")
        }
        let contentType = request.headers["content-type"]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw SandboxFailure(
                415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json, not '\(contentType)'.")
        }
        return try Self.jsonObject(request.body, strict: true, subject: "The body") {
            "The body must be a JSON object, not \($0.kindName)."
        }
    }

    func setStatus(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let statusType = try requiredParameter(request, "statusType").uppercased()
        let states = ["REBUILD": "REFRESHING", "REFRESH": "REFRESHING", "INCREMENTAL": "REFRESHING", "IDLE": "IDLE"]
        guard let type = states[statusType] else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "statusType '\(statusType)' is not REBUILD, REFRESH, INCREMENTAL or IDLE.")
        }
        let (position, model) = try source(sourceId)
        var updated = model
        updated["information"]?["sourceStatus"]?["type"] = .string(type)
        updated["information"]?["sourceStatus"]?["refreshType"] = statusType == "IDLE" ? .null : .string(statusType)
        updated["information"]?["sourceStatus"]?["timestamp"] = .int64(clock.now())
        state.sources[position] = updated
        return .json(201, [:])
    }

    // MARK: File containers

    /// The most file containers a key may hold at once (made, not yet used, not expired): the sandbox's choice,
    /// so that a loop cannot fill its disk; a push uses one at a time.
    static let maximumContainersPerKey = 100

    /// A container is for pushing: a key that may push nothing (the view-only key) may not make one, and fill the
    /// sandbox's disk with uploads nothing will ever use.
    func createFileContainer(
        _ request: SandboxRequest, key: SandboxAPIKey
    ) throws(SandboxFailure)
        -> SandboxResponse
    {
        guard
            key.privileges.contains(where: {
                ["SOURCE", "SECURITY_PROVIDER"].contains($0.targetDomain) && $0.type == "EDIT"
            })
        else {
            throw SandboxFailure(
                403, "ACCESS_DENIED",
                "A file container is for pushing: the access token may edit no source and no security "
                    + "identity provider.")
        }
        let now = clock.now()
        let held = try index.liveContainers(of: key.id, createdSince: now - Self.containerLifetime)
        guard held < Self.maximumContainersPerKey else {
            throw SandboxFailure(
                400, "LIMIT_EXCEEDED",
                "This key holds \(held) file containers not yet used by a batch (at most "
                    + "\(Self.maximumContainersPerKey)); use them, or wait for them to expire 60 minutes after "
                    + "creation."
            )
        }
        return .json(201, .object(try newContainer(owner: key.id, request)))
    }

    /// A new file container and how to upload to it: `{uploadUri, fileId, requiredHeaders}`.
    func newContainer(owner: String, _ request: SandboxRequest) throws(SandboxFailure) -> JSONObject {
        let fileId = UUID().uuidString.lowercased()
        try index.setContainer(.init(created: clock.now(), owner: owner), id: fileId)
        let host = request.headers["host"] ?? "127.0.0.1"
        return [
            "uploadUri": .string("\(request.secure ? "https" : "http")://\(host)/upload/\(fileId)"),
            "fileId": .string(fileId),
            "requiredHeaders": [
                "x-amz-server-side-encryption": "AES256", "Content-Type": "application/octet-stream",
            ],
        ]
    }

    /// The S3-like upload: exactly the required headers, no token.
    func upload(_ fileId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        guard var container = try index.container(fileId) else {
            throw SandboxFailure(404, "NoSuchUpload", "No file container '\(fileId)'.")
        }
        guard request.headers["x-amz-server-side-encryption"] == "AES256" else {
            throw SandboxFailure(
                403, "AccessDenied", "The upload needs the header x-amz-server-side-encryption: AES256.")
        }
        guard request.headers["content-type"]?.lowercased() == "application/octet-stream" else {
            throw SandboxFailure(
                403, "AccessDenied", "The upload needs the header Content-Type: application/octet-stream.")
        }
        guard request.body.count <= Self.maximumContainerBytes else {
            throw SandboxFailure(
                413, "EntityTooLarge", "A file container holds at most \(Self.maximumContainerBytes) bytes.")
        }
        guard clock.now() - container.created < Self.containerLifetime else {
            throw SandboxFailure(403, "AccessDenied", "The file container expired (60 minutes after its creation).")
        }
        container.content = request.body
        try index.setContainer(container, id: fileId)
        return SandboxResponse(status: 200)
    }

    /// All or nothing: every entry is checked before any is queued, and the container is used up only by a batch
    /// that is accepted. A 400 changes nothing (its first entries were indexed and the container spent before).
    func batch(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let orderingId = try orderingID(request)
        let (fileId, content) = try containerContent(request)
        let batch = try Self.jsonObject(content, strict: true, subject: "The file container") { _ in
            "The file container must hold {\"addOrUpdate\": [...], \"delete\": [...]}."
        }
        var operations: [SandboxIndex.Operation] = []
        for (position, item) in try Self.batchList(batch, "addOrUpdate").enumerated() {
            let documentId = try Self.batchDocumentId(item, "addOrUpdate[\(position)]")
            guard case .object(var body) = item else { continue }
            body["documentId"] = nil
            operations.append(.addOrUpdate(documentId: documentId, body: body))
        }
        for (position, item) in try Self.batchList(batch, "delete").enumerated() {
            let documentId = try Self.batchDocumentId(item, "delete[\(position)]")
            operations.append(.delete(documentId: documentId, children: item["deleteChildren"]?.boolValue ?? false))
        }
        try index.setContainer(nil, id: fileId)
        for operation in operations { try enqueue(sourceId, operation, orderingId) }
        return SandboxResponse.accepted()
    }

    /// A batch's `addOrUpdate` or `delete`: an array, or absent; any other member is refused, not ignored (a typo
    /// such as `addOrUpdates` would otherwise use the container up and do nothing).
    static func batchList(
        _ batch: JSONObject, _ key: String, allowed: [String] = ["addOrUpdate", "delete"]
    ) throws(SandboxFailure) -> [JSON] {
        if let unknown = batch.members.map(\.key).first(where: { !allowed.contains($0) }) {
            let names =
                allowed.count == 1 ? allowed[0] : allowed.dropLast().joined(separator: ", ") + " and " + allowed.last!
            throw SandboxFailure(
                400, "INVALID_JSON",
                "The batch has '\(unknown)'; it holds only \(names) (arrays); nothing was queued.")
        }
        guard let value = batch[key] else { return [] }
        guard let list = value.arrayValue else {
            throw SandboxFailure(
                400, "INVALID_JSON", "\(key) must be an array, not \(value.kindName); nothing was queued.")
        }
        return list
    }

    /// An entry's `documentId`: a string that is not empty.
    static func batchDocumentId(_ entry: JSON, _ place: String) throws(SandboxFailure) -> String {
        guard entry.objectValue != nil else {
            throw SandboxFailure(400, "INVALID_JSON", "\(place) must be an object; nothing was queued.")
        }
        guard let value = entry["documentId"] else {
            throw SandboxFailure(
                400, "INVALID_JSON", "Every entry needs a documentId (\(place) has none); nothing was queued.")
        }
        guard let id = value.stringValue, !id.isEmpty else {
            throw SandboxFailure(
                400, "INVALID_JSON",
                "The documentId of \(place) must be a string that is not empty, not \(JSONWriter.compact(value)); "
                    + "nothing was queued.")
        }
        return id
    }

    /// The uploaded content of the container `fileId` names; the container is used up.
    func takeContainer(_ request: SandboxRequest) throws(SandboxFailure) -> Data {
        let (fileId, content) = try containerContent(request)
        try index.setContainer(nil, id: fileId)
        return content
    }

    /// The container `fileId` names and its uploaded content, checked and left as it is.
    func containerContent(_ request: SandboxRequest) throws(SandboxFailure) -> (String, Data) {
        let fileId = try requiredParameter(request, "fileId")
        guard let container = try index.container(fileId) else {
            throw SandboxFailure(412, "INVALID_PARAMETER", "No file container '\(fileId)' (or it was already used).")
        }
        guard clock.now() - container.created < Self.containerLifetime else {
            throw SandboxFailure(
                412, "INVALID_PARAMETER", "The file container '\(fileId)' expired 60 minutes after its creation.")
        }
        guard let content = container.content else {
            throw SandboxFailure(412, "INVALID_PARAMETER", "Nothing was uploaded to the file container '\(fileId)'.")
        }
        return (fileId, content)
    }
}
