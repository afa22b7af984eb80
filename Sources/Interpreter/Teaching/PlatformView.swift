import CoveoAPI
import Foundation

/// A request to the sandbox shown as it would go to the platform (`trace on --as-platform`, `curl --as-platform`):
/// the host the documentation and the students' own organizations use, so a lesson's screen matches
/// docs.coveo.com. Push API paths go to the Push host; everything else to the platform host; a request elsewhere (a
/// file container's upload) is left as it is.
struct PlatformView: Sendable {
    /// The sandbox's address, as requests to it begin.
    let sandbox: URL
    let endpoints: Endpoints

    func rewrite(_ request: APIRequest) -> APIRequest {
        let base =
            sandbox.absoluteString.hasSuffix("/") ? String(sandbox.absoluteString.dropLast()) : sandbox.absoluteString
        let url = request.url.absoluteString
        guard url.hasPrefix(base + "/"), !url.dropFirst(base.count).hasPrefix("/sandbox/") else { return request }
        let rest = url.dropFirst(base.count)
        let host = rest.hasPrefix("/push/") ? endpoints.push : endpoints.platform
        var copy = request
        copy.url = URL(string: host.absoluteString + rest) ?? request.url
        return copy
    }

    /// The note that says where the request really went.
    var note: String { "(shown as the platform's; sent to the sandbox at \(Endpoints.place(sandbox)))" }
}

extension Shell {
    /// On the sandbox, with `--as-platform`: how to show its requests as the platform's.
    func platformView(_ asked: Bool) -> PlatformView? {
        guard asked, session.target == .sandbox, let connection = connections.sandbox else { return nil }
        return PlatformView(
            sandbox: connection.url, endpoints: .coveo(region: session.region, environment: session.environment))
    }
}
