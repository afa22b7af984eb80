package import Foundation
import CoveoAPI
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import HTTPTypes
import NIOCore
import ServiceLifecycle
import Synchronization

/// The sandbox as a real HTTP server on 127.0.0.1, on Hummingbird (SwiftNIO). pshell starts one in-process
/// when it targets the sandbox; `pshell sandbox` runs one on its own.
package final class SandboxServer: Sendable {
    /// The base URL of both the platform and the Push API (the sandbox serves both on one port).
    package let url: URL
    package let organization: String
    /// A key with every privilege the sandbox knows.
    package let adminKey: String
    /// A key that may only view, to show what a 403 looks like.
    package let viewerKey: String

    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    /// Why the port is the one it is, when the state file's last run chose it: shown in the banner.
    package let portNote: String?
    /// Why the state file no longer holds the sandbox's state; the store is held weakly: once stopped, it goes
    /// (closing the database and dropping the state file's lock), so that a sandbox may start on the file again.
    private let stateFileProblem: @Sendable () async -> String?

    private init(
        url: URL, organization: String, adminKey: String, viewerKey: String, group: ServiceGroup,
        task: Task<Void, any Error>, store: SandboxStore, portNote: String?
    ) {
        self.portNote = portNote
        stateFileProblem = { [weak store] in await store?.stateFileProblem() }
        self.url = url
        self.organization = organization
        self.adminKey = adminKey
        self.viewerKey = viewerKey
        self.group = group
        self.task = task
    }

    package static func start(_ configuration: SandboxConfiguration) async throws -> SandboxServer {
        let store = try SandboxStore(configuration: configuration)
        // The keys are found by what they are, never guessed: a state file without both is refused at load.
        let keys = await store.keys
        guard let admin = keys.first(where: { $0.label == SandboxAPIKey.administratorLabel })?.value,
            let viewer = keys.first(where: { $0.label == SandboxAPIKey.viewerLabel })?.value
        else {
            throw SandboxStartError(message: "the sandbox's state has no administrator or view-only key")
        }
        // Without --port, a state file's sandbox listens where its last run did, if it can: a pshell pointed at it
        // goes on working across a restart.
        var listening: Listening
        var portNote: String?
        if configuration.port == 0, let previous = store.previousPort, (1...65535).contains(previous) {
            do {
                listening = try await listen(store, configuration, port: previous)
                portNote = "the port of the last run on this state file"
            } catch {
                listening = try await listen(store, configuration, port: 0)
                portNote = "port \(previous), the last run's on this state file, is taken now"
            }
        } else {
            listening = try await listen(store, configuration, port: Int(configuration.port))
        }
        await store.recordOwner(port: listening.port)
        return SandboxServer(
            url: listening.url, organization: await store.organization, adminKey: admin, viewerKey: viewer,
            group: listening.group, task: listening.task, store: store, portNote: portNote)
    }

    private struct Listening {
        var url: URL
        var port: Int
        var group: ServiceGroup
        var task: Task<Void, any Error>
    }

    /// Serves the store on a port (0: any free one), once listening.
    private static func listen(
        _ store: SandboxStore, _ configuration: SandboxConfiguration, port requested: Int
    ) async throws -> Listening {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "pshell.sandbox")
        logger.logLevel = .critical
        let application = Application(
            responder: Self.router(store, configuration).buildResponder(),
            server: try Self.server(configuration),
            configuration: .init(
                address: .hostname("127.0.0.1", port: requested), serverName: nil,
                availableConnectionsDelegate: ConnectionBudget(notice: {
                    FileHandle.standardError.write(Data(($0 + "\n").utf8))
                })),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        var lifecycle = ServiceGroupConfiguration(services: [application], logger: logger)
        // Requests in progress finish; an idle keep-alive connection a client holds open must not keep the sandbox
        // running after a stop: after 2 s the rest are closed. Nothing acknowledged is lost (each answer was
        // committed before it was sent).
        lifecycle.maximumGracefulShutdownDuration = .seconds(2)
        let group = ServiceGroup(configuration: lifecycle)
        let failure = Mutex<String?>(nil)
        let task = Task {
            do {
                try await group.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
                portContinuation.finish()
                throw error
            }
            portContinuation.finish()
        }
        var port: Int?
        for await bound in ports {
            port = bound
            break
        }
        let scheme = configuration.tls == nil ? "http" : "https"
        guard let port, port > 0, let url = URL(string: "\(scheme)://127.0.0.1:\(port)") else {
            task.cancel()
            let reason = failure.withLock { $0 } ?? "it stopped before listening"
            // The usual reason in words, not the socket library's.
            let said =
                reason.contains("Address already in use") ? "the port is in use; choose another with --port" : reason
            throw SandboxStartError(message: "the sandbox cannot listen on 127.0.0.1:\(requested): \(said)")
        }
        return Listening(url: url, port: port, group: group, task: task)
    }

    /// HTTP/1.1, over TLS with `--tls`. Bounded work per request: headers capped as a front server caps them,
    /// idle connections closed.
    private static func server(
        _ configuration: SandboxConfiguration
    ) throws -> HTTPServerBuilder {
        let http1 = HTTPServerBuilder.http1(
            configuration: .init(
                additionalChannelHandlers: [ParseErrorShaper()],
                idleTimeout: .seconds(60),
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 200)))
        guard let tls = configuration.tls else { return http1 }
        return try HTTPServerBuilder.tls(http1, tlsConfiguration: try tls.configuration())
    }

    /// Each operation the sandbox emulates, at its path for its method; anything else is the store's 404 "not
    /// emulated", in the error shape of the API the path belongs to.
    private static func router(
        _ store: SandboxStore, _ configuration: SandboxConfiguration
    ) -> Router<BasicRequestContext> {
        let adapter = SandboxResponder(store: store, faults: configuration.faults, secure: configuration.tls != nil)
        let router = Router()
        router.add(middleware: NotFoundMiddleware(adapter: adapter))
        for operation in SandboxOperation.all {
            guard let method = HTTPRequest.Method(operation.operation.method) else { continue }
            // HEAD is GET's answer without its body, as HTTP has it (the server sends the headers alone).
            for method in method == .get ? [method, .head] : [method] {
                router.on(RouterPath(operation.operation.path), method: method) { request, context in
                    try await adapter.respond(to: request, operation, context.parameters)
                }
            }
        }
        return router
    }

    /// Stops serving. Nothing is left to write: every change was committed before its answer went out. Returns
    /// why the state file no longer holds the sandbox's state (gone, replaced, read-only), or nil.
    @discardableResult
    package func stop() async -> String? {
        let problem = await stateFileProblem()
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        return problem
    }
}

