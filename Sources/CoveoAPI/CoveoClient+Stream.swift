import Foundation

/// The Stream API of Catalog sources, on the Push API's host: a stream of chunks that loads a whole catalog, and
/// updates, merges and deletions sent through file containers. Each answers `{orderingId, requestId}` once accepted.
extension CoveoClient {
    func streamPath(_ sourceId: String) -> String { pushPath + "/sources/" + escape(sourceId) + "/stream" }

    /// `POST .../stream/open`: `{streamId, uploadUri, fileId, requiredHeaders}`.
    package func openStream(_ sourceId: String) async throws(APIError) -> JSON {
        try await call("POST", .push, streamPath(sourceId) + "/open")
    }

    /// `POST .../stream/{streamId}/chunk`: another chunk's container, `{uploadUri, fileId, requiredHeaders}`.
    package func streamChunk(_ sourceId: String, streamId: String) async throws(APIError) -> JSON {
        try await call("POST", .push, streamPath(sourceId) + "/" + escape(streamId) + "/chunk")
    }

    /// `POST .../stream/{streamId}/close`: the source then holds what the stream carried, and nothing else.
    package func closeStream(_ sourceId: String, streamId: String) async throws(APIError) -> JSON {
        try await call("POST", .push, streamPath(sourceId) + "/" + escape(streamId) + "/close")
    }

    /// `PUT .../stream/update?fileId=`: items added or replaced, deleted, or partially updated; others stay.
    package func streamUpdate(_ sourceId: String, fileId: String) async throws(APIError) -> JSON {
        try await call("PUT", .push, streamPath(sourceId) + "/update", query: [("fileId", fileId)])
    }

    /// `PUT .../stream/merge?fileId=`: a shallow merge of fields into items.
    package func streamMerge(_ sourceId: String, fileId: String) async throws(APIError) -> JSON {
        try await call("PUT", .push, streamPath(sourceId) + "/merge", query: [("fileId", fileId)])
    }

    /// `POST .../stream/deleteolderthan/{epochMilliseconds}?queueDelay=`.
    package func streamDeleteOlderThan(
        _ sourceId: String, epochMilliseconds: Int64, queueDelay: Int? = nil
    ) async throws(APIError) -> JSON {
        try await call(
            "POST", .push, streamPath(sourceId) + "/deleteolderthan/" + String(epochMilliseconds),
            query: queueDelay.map { [("queueDelay", String($0))] } ?? [])
    }
}
