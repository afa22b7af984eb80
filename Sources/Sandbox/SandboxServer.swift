package import Foundation
import CoveoAPI
import FlyingFox
import FlyingSocks
import Synchronization

/// The sandbox as a real HTTP server on 127.0.0.1. pshell starts one in-process when it targets the
/// sandbox; `pshell sandbox` runs one on its own.
package final class SandboxServer: Sendable {
    /// The base URL of both the platform and the Push API (the sandbox serves both on one port).
    package let url: URL
    package let organization: String
    /// A key with every privilege the sandbox knows.
    package let adminKey: String
    /// A key that may only view, to show what a 403 looks like.
    package let viewerKey: String

    private let server: HTTPServer
    private let task: Task<Void, any Error>
    private let store: SandboxStore

    private init(
        url: URL, organization: String, adminKey: String, viewerKey: String, server: HTTPServer, task: Task<Void, any Error>,
        store: SandboxStore
    ) {
        self.store = store
        self.url = url
        self.organization = organization
        self.adminKey = adminKey
        self.viewerKey = viewerKey
        self.server = server
        self.task = task
    }

    package static func start(_ configuration: SandboxConfiguration) async throws -> SandboxServer {
        let store = try SandboxStore(configuration: configuration)
        let server = HTTPServer(
            address: try .inet(ip4: "127.0.0.1", port: configuration.port), timeout: 300,
            pool: NoDelaySocketPool(base: HTTPServer.defaultPool()), logger: .disabled,
            handler: SandboxHTTPHandler(store: store, faults: configuration.faults))
        let failure = Mutex<String?>(nil)
        let task = Task {
            do {
                try await server.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
                throw error
            }
        }
        // Wait until it listens, or report why it could not (a port in use, most often).
        let deadline = Date().addingTimeInterval(5)
        while await !server.isListening {
            if let reason = failure.withLock({ $0 }) {
                throw SandboxStartError(message: "the sandbox cannot listen on 127.0.0.1:\(configuration.port): \(reason)")
            }
            if Date() > deadline {
                task.cancel()
                throw SandboxStartError(message: "the sandbox did not start listening within 5 seconds")
            }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        guard case .ip4(_, let port)? = await server.listeningAddress,
            let url = URL(string: "http://127.0.0.1:\(port)")
        else {
            throw SandboxStartError(message: "the sandbox started but has no address")
        }
        // The keys are found by what they are, never guessed: a state file without both is refused at load.
        let keys = await store.keys
        guard let admin = keys.first(where: { $0.label == SandboxAPIKey.administratorLabel })?.value,
            let viewer = keys.first(where: { $0.label == SandboxAPIKey.viewerLabel })?.value
        else {
            task.cancel()
            throw SandboxStartError(message: "the sandbox's state has no administrator or view-only key")
        }
        return SandboxServer(
            url: url, organization: await store.organization, adminKey: admin, viewerKey: viewer, server: server,
            task: task, store: store)
    }

    /// Stops serving. Nothing is left to write: every change was committed before its answer went out.
    package func stop() async {
        await server.stop(timeout: 1)
        task.cancel()
    }
}

/// Why a sandbox could not start.
package struct SandboxStartError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

/// A body that fails at once: how the sandbox drops a connection.
private struct FailingBytes: AsyncBufferedSequence {
    typealias Element = UInt8

    struct AsyncIterator: AsyncBufferedIteratorProtocol {
        struct Dropped: Error {}
        mutating func next() async throws -> UInt8? { throw Dropped() }
        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? { throw Dropped() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

/// Adapts FlyingFox's requests to the store's, so the routes never see FlyingFox types.
private struct SandboxHTTPHandler: HTTPHandler {
    let store: SandboxStore
    let faults: SandboxFaults

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        switch faults.draw() {
        case .status(let status)?:
            let code = status == 429 ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE"
            let body = #"{"errorCode":"\#(code)","message":"Injected by the sandbox (--faults)."}"#
            var headers = HTTPHeaders()
            headers[HTTPHeader("Content-Type")] = "application/json"
            headers[HTTPHeader("Retry-After")] = String(faults.retryAfter)
            headers[HTTPHeader("X-Request-ID")] = UUID().uuidString.lowercased()
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: Self.phrase(status)), headers: headers, body: Data(body.utf8))
        case .reset?:
            // Announce a body, then fail while sending it: the server closes the connection mid-answer.
            return HTTPResponse(statusCode: .ok, body: HTTPBodySequence(from: FailingBytes(), count: 64))
        case nil:
            break
        }
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        let body = try await request.bodyData
        let sandboxRequest = SandboxRequest(
            method: request.method.rawValue, path: request.path,
            query: SandboxRequest.formDecoded(request.target.query()), headers: headers, body: body)
        let response = await store.handle(sandboxRequest)
        var responseHeaders = HTTPHeaders()
        for (name, value) in response.headers { responseHeaders[HTTPHeader(name)] = value }
        return HTTPResponse(
            statusCode: HTTPStatusCode(response.status, phrase: Self.phrase(response.status)), headers: responseHeaders,
            body: response.body)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 412: "Precondition Failed"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
