import CoveoAPI
import Foundation

/// Requests and responses as text: the way Coveo's documentation prints them (`trace`, dry runs), and as a
/// curl command (`curl`). A token never appears: it is masked, or replaced by `$PSHELL_TOKEN`.
enum HTTPText {
    /// Bodies longer than this are cut in a trace.
    static let maximumShownBody = 4096

    static func request(_ request: APIRequest) -> String {
        var lines = ["\(request.method) \(maskedURL(request.url)) HTTP/1.1"]
        for header in request.headers where header.name != "User-Agent" {
            lines.append("\(header.name): \(maskedHeader(header))")
        }
        var text = lines.joined(separator: "\n") + "\n"
        if let body = request.body, !body.isEmpty {
            text += "\n" + bodyText(body, contentType: contentType(request)) + "\n"
        }
        return text
    }

    static func response(_ response: APIResponse, elapsed: Duration) -> String {
        var text = "HTTP/1.1 \(response.status) \(reason(response.status))  (\(milliseconds(elapsed)))\n"
        for name in ["x-request-id", "retry-after", "content-type"] {
            if let value = response.headers[name] { text += "\(displayName(name)): \(value)\n" }
        }
        if !response.body.isEmpty {
            text += "\n" + bodyText(response.body, contentType: response.headers["content-type"] ?? "") + "\n"
        }
        return text
    }

    static func milliseconds(_ elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return ms >= 1000 ? String(format: "%.2f s", ms / 1000) : String(format: "%.1f ms", ms)
    }

    /// The request as a curl command a user can run: the token as `"$PSHELL_TOKEN"`.
    static func curl(_ request: APIRequest, caFiles: [String] = []) -> String {
        var parts = ["curl -sS -X \(request.method) \(urlWord(request.url))"]
        // The CA pshell trusts for this host (`--cacert`, `endpoint --cacert`): curl needs it too.
        if request.url.scheme?.lowercased() == "https", let file = caFiles.last {
            parts.append("--cacert \(singleQuoted(file))")
        }
        for header in request.headers where header.name != "User-Agent" {
            if header.name == "Authorization" {
                parts.append("-H \"Authorization: Bearer $PSHELL_TOKEN\"")
            } else {
                parts.append("-H \(singleQuoted("\(header.name): \(header.value)"))")
            }
        }
        if let body = request.body, !body.isEmpty {
            if let text = String(data: body, encoding: .utf8), contentType(request).contains("json") {
                parts.append("--data-raw \(singleQuoted(text))")
            } else {
                parts.append("--data-binary @BODY_FILE")
            }
        }
        return parts.joined(separator: " \\\n  ")
    }

    // MARK: Pieces

    private static func contentType(_ request: APIRequest) -> String {
        request.headers.first { $0.name.lowercased() == "content-type" }?.value.lowercased() ?? ""
    }

    private static func maskedHeader(_ header: (name: String, value: String)) -> String {
        guard header.name.lowercased() == "authorization" else { return header.value }
        let token = header.value.hasPrefix("Bearer ") ? String(header.value.dropFirst(7)) : header.value
        return "Bearer " + Secret(token).masked
    }

    /// The URL with an `accessToken` query value masked.
    static func maskedURL(_ url: URL) -> String {
        replacingAccessToken(Redaction.withoutSignature(url.absoluteString)) { Secret($0).masked }
    }

    private static func urlWord(_ url: URL) -> String {
        let text = url.absoluteString
        guard text.contains("accessToken=") else { return singleQuoted(text) }
        // Double quotes, so that the shell expands $PSHELL_TOKEN; escape what double quotes would interpret.
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "\\$").replacingOccurrences(of: "`", with: "\\`")
        return "\"" + replacingAccessToken(escaped) { _ in "$PSHELL_TOKEN" } + "\""
    }

    private static func replacingAccessToken(_ text: String, with replacement: (String) -> String) -> String {
        guard let range = text.range(of: "accessToken=") else { return text }
        let end = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
        return text.replacingCharacters(
            in: range.upperBound..<end, with: replacement(String(text[range.upperBound..<end])))
    }

    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func bodyText(_ body: Data, contentType: String) -> String {
        if contentType.contains("json") || contentType.isEmpty, let json = try? JSONParser.parse(Array(body)) {
            let pretty = JSONWriter.pretty(json)
            if pretty.utf8.count <= maximumShownBody { return pretty }
            return String(pretty.prefix(maximumShownBody)) + "\n… (\(body.count) bytes in all)"
        }
        if let text = String(data: body, encoding: .utf8), !contentType.contains("octet-stream"),
            text.utf8.count <= maximumShownBody
        {
            return text
        }
        return "(\(body.count) bytes of \(contentType.isEmpty ? "data" : contentType))"
    }

    private static func displayName(_ name: String) -> String {
        name == "x-request-id"
            ? "X-Request-ID"
            : name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    static func reason(_ status: Int) -> String {
        [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed",
            413: "Payload Too Large", 415: "Unsupported Media Type", 429: "Too Many Requests",
            500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ][status] ?? ""
    }
}