/// Why a sandbox could not start.
package struct SandboxStartError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }

    package init(message: String) {
        self.message = message
    }
}

/// Turns the router's "no such path" into the store's 404.
private struct NotFoundMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let adapter: SandboxResponder

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return try await adapter.respond(to: request, nil, [:])
        }
    }
}

/// Adapts Hummingbird's requests to the store's, so the routes never see Hummingbird types: one place for
/// body limits, injected faults and the answer's framing.
private struct SandboxResponder: Sendable {
    let store: SandboxStore
    let faults: SandboxFaults
    let secure: Bool

    struct Dropped: Error {}

    func respond(
        to request: Request, _ operation: SandboxOperation?, _ parameters: Parameters
    ) async throws -> Response {
        if let injected = injectedFault() { return injected }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        // HTTPTypes keeps Host apart, as the authority (the upload URL of a file container is built from it).
        if let authority = request.head.authority { headers["host"] = authority }
        // A container's upload may be 256 MB; anything else at most the Push API's 6 MB (the store answers
        // the exact limit's error just past it).
        let isUpload = request.uri.path.hasPrefix("/upload/")
        let limit = (isUpload ? SandboxStore.maximumContainerBytes : SandboxStore.maximumRequestBytes) + 1
        // An announced length past the limit is refused before a byte of the body is read.
        if let announced = request.headers[.contentLength].flatMap(Int.init), announced >= limit {
            return Self.tooLarge(limit - 1, upload: isUpload)
        }
        var body = Data()
        do {
            let buffer = try await request.body.collect(upTo: limit)
            body = Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return Self.tooLarge(limit - 1, upload: isUpload)
        } catch {
            // A chunk size that is not hex, a body cut short: the request is broken, not large (it was a 413).
            return Self.invalidRequest("The request's body is not valid HTTP framing (\(error)).")
        }
        let sandboxRequest = SandboxRequest(
            method: request.method.rawValue, path: request.uri.path,
            query: SandboxRequest.formDecoded(request.uri.query ?? ""), headers: headers, body: body,
            // Behind a TLS reverse proxy on this machine (nginx), upload URLs must say https as the client sees it.
            secure: secure || headers["x-forwarded-proto"] == "https")
        guard let decoded = Self.decoded(parameters) else {
            return Self.invalidRequest(
                "The path holds an escape that is not percent-encoded UTF-8 (\(request.uri.path)).")
        }
        let answer = await store.answer(sandboxRequest, operation, decoded)
        guard request.method == .head else { return Self.response(answer) }
        // The GET's headers, its length among them, and no body.
        var fields = Self.fields(answer.headers)
        fields[HTTPField.Name.contentLength] = String(answer.body.count)
        return Response(status: .init(code: answer.status), headers: fields, body: .init())
    }

