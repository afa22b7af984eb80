import Foundation
import Logging

/// The Coveo Source API (and the platform services around it): one method per documented operation.
/// Bodies and results are `JSON` so that fields pshell does not model survive a read-modify-write.
package struct CoveoClient: Sendable {
    /// Which base URL an operation lives under.
    package enum Service: Sendable {
        case platform, push
    }

    package var transport: any HTTPTransport
    package var endpoints: Endpoints
    package var organization: String
    package var token: Secret?
    package var userAgent = "pshell/0.1"
    package var retry = RetryPolicy()
    /// Called for every attempt (and for a request a dry run holds back): what `trace` prints and `curl` replays.
    package var observer: (@Sendable (HTTPExchange) -> Void)?
    package var dryRun = DryRun.off

    package init(transport: any HTTPTransport, endpoints: Endpoints, organization: String, token: Secret?) {
        self.transport = transport
        self.endpoints = endpoints
        self.organization = organization
        self.token = token
    }

    // MARK: Sources

    /// `POST /rest/organizations/{org}/sources`: create a source from its simple configuration.
    package func createSource(_ model: JSON) async throws(APIError) -> JSON {
        try await call("POST", .platform, sourcesPath, body: model)
    }

    /// `POST /rest/organizations/{org}/sources/raw`: a source from a raw configuration (as `.../raw` gives one).
    package func createSourceFromRaw(_ raw: JSON) async throws(APIError) -> JSON {
        try await call("POST", .platform, sourcesPath + "/raw", body: raw)
    }

    /// `GET /rest/organizations/{org}/sources/{id}`.
    package func getSource(_ id: String) async throws(APIError) -> JSON {
        try await call("GET", .platform, sourcesPath + "/" + escape(id))
    }

    /// `GET /rest/organizations/{org}/sources/pages`: one page of `{sourceModels, totalEntries, totalPages}`.
    package func listSources(filter: String? = nil, page: Int = 0, perPage: Int = 100) async throws(APIError) -> JSON {
        var query = [("page", String(page)), ("perPage", String(perPage))]
        if let filter, !filter.isEmpty { query.insert(("filter", filter), at: 0) }
        return try await call("GET", .platform, sourcesPath + "/pages", query: query)
    }

    /// `PUT /rest/organizations/{org}/sources/{id}`: replace the source's simple configuration.
    package func updateSource(_ id: String, _ model: JSON) async throws(APIError) -> JSON {
        try await call("PUT", .platform, sourcesPath + "/" + escape(id), body: model)
    }

    /// `DELETE /rest/organizations/{org}/sources/{id}`.
    package func deleteSource(_ id: String) async throws(APIError) {
        _ = try await call("DELETE", .platform, sourcesPath + "/" + escape(id))
    }

    /// `GET /rest/organizations/{org}/sources/{id}/raw`: the raw JSON configuration.
    package func getRawSource(_ id: String) async throws(APIError) -> JSON {
        try await call("GET", .platform, sourcesPath + "/" + escape(id) + "/raw")
    }

    /// `PUT /rest/organizations/{org}/sources/{id}/raw`: replace the raw JSON configuration.
    package func updateRawSource(_ id: String, _ raw: JSON) async throws(APIError) -> JSON {
        try await call("PUT", .platform, sourcesPath + "/" + escape(id) + "/raw", body: raw)
    }

    // MARK: Security identity providers (Security Cache API)

    private var providersPath: String { organizationPath + "/securityproviders" }

    /// `POST /rest/organizations/{org}/securityproviders`.
    package func createProvider(_ model: JSON) async throws(APIError) -> JSON {
        try await call("POST", .platform, providersPath, body: model)
    }

    /// `GET /rest/organizations/{org}/securityproviders/{id}`.
    package func getProvider(_ id: String) async throws(APIError) -> JSON {
        try await call("GET", .platform, providersPath + "/" + escape(id))
    }

    /// `GET /rest/organizations/{org}/securityproviders`: every provider, with its status.
    package func listProviders() async throws(APIError) -> JSON {
        try await call("GET", .platform, providersPath)
    }

    /// `POST /rest/organizations/{org}/securitycache/entities/list?page=&perPage=`: the identities the security
    /// cache holds, filtered by `{providerIds, identityTypes, filterTerm, filteringMode}`.
    package func listSecurityIdentities(_ filter: JSON, page: Int, perPage: Int) async throws(APIError) -> JSON {
        try await call(
            "POST", .platform, organizationPath + "/securitycache/entities/list",
            query: [("page", String(page)), ("perPage", String(perPage))], body: filter)
    }

    /// `DELETE /rest/organizations/{org}/securityproviders/{id}`.
    package func deleteProvider(_ id: String) async throws(APIError) {
        try await call("DELETE", .platform, providersPath + "/" + escape(id))
    }

    // MARK: Organization

    /// `GET /rest/organizations/{org}/license`.
    package func license() async throws(APIError) -> JSON {
        try await call("GET", .platform, organizationPath + "/license")
    }

    /// `GET /rest/organizations/{org}/license/{section}` (`sourcetypes`: every source type, `[{type}]`).
    package func licenseSection(_ section: String) async throws(APIError) -> JSON {
        try await call("GET", .platform, organizationPath + "/license/" + escape(section))
    }

    /// `GET /rest/organizations/{org}/limits`.
    package func limits() async throws(APIError) -> JSON {
        try await call("GET", .platform, organizationPath + "/limits")
    }

    /// `GET /rest/organizations/{org}/privileges/token` without `accessToken`: the privileges of the token
    /// that makes the call. The documented POST takes the token in the query string, where proxies, server logs
    /// and traces would keep it; this form keeps it in the Authorization header only.
    package func privileges() async throws(APIError) -> JSON {
        try await call("GET", .platform, organizationPath + "/privileges/token")
    }

    // MARK: Plumbing

    var organizationPath: String { "/rest/organizations/" + escape(organization) }
    var sourcesPath: String { organizationPath + "/sources" }

    /// Builds the request without sending it: what `--dry-run` and `trace` show.
    package func request(
        _ method: String, _ service: Service, _ path: String, query: [(String, String)] = [], body: JSON? = nil
    ) throws(APIError) -> APIRequest {
        let base = service == .platform ? endpoints.platform : endpoints.push
        var text = base.absoluteString + path
        if !query.isEmpty {
            text += "?" + query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            throw APIError(kind: .refused, operation: "\(method) \(path)", message: "cannot build a URL from \(text)")
        }
        if token != nil, url.scheme?.lowercased() != "https", !Endpoints.isLoopback(url) {
            throw APIError(
                kind: .refused, operation: "\(method) \(path)",
                message: "refusing to send a token over plain http to \(url.host ?? "?"); use https")
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", userAgent)]
        if let token { headers.append(("Authorization", "Bearer \(token.value)")) }
        var data: Data?
        if let body {
            headers.append(("Content-Type", "application/json"))
            data = Data(JSONWriter.compact(body).utf8)
        }
        return APIRequest(method: method, url: url, headers: headers, body: data)
    }

    @discardableResult
    package func call(
        _ method: String, _ service: Service, _ path: String, query: [(String, String)] = [], body: JSON? = nil
    ) async throws(APIError) -> JSON {
        let operation = "\(method) \(path)"
        guard token != nil else { throw noToken(operation) }
        let request = try request(method, service, path, query: query, body: body)
        let response = try await send(request, operation: operation, resending: Resending(method, path))
        let answer = response
        guard (200..<300).contains(answer.status) else {
            throw APIError.from(response: answer, operation: operation)
        }
        if answer.body.isEmpty || answer.status == 204 { return .null }
        do {
            return try JSONParser.parse(Array(answer.body))
        } catch {
            throw APIError(
                kind: .unreadableResponse, operation: operation,
                message: "the answer (HTTP \(answer.status)) is not JSON: \(error)",
                requestID: answer.headers["x-request-id"])
        }
    }

    /// What may be sent again once an attempt may have reached the server (an answer of 502, 503 or 504, or a
    /// connection lost after sending): a 429 was not processed, so anything may follow it.
    enum Resending {
        /// Reads, PUTs that replace, and the POSTs that only read or set (Source Logs, a status, a file container).
        case safe
        /// What creates something: a second one would be a duplicate or a conflict.
        case never
        /// A delete may go again, and a 404 then means the earlier attempt did it.
        case deleting

        init(_ method: String, _ path: String) {
            switch method {
            case "DELETE": self = .deleting
            case "POST":
                // A search and a search token change nothing: asked twice, they answer twice.
                let reads =
                    path.hasPrefix("/logs/v1/") || path.hasSuffix("/status") || path.hasSuffix("/files")
                    || path.hasSuffix("/entities/list") || path.hasSuffix("/fields/search")
                    || path.hasSuffix("/members/parents") || path.hasPrefix("/rest/search/v2")
                // A stream's chunk is a file container (one asked twice stays empty and carries nothing); a
                // delete-older-than names its time, and twice deletes what once did.
                let streamSafe = path.hasSuffix("/chunk") || path.contains("/stream/deleteolderthan/")
                self = reads || streamSafe ? .safe : .never
            default: self = .safe
            }
        }
    }

    /// Sends a request, retrying 429, 5xx and dropped connections as `retry` and `resending` say.
    /// Returns the final answer, whatever its status.
    func send(_ request: APIRequest, operation: String, resending: Resending) async throws(APIError) -> APIResponse {
        if dryRun.holds(request) {
            observer?(HTTPExchange(request: request, elapsed: .zero))
            if dryRun == .writes, let standIn = DryRun.standIn(for: request) { return standIn }
            throw APIError(kind: .dryRun, operation: operation, message: "dry run: \(operation) was not sent")
        }
        let idempotent = resending != .never
        // The deadline is wall-clock time from the first attempt: slow answers and time-outs spend it as waits do.
        let deadline = retry.timer.now() + retry.maximumWait
        var attempt = 0
        var mayHaveArrived = false
        var giveUp: APIError?
        while true {
            let started = ContinuousClock.now
            let reason: String
            let delay: Double
            let lastAttempt = attempt + 1 >= retry.maximumAttempts
            do {
                let response = try await exchange(request, started: started)
                if resending == .deleting, response.status == 404, mayHaveArrived {
                    retry.notice?("\(operation) answered 404 when sent again: the earlier attempt had done it")
                    return APIResponse(status: 204)
                }
                guard RetryPolicy.retries(status: response.status, idempotent: idempotent) else { return response }
                mayHaveArrived = mayHaveArrived || response.status != 429
                let error = APIError.from(response: response, operation: operation)
                reason = "HTTP \(response.status)" + (error.errorCode.map { " \($0)" } ?? "")
                delay = retry.delay(attempt: attempt, retryAfter: response.headers["retry-after"])
                guard !lastAttempt, retry.timer.now() + delay <= deadline else {
                    guard let throttled = throttledPast(deadline, response, operation) else { return response }
                    giveUp = throttled
                    break
                }
            } catch {
                let failure = try failureToRetry(error, request, operation: operation)
                mayHaveArrived = mayHaveArrived || (error as? TransportError)?.kind != .connectionRefused
                reason = failure.message
                delay = retry.delay(attempt: attempt, retryAfter: nil)
                guard idempotent, !lastAttempt, retry.timer.now() + delay <= deadline else { throw failure }
            }
            try await pause(
                delay, reason: reason, attempt: attempt, operation: operation, mayHaveArrived: mayHaveArrived)
            attempt += 1
        }
        // Only a 429 past the deadline leaves the loop; every other way out returns or throws inside it.
        guard let giveUp else { preconditionFailure("the retry loop left without a 429 past its deadline") }
        throw giveUp
    }

    /// A 429 whose `Retry-After` is past the call's deadline, as the error to report at once (with the wait the
    /// server asked and what allows it); nil for any other answer.
    private func throttledPast(_ deadline: Double, _ response: APIResponse, _ operation: String) -> APIError? {
        guard response.status == 429, let asked = RetryPolicy.retryAfter(response.headers["retry-after"]),
            retry.timer.now() + asked > deadline
        else { return nil }
        var error = APIError.from(response: response, operation: operation)
        error.message +=
            " (the server asks to wait \(Int(asked.rounded(.up))) s before the next request, longer than the "
            + "\(Int(retry.maximumWait)) s --max-wait allows: try again later, or raise --max-wait)"
        return error
    }

    /// One attempt: the transport's answer, shown to the observer and logged, or its failure shown and thrown.
    private func exchange(_ request: APIRequest, started: ContinuousClock.Instant) async throws -> APIResponse {
        let response: APIResponse
        do {
            response = try await transport.send(request)
        } catch {
            observer?(HTTPExchange(request: request, failure: "\(error)", elapsed: ContinuousClock.now - started))
            throw error
        }
        observer?(HTTPExchange(request: request, response: response, elapsed: ContinuousClock.now - started))
        Self.logger.debug(
            "\(request.method) \(redacted(request.url)) -> \(response.status) in \(ContinuousClock.now - started)")
        return response
    }

    /// What a failed attempt becomes: thrown at once when waiting cannot fix it (cancelled, DNS, TLS, ...),
    /// returned as the failure to report if the retries run out otherwise.
    private func failureToRetry(
        _ error: any Error, _ request: APIRequest, operation: String
    ) throws(APIError) -> APIError {
        if let error = error as? APIError { throw error }
        if error is CancellationError || Task.isCancelled {
            throw APIError(kind: .cancelled, operation: operation, message: "cancelled")
        }
        // What waiting cannot fix fails at once, with the host and the fix: no two minutes of retries.
        if let permanent = Self.permanentFailure(error, url: request.url) {
            throw APIError(kind: .transport, operation: operation, message: permanent)
        }
        let failure = APIError(kind: .transport, operation: operation, message: Self.describe(error, url: request.url))
        Self.logger.debug("\(request.method) \(redacted(request.url)) -> \(failure.message)")
        return failure
    }

    private func pause(
        _ delay: Double, reason: String, attempt: Int, operation: String, mayHaveArrived: Bool
    ) async throws(APIError) {
        retry.notice?(
            "\(reason) on \(operation); retrying in \(String(format: "%.1f", delay)) s (attempt \(attempt + 2))")
        do {
            try await retry.timer.sleep(seconds: delay)
        } catch {
            var cancelled = APIError(
                kind: .cancelled, operation: operation, message: "cancelled while waiting to retry")
            cancelled.mayHaveArrived = mayHaveArrived
            throw cancelled
        }
    }

    /// Requests are logged at debug level (`pshell --verbose`); a token in a query is masked, and so is the
    /// client's own token wherever the URL holds it (a source id or a filter made from it).
    private static let logger = Logger(label: "pshell.http")

    func redacted(_ url: URL) -> String {
        var text = url.absoluteString
        if let range = text.range(of: "accessToken=") {
            let valueEnd = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
            let value = String(text[range.upperBound..<valueEnd])
            text = text.replacingCharacters(in: range.upperBound..<valueEnd, with: Secret(value).masked)
        }
        guard let token, token.value.count >= 8 else { return text }
        for form in [token.value, escape(token.value)] {
            text = text.replacingOccurrences(of: form, with: token.masked)
        }
        return text
    }

    private func noToken(_ operation: String) -> APIError {
        APIError(
            kind: .refused, operation: operation,
            message: "no token: set one with `token` (it prompts) or `token --env NAME`, or use the sandbox")
    }

    /// A transport failure that no retry can mend (a name that does not resolve, a certificate that is not
    /// trusted, a refused connection to a host other than this machine, a hostile answer), as one line with the
    /// host and the fix; nil for what may pass (a reset, a time-out, a sandbox restarting on loopback).
    static func permanentFailure(_ error: any Error, url: URL) -> String? {
        guard let failure = error as? TransportError else { return nil }
        if failure.kind == .connectionRefused, Endpoints.isLoopback(url) { return nil }
        return failure.mayPass ? nil : failure.description
    }

    private static func describe(_ error: any Error, url: URL) -> String {
        if let failure = error as? TransportError { return failure.description }
        return Endpoints.place(url) + ": \(error)"
    }

    /// A path segment or a query name or value, percent-encoded: only RFC 3986's unreserved characters stay as they
    /// are, ASCII only (Foundation's `alphanumerics` would let non-ASCII letters through).
    package func escape(_ component: String) -> String {
        // Ids and names are almost always unreserved already: Foundation's encoder costs more than the request.
        if component.utf8.allSatisfy(Self.isUnreserved) { return component }
        return component.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? component
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
