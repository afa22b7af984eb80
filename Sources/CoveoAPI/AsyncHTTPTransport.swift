import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// What bounds and routes every request: one deadline for the whole answer, a size limit, the CAs trusted and
/// the proxies to use.
package struct TransportOptions: Sendable, Equatable {
    /// The time one request may take, from the first byte sent to the last byte received, redirects included.
    package var timeout: Duration = .seconds(60)
    /// The largest answer accepted: API answers are JSON pages, never downloads.
    package var maximumAnswerBytes = 64 << 20
    /// PEM files of CAs trusted on top of the system's (`--cacert`, `PSHELL_CA_FILE`).
    package var extraCAFiles: [String] = []
    /// A PEM bundle that replaces the system's trust store (`SSL_CERT_FILE`, as OpenSSL reads it).
    package var trustStoreFile: String?
    package var proxies = ProxySettings()

    package init() {}

    /// The CA and proxy settings of the environment: `PSHELL_CA_FILE`, `SSL_CERT_FILE`, the proxy variables.
    package init(environment: [String: String]) throws(EndpointError) {
        if let file = environment["PSHELL_CA_FILE"], !file.isEmpty { extraCAFiles = [file] }
        if let file = environment["SSL_CERT_FILE"], !file.isEmpty { trustStoreFile = file }
        proxies = try ProxySettings(environment: environment)
    }

    /// Reads each CA file now, so that a wrong path is one line at start rather than a TLS failure later.
    /// `SSL_CERT_FILE` (often the whole system bundle, set for every program) is only checked for readability:
    /// parsing 140 certificates would cost every start-up a few milliseconds.
    package func validate() throws(EndpointError) {
        if let store = trustStoreFile, !FileManager.default.isReadableFile(atPath: store) {
            throw EndpointError(message: "SSL_CERT_FILE \(store): no such readable file")
        }
        for file in extraCAFiles {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw EndpointError(message: "CA file \(file): no such readable file")
            }
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(file)
            } catch {
                // NIOSSL's error names itself (`failedToLoadCertificate`): what it means is said instead.
                throw EndpointError(
                    message: "CA file \(file): not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END ...)")
            }
            guard !certificates.isEmpty else {
                throw EndpointError(message: "CA file \(file): holds no PEM certificate")
            }
        }
    }
}

