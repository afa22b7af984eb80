import Foundation

/// One request and what became of it, for `trace` and `curl`: the answer, the failure, or nothing
/// when a dry run kept it from being sent.
package struct HTTPExchange: Sendable {
    package var request: APIRequest
    package var response: APIResponse?
    /// Why there is no response: a transport failure's text. `nil` with no response means not sent.
    package var failure: String?
    package var elapsed: Duration

    package init(request: APIRequest, response: APIResponse? = nil, failure: String? = nil, elapsed: Duration) {
        self.request = request
        self.response = response
        self.failure = failure
        self.elapsed = elapsed
    }

    package var wasSent: Bool { response != nil || failure != nil }

    /// Reads change nothing: a GET, and the documented POSTs that only query (a token's privileges, logs).
    package var isRead: Bool { Self.isRead(request) }

    package static func isRead(_ request: APIRequest) -> Bool {
        let path = request.url.path
        // POSTs that only read: the token's privileges, the Source Logs, the security cache's listing, field search.
        return request.method == "GET" || path.hasSuffix("/privileges/token") || path.hasPrefix("/logs/v1/")
            || path.hasSuffix("/securitycache/entities/list") || path.hasSuffix("/indexes/fields/search")
    }
}
