// client-floor URL TOKEN COUNT: COUNT GETs of URL, one after another on one kept-alive connection, each answer read
// whole, configured as pshell configures AsyncHTTPClient (one event loop, no redirects, no decompression, no
// tracer, the answer accumulated by a delegate on that loop). Each request is sent from the previous one's
// completion on the event loop itself: no Swift concurrency, no thread hop, no parsing, no printing. What is left
// is AsyncHTTPClient's and SwiftNIO's own cost per request: the floor under pshell's `get`.
// Prints the seconds the COUNT requests took.
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]), count > 0 else {
    fatalError("usage: client-floor URL TOKEN COUNT")
}
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()
var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
configuration.connectionPool.retryConnectionEstablishment = false
configuration.tracing.tracer = nil
let client = HTTPClient(eventLoopGroup: group, configuration: configuration)
let request = try HTTPClient.Request(
    url: arguments[1], method: .GET, headers: ["Authorization": "Bearer \(arguments[2])"])

struct Unexpected: Error { let status: HTTPResponseStatus }

struct Floor: Sendable {
    let client: HTTPClient
    let request: HTTPClient.Request
    let loop: any EventLoop

    func get() -> EventLoopFuture<HTTPClient.Response> {
        client.execute(
            request: request, delegate: ResponseAccumulator(request: request), eventLoop: .delegate(on: loop)
        ).futureResult
    }

    /// Sends `left` more requests, each from the completion of the one before, on the loop.
    func chain(_ left: Int, _ done: EventLoopPromise<Void>) {
        guard left > 0 else { return done.succeed() }
        get().whenComplete { result in
            switch result {
            case .success(let response) where response.status == .ok: chain(left - 1, done)
            case .success(let response): done.fail(Unexpected(status: response.status))
            case .failure(let error): done.fail(error)
            }
        }
    }
}

let floor = Floor(client: client, request: request, loop: loop)
// One request first: the connection is open and kept before the clock starts, as it is for pshell's second get.
_ = try floor.get().wait()
let started = ContinuousClock.now
let done = loop.makePromise(of: Void.self)
loop.execute { floor.chain(count, done) }
try done.futureResult.wait()
let elapsed = started.duration(to: .now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "%.4f", seconds))
try client.syncShutdown()
try group.syncShutdownGracefully()