/// `HTTPTransport` over AsyncHTTPClient (SwiftNIO, BoringSSL): keep-alive, HTTP/2 where the server offers it,
/// proxies by CONNECT. Redirects are followed here, by `RedirectPolicy`, not by the library, so that a token
/// never follows one elsewhere. Clients (one per proxy route) are made on the first request: a run that sends
/// nothing starts no event loop.
package final class AsyncHTTPTransport: HTTPTransport {
    package let options: TransportOptions
    /// The clients made so far, one per proxy route, and the one event loop that handles every connection and every
    /// answer of this transport (chosen with the first client), so that a request costs no hop between threads but
    /// the caller's own.
    private let state = Mutex<(clients: [ProxySettings.Server?: HTTPClient], loop: (any EventLoop)?)>(([:], nil))

    package init(options: TransportOptions = TransportOptions()) {
        self.options = options
    }

    deinit {
        // `shutdown()` is the clean way; a transport dropped without it still releases its connections.
        for client in state.withLock({ Array($0.clients.values) }) { client.shutdown(queue: .global()) { _ in } }
    }

    /// Closes every connection; the transport can be used again afterwards (it makes new clients).
    package func shutdown() async {
        let open = state.withLock { state in
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for client in open { try? await client.shutdown() }
    }

    package func send(_ request: APIRequest) async throws -> APIResponse {
        let deadline = ContinuousClock.now + options.timeout
        var current = request
        for _ in 0...RedirectPolicy.maximum {
            let response = try await perform(current, deadline: deadline)
            guard let next = try RedirectPolicy.follow(current, response: response) else { return response }
            current = next
        }
        throw TransportError(
            .redirectRefused, place: Endpoints.place(request.url),
            message: "more than \(RedirectPolicy.maximum) redirects")
    }

    /// Plain http to a port that speaks TLS: the server closes the connection without an answer, which a retry
    /// would meet again for minutes. Said at once, naming https, when a handshake there completes.
    private static func tlsPort(_ failure: any Error, _ url: URL, proxy: ProxySettings.Server?) async -> TransportError?
    {
        guard let closed = failure as? TransportError, closed.kind == .connectionClosed, proxy == nil,
            url.scheme?.lowercased() == "http", let host = url.host,
            await CertificateDates.speaksTLS(host: host, port: Endpoints.port(of: url))
        else { return nil }
        return TransportError(
            .tls, place: closed.place,
            message: "this port speaks TLS, not plain http: use https://\(closed.place)")
    }

    /// A certificate not trusted may be one whose dates have passed: said so, with the dates.
    private static func explained(_ failure: any Error, _ url: URL, proxy: ProxySettings.Server?) async -> any Error {
        guard let tls = failure as? TransportError, tls.kind == .tls, tls.message.contains("not trusted"),
            proxy == nil, let host = url.host,
            let dated = await CertificateDates.problem(host: host, port: Endpoints.port(of: url))
        else { return failure }
        return TransportError(.tls, place: tls.place, message: dated)
    }

    /// One request and its whole answer. AsyncHTTPClient's event-loop API, not its async one: the request, its
    /// deadline (which bounds the whole answer, body included), the body's accumulation and the size limit all run
    /// on the transport's one event loop, and the caller is resumed once. The async API hops between Swift's
    /// thread pool and the event loop for each part (about 0.1 ms of CPU per request, a third of what pshell spends).
    private func perform(_ request: APIRequest, deadline: ContinuousClock.Instant) async throws -> APIResponse {
        if let problem = Endpoints.problem(with: request.url) {
            throw TransportError(.badURL, place: Endpoints.place(request.url), message: problem)
        }
        let proxy = options.proxies.server(for: request.url)
        let (client, loop) = self.client(proxy: proxy)
        let place = Endpoints.place(request.url)
        var headers = HTTPHeaders()
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        let outgoing: HTTPClient.Request
        do {
            // `.bytes` streams from the one copy in memory, in chunks: a 256 MB container is never held twice.
            outgoing = try HTTPClient.Request(
                url: request.url, method: HTTPMethod(rawValue: request.method), headers: headers,
                body: request.body.map { .bytes($0) })
        } catch {
            // The place only: the URL's query may hold a signature or a token.
            throw TransportError(.other, place: place, message: "the request cannot be sent: \(error)")
        }
        let limit = options.maximumAnswerBytes
        let remaining = ContinuousClock.now.duration(to: deadline)
        let task = client.execute(
            request: outgoing, delegate: ResponseAccumulator(request: outgoing, maxBodySize: limit),
            // `.delegate`, not `.delegateAndChannel`: with the channel's loop required too, once a server had ended
            // a kept-alive HTTP/1.1 connection, AsyncHTTPClient 1.37 opened a new one for every request (a TLS
            // handshake per command: 2,000 connections for 2,000 gets through nginx). FailureTests checks it.
            eventLoop: .delegate(on: loop), deadline: .now() + TimeAmount(remaining))
        let response: HTTPClient.Response
        do {
            response = try await Self.answer(of: task)
        } catch let tooBig as ResponseAccumulator.ResponseTooBigError {
            throw TransportError(
                .answerTooLarge, place: place,
                message:
                    "the answer is larger than the \(tooBig.maxBodySize >> 20) MB an API answer "
                    + "may be; nothing of it is kept"
            )
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let failure = Self.classify(error, url: request.url, proxy: proxy, timeout: options.timeout)
            if let tls = await Self.tlsPort(failure, request.url, proxy: proxy) { throw tls }
            throw await Self.explained(failure, request.url, proxy: proxy)
        }
        var answerHeaders: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            answerHeaders[key] = answerHeaders[key].map { $0 + ", " + value } ?? value
        }
        // From the buffer's bytes: Data's generic initializer cast the view at run time to find them.
        let body = response.body.map { $0.withUnsafeReadableBytes { Data($0) } } ?? Data()
        return APIResponse(status: Int(response.status.code), headers: answerHeaders, body: body)
    }

    /// The answer of a task sent. A statement awaits it on the event loop (the interpreter's executor), and must
    /// be resumed there without a detour: Swift resumes a continuation on its generic executor, the thread pool,
    /// which then hands the statement back to the loop (two thread wake-ups per request, a third of the CPU a `get`
    /// cost over AsyncHTTPClient's own). With the loop as the task's preferred executor, what would run on the pool
    /// runs on the loop: the answer resumes the statement in the same turn of the loop that read it.
    private static func answer(of task: HTTPClient.Task<HTTPClient.Response>) async throws -> HTTPClient.Response {
        guard loop.inEventLoop else { return try await cancellable(task) }
        return try await withTaskExecutorPreference(taskExecutor) { try await cancellable(task) }
    }

    private static func cancellable(
        _ task: HTTPClient.Task<HTTPClient.Response>
    ) async throws -> HTTPClient.Response {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                task.futureResult.whenComplete { continuation.resume(with: $0) }
            }
        } onCancel: {
            task.cancel()
        }
    }

    private func client(proxy: ProxySettings.Server?) -> (HTTPClient, any EventLoop) {
        state.withLock { state in
            let loop = state.loop ?? Self.loop
            state.loop = loop
            if let existing = state.clients[proxy] { return (existing, loop) }
            var tls = TLSConfiguration.makeClientConfiguration()
            if let store = options.trustStoreFile { tls.trustRoots = .file(store) }
            tls.additionalTrustRoots = options.extraCAFiles.map { .file($0) }
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: tls, redirectConfiguration: .disallow,
                timeout: .init(connect: TimeAmount(min(options.timeout, .seconds(15)))),
                proxy: proxy.map(Self.proxy), decompression: .disabled)
            // A connection that fails is reported at once: `CoveoClient` decides what is worth another attempt.
            configuration.connectionPool.retryConnectionEstablishment = false
            // No tracer: pshell traces requests itself (`trace on`), and a no-op span per request still costs.
            configuration.tracing.tracer = nil
            let client = HTTPClient(eventLoopGroup: Self.group, configuration: configuration)
            state.clients[proxy] = client
            return (client, loop)
        }
    }

    private static func proxy(_ server: ProxySettings.Server) -> HTTPClient.Configuration.Proxy {
        switch server.kind {
        case .socks:
            return .socksServer(host: server.host, port: server.port)
        case .http:
            guard let user = server.user else { return .server(host: server.host, port: server.port) }
            return .server(
                host: server.host, port: server.port,
                authorization: .basic(username: user, password: server.password ?? ""))
        }
    }
}

extension AsyncHTTPTransport {
    /// The event loop every transport sends on. As an executor, it is where the interpreter runs: a request is
    /// written and its answer resumes the statement on the same thread, with no hand-over between threads each way.
    /// A group of its own: a server in the same process (the built-in sandbox, on the shared group) never waits for
    /// a statement that blocks (a question at the terminal) to be served.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    static let loop: any EventLoop = group.next()

    /// Starts `loop`'s thread in the background, so that whoever needs it first finds it running.
    package static func startEventLoop() {
        DispatchQueue.global().async { _ = loop }
    }

    /// `loop` as an actor's executor.
    package static var executor: any SerialExecutor { loop.executor }

    /// `loop` as a task's preferred executor (SwiftNIO has none): jobs the task would send to the thread pool run
    /// on the loop instead, in order.
    static let taskExecutor = LoopTaskExecutor(loop: loop)

    final class LoopTaskExecutor: TaskExecutor {
        let loop: any EventLoop
        init(loop: any EventLoop) { self.loop = loop }

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }
}
