import CoveoAPI
import Foundation

/// The Stream API of Catalog sources (`/push/v1/.../sources/{id}/stream/...`): load a whole catalog through a stream
/// of chunks, update it with a file container (whole items, deletions, partial updates), merge fields into items,
/// delete what is older than a time. Each is applied later, like a push, and logged.
extension SandboxStore {
    /// The documented limits of the Stream API: an item, and the items a source holds.
    static let maximumStreamItemBytes = 3 * 1024 * 1024
    static let maximumCatalogItems = 1_000_000

    /// The source a Stream API request names: a Catalog source with the stream enabled. A Push source is refused,
    /// as is one that does not exist (412, as the Push API answers for a source it cannot push to).
    func streamSource(_ call: SandboxCall) throws(SandboxFailure) -> String {
        try admitStreamRequest()
        let sourceId = try pushSource(call)
        let model = try source(sourceId).record
        guard model["sourceType"]?.stringValue == "CATALOG", model["streamEnabled"]?.boolValue == true else {
            throw SandboxFailure(
                400, "INVALID_SOURCE_TYPE",
                "The source '\(sourceId)' is a \(model["sourceType"]?.stringValue ?? "PUSH") source without the "
                    + "Stream API; streams load Catalog sources created with streamEnabled (use the Push API here).")
        }
        return sourceId
    }

    /// `POST .../stream/open`: a stream, with the file container of its first chunk.
    func openStream(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let streamId = UUID().uuidString.lowercased()
        var answer = try newContainer(owner: "stream:" + streamId, request)
        answer["streamId"] = .string(streamId)
        let fileId = answer["fileId"]?.stringValue ?? ""
        try index.setStream(.init(source: sourceId, opened: clock.now(), files: [fileId]), id: streamId)
        return .json(201, .object(answer))
    }

    /// `POST .../stream/{streamId}/chunk`: the file container of one more chunk.
    func streamChunk(_ sourceId: String, _ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let streamId = call["streamId"]
        var stream = try openStreamRow(streamId, of: sourceId)
        let answer = try newContainer(owner: "stream:" + streamId, call.request)
        stream.files.append(answer["fileId"]?.stringValue ?? "")
        try index.setStream(stream, id: streamId)
        return .json(200, .object(answer))
    }

    /// `POST .../stream/{streamId}/close`: the source will hold exactly the items the stream carried. Every chunk
    /// is read and checked first; then the items are queued with one orderingId, and a delete-older-than that
    /// orderingId removes the items the stream did not carry.
    func closeStream(_ sourceId: String, _ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let streamId = call["streamId"]
        let stream = try openStreamRow(streamId, of: sourceId)
        var operations: [SandboxIndex.Operation] = []
        for fileId in stream.files {
            // A container the client asked for and never filled (push-api-client leaves the open's own unused)
            // carries nothing.
            guard let container = try index.container(fileId), let content = container.content else { continue }
            let batch = try Self.jsonObject(content, strict: true, subject: "A chunk of the stream") { _ in
                "A chunk of a stream must hold {\"addOrUpdate\": [...]}."
            }
            for (position, item) in try Self.batchList(batch, "addOrUpdate").enumerated() {
                operations.append(try Self.streamItem(item, "addOrUpdate[\(position)] of chunk \(fileId)"))
            }
            for (position, item) in try Self.batchList(batch, "delete").enumerated() {
                let documentId = try Self.batchDocumentId(item, "delete[\(position)] of chunk \(fileId)")
                operations.append(.delete(documentId: documentId, children: false))
            }
        }
        let adds = operations.count { if case .addOrUpdate = $0 { true } else { false } }
        guard adds <= Self.maximumCatalogItems else {
            throw SandboxFailure(
                400, "LIMIT_EXCEEDED",
                "The stream carries \(adds) items; a Catalog source holds at most \(Self.maximumCatalogItems). "
                    + "Nothing was queued: load a smaller catalog, or use stream/update.")
        }
        for fileId in stream.files { try index.setContainer(nil, id: fileId) }
        try index.setStream(nil, id: streamId)
        let orderingId = clock.now()
        for operation in operations { try enqueue(sourceId, operation, orderingId) }
        try enqueue(sourceId, .deleteOlderThan(orderingId: orderingId), orderingId)
        return .json(200, Self.streamAnswer(orderingId))
    }

    /// `PUT .../stream/update?fileId=`: whole items added or replaced, items deleted, partial updates; the
    /// others stay.
    func streamUpdate(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let (fileId, content) = try containerContent(request)
        let batch = try Self.jsonObject(content, strict: true, subject: "The file container") { _ in
            "The file container must hold {\"addOrUpdate\": [...], \"delete\": [...], \"partialUpdate\": [...]}."
        }
        let allowed = ["addOrUpdate", "delete", "partialUpdate"]
        var operations: [SandboxIndex.Operation] = []
        for (position, item) in try Self.batchList(batch, "addOrUpdate", allowed: allowed).enumerated() {
            operations.append(try Self.streamItem(item, "addOrUpdate[\(position)]"))
        }
        for (position, item) in try Self.batchList(batch, "delete", allowed: allowed).enumerated() {
            let documentId = try Self.batchDocumentId(item, "delete[\(position)]")
            operations.append(.delete(documentId: documentId, children: item["deleteChildren"]?.boolValue ?? false))
        }
        for (position, entry) in try Self.batchList(batch, "partialUpdate", allowed: allowed).enumerated() {
            operations.append(try Self.partialUpdate(entry, "partialUpdate[\(position)]"))
        }
        try index.setContainer(nil, id: fileId)
        let orderingId = clock.now()
        for operation in operations { try enqueue(sourceId, operation, orderingId) }
        return .json(202, Self.streamAnswer(orderingId))
    }

