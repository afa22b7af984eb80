import Foundation
import Synchronization

/// The transport pshell uses: the loopback client for plain http to this machine (the sandbox), URLSession
/// for everything else. URLSession is created on first use only, so runs that never leave the machine
/// never initialise libcurl.
package final class RoutingTransport: HTTPTransport {
    private let loopback = LoopbackHTTPTransport()
    private let remote = Mutex<URLSessionTransport?>(nil)

    package init() {}

    package func send(_ request: APIRequest) async throws -> APIResponse {
        if LoopbackHTTPTransport.handles(request.url) { return try await loopback.send(request) }
        let transport = remote.withLock { current in
            if let current { return current }
            let created = URLSessionTransport()
            current = created
            return created
        }
        return try await transport.send(request)
    }
}
