import Foundation

/// What a dry run keeps from being sent.
package enum DryRun: Sendable, Equatable {
    /// Everything is sent.
    case off
    /// Nothing is sent: the first request is shown and the command stops.
    case everything
    /// Reads are sent (a write is often built from one: `update` reads the source first); the first write is
    /// shown and the command stops. A read built from a value only a held write would have given (a
    /// placeholder) is held too: the platform could only answer 404.
    case writes

    /// What a dry run gives in place of a result it did not get (`$last.id` after a held `create`), so a script
    /// goes on and shows every request it would send.
    package static func placeholder(for reference: String) -> String { marker + reference }

    package static func isPlaceholder(_ text: String) -> Bool { text.contains(marker) }

    private static let marker = "dry-run:"

    func holds(_ request: APIRequest) -> Bool {
        switch self {
        case .off: false
        case .everything: true
        case .writes: !HTTPExchange.isRead(request) || Self.mentionsPlaceholder(request)
        }
    }

    /// Where a file container a dry run did not create would have been uploaded to: shown, never reached.
    package static let uploadURL = "https://dry-run.invalid/file-container"

    /// The answer a held write stands in for, so that a dry run shows every request the command would send, in
    /// order, rather than stopping at the first: a dry `push` its fields, the file container, the upload, the
    /// batch, the status; a dry `create --with-provider` the source, then the provider that names it. A write
    /// whose answer names what it made (a source, a provider, a key) is answered with what it sent and a
    /// placeholder for each id the platform would have given (`dry-run:source.id`): a read of it is held in turn.
    package static func standIn(for request: APIRequest) -> APIResponse? {
        let path = request.url.path
        if request.url.absoluteString.hasPrefix(uploadURL) { return APIResponse(status: 200) }
        // A file container, and a stream's (its chunks' and its opening's, which names the stream too).
        let opens = path.hasSuffix("/stream/open")
        if request.method == "POST", path.hasPrefix("/push/v1/"),
            path.hasSuffix("/files") || path.hasSuffix("/chunk") || opens
        {
            var container: JSON = [
                "uploadUri": .string(uploadURL), "fileId": .string(placeholder(for: "fileId")),
                "requiredHeaders": [
                    "x-amz-server-side-encryption": "AES256", "Content-Type": "application/octet-stream",
                ],
            ]
            if opens { container["streamId"] = .string(placeholder(for: "streamId")) }
            return APIResponse(
                status: 201, headers: ["content-type": "application/json"],
                body: Data(JSONWriter.compact(container).utf8))
        }
        if path.hasPrefix("/push/v1/") || path.hasSuffix("/sources/fields/batch/create") {
            return APIResponse(status: path.hasSuffix("/fields/batch/create") ? 204 : 202)
        }
        if request.method == "DELETE" { return APIResponse(status: 204) }
        guard path.hasPrefix("/rest/"), let body = request.body,
            var made = (try? JSONParser.parse(Array(body)))?.objectValue
        else { return nil }
        // Named for what was made: `dry-run:source.id`, `dry-run:apikey.value`.
        let resource = String(path.split(separator: "/").last ?? "").replacing(/s$/, with: "")
        if request.method == "POST", made["id"] == nil { made["id"] = .string(placeholder(for: resource + ".id")) }
        if path.hasSuffix("/apikeys") { made["value"] = .string(placeholder(for: "apikey.value")) }
        return APIResponse(
            status: request.method == "POST" ? 201 : 200, headers: ["content-type": "application/json"],
            body: Data(JSONWriter.compact(.object(made)).utf8))
    }

    private static func mentionsPlaceholder(_ request: APIRequest) -> Bool {
        let url = request.url.absoluteString
        if isPlaceholder(url) || isPlaceholder(url.removingPercentEncoding ?? url) { return true }
        return request.body.map { isPlaceholder(String(decoding: $0, as: UTF8.self)) } ?? false
    }
}