    /// The answer `--faults` draws for this request, if any: a status, or a connection dropped mid-answer.
    private func injectedFault() -> Response? {
        switch faults.draw() {
        case .status(let status)?:
            let code = status == 429 ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE"
            var answer = SandboxResponse.json(
                status, ["errorCode": .string(code), "message": "Injected by the sandbox (--faults)."])
            answer.headers += [
                ("Retry-After", String(faults.retryAfter)), ("X-Request-ID", UUID().uuidString.lowercased()),
            ]
            return Self.response(answer)
        case .reset?:
            // Announce a body, then fail while sending it: the server closes the connection mid-answer.
            return Response(status: .ok, body: ResponseBody(contentLength: 64) { _ in throw Dropped() })
        case nil:
            return nil
        }
    }

    /// Path parameters percent-decoded: `My%20Provider` is `My Provider`. Nil when an escape decodes to no text
    /// (`%zz`, `%C3%28`): a broken request, not a name.
    static func decoded(_ parameters: Parameters) -> [String: String]? {
        var decoded: [String: String] = [:]
        for (name, value) in parameters {
            guard value.utf8.contains(UInt8(ascii: "%")) else {
                decoded[String(name)] = String(value)
                continue
            }
            guard let text = value.removingPercentEncoding else { return nil }
            decoded[String(name)] = text
        }
        return decoded
    }

    /// A request refused before the store sees it: 400 in Coveo's shape, its request id in the header as well.
    static func invalidRequest(_ message: String) -> Response {
        let requestID = UUID().uuidString.lowercased()
        var answer = SandboxResponse.platformError(400, "INVALID_REQUEST", message, requestID: requestID)
        answer.headers.append(("X-Request-ID", requestID))
        return response(answer)
    }

    /// The one place a store's answer becomes Hummingbird's.
    static func response(_ answer: SandboxResponse) -> Response {
        Response(
            status: .init(code: answer.status), headers: fields(answer.headers),
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    static func fields(_ headers: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return fields
    }

    /// A body past the limit is not read to its end: 413 in Coveo's shape (S3's for an upload).
    static func tooLarge(_ limit: Int, upload: Bool) -> Response {
        let message = "The body is larger than the \(limit) bytes this resource accepts."
        let requestID = UUID().uuidString.lowercased()
        var answer: SandboxResponse =
            upload
            ? .s3Error(413, "EntityTooLarge", message, requestID: requestID)
            : .platformError(413, "REQUEST_ENTITY_TOO_LARGE", message, requestID: requestID)
        answer.headers += [("X-Request-ID", requestID), ("Connection", "close")]
        return response(answer)
    }
}