    /// `PUT .../stream/merge?fileId=`: a shallow merge, `{"addOrMerge": [...]}`: each entry's fields replace the
    /// item's, the item's other fields stay; an item the source does not hold is added.
    func streamMerge(_ sourceId: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let (fileId, content) = try containerContent(request)
        let batch = try Self.jsonObject(content, strict: true, subject: "The file container") { _ in
            "The file container must hold {\"addOrMerge\": [...]}."
        }
        var operations: [SandboxIndex.Operation] = []
        for (position, item) in try Self.batchList(batch, "addOrMerge", allowed: ["addOrMerge"]).enumerated() {
            guard case .addOrUpdate(let documentId, let body) = try Self.streamItem(item, "addOrMerge[\(position)]")
            else { continue }
            operations.append(.merge(documentId: documentId, body: body))
        }
        try index.setContainer(nil, id: fileId)
        let orderingId = clock.now()
        for operation in operations { try enqueue(sourceId, operation, orderingId) }
        return .json(202, Self.streamAnswer(orderingId))
    }

    /// `POST .../stream/deleteolderthan/{epochMilliseconds}`.
    func streamDeleteOlderThan(_ sourceId: String, _ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let text = call["epochMilliseconds"]
        guard let limit = Int64(text), limit >= 0 else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "'\(text)' is not a whole number of epoch milliseconds.")
        }
        try enqueue(sourceId, .deleteOlderThan(orderingId: limit), limit)
        return .json(201, Self.streamAnswer(limit))
    }

    // MARK: Parts

    /// The Stream API's burst: at most `streamBurst` requests in any 5 minutes, the next refused with 429 and the
    /// seconds until the oldest leaves the window.
    private func admitStreamRequest() throws(SandboxFailure) {
        let burst = state.streamBurst
        guard burst > 0 else { return }
        let now = clock.now()
        let window: Int64 = 5 * 60 * 1000
        streamRequests.removeAll { $0 <= now - window }
        guard streamRequests.count < burst else {
            var failure = SandboxFailure(
                429, "TOO_MANY_REQUESTS",
                "The Stream API takes at most \(burst) requests in 5 minutes; retry after the Retry-After seconds.")
            failure.retryAfter = max(1, Int((streamRequests[0] + window - now + 999) / 1000))
            throw failure
        }
        streamRequests.append(now)
    }

    private func openStreamRow(_ streamId: String, of sourceId: String) throws(SandboxFailure) -> SandboxIndex.Stream {
        guard let stream = try index.stream(streamId), stream.source == sourceId else {
            throw SandboxFailure(
                404, "STREAM_NOT_FOUND", "No open stream '\(streamId)' on the source '\(sourceId)' (or it was closed).")
        }
        return stream
    }

    /// The answer of an accepted Stream API request: `{orderingId, requestId}` (the specification's strings).
    private static func streamAnswer(_ orderingId: Int64) -> JSON {
        ["orderingId": .string(String(orderingId)), "requestId": .string(UUID().uuidString.lowercased())]
    }

    /// One item of a stream: a documentId, and at most 3 MB (the Stream API's limit), refused with its place.
    private static func streamItem(_ item: JSON, _ place: String) throws(SandboxFailure) -> SandboxIndex.Operation {
        let documentId = try batchDocumentId(item, place)
        // An object: `batchDocumentId` refuses anything else.
        var body = item.objectValue ?? [:]
        let size = JSONWriter.compact(item).utf8.count
        guard size <= maximumStreamItemBytes else {
            throw SandboxFailure(
                400, "DOCUMENT_TOO_LARGE",
                "\(place) ('\(documentId)') is \(size) bytes; an item of the Stream API is at most "
                    + "\(maximumStreamItemBytes) (3 MB). Nothing was queued.")
        }
        body["documentId"] = nil
        return .addOrUpdate(documentId: documentId, body: body)
    }

    /// A partial update entry, checked as a whole before anything is queued (what pshell checks before it sends).
    private static func partialUpdate(_ entry: JSON, _ place: String) throws(SandboxFailure) -> SandboxIndex.Operation {
        let documentId = try batchDocumentId(entry, place)
        switch PartialUpdate.read(entry) {
        case .failure(let problem):
            throw SandboxFailure(400, "INVALID_JSON", "\(place): \(problem.message); nothing was queued.")
        case .success(let update):
            let change = SandboxIndex.PartialChange(
                operation: update.operation, field: update.field, value: update.value)
            return .partialUpdate(documentId: documentId, change: change)
        }
    }
}
