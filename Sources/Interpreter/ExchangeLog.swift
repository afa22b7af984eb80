import CoveoAPI
import Foundation

/// The requests of the running command, as the client reports them (from whatever thread it runs on):
/// the last one for `curl`, and a count for `timing`.
final class ExchangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lastRequest: APIRequest?
    private var count = 0

    func record(_ exchange: HTTPExchange) {
        lock.withLock {
            lastRequest = exchange.request
            if exchange.wasSent { count += 1 }
        }
    }

    var last: APIRequest? { lock.withLock { lastRequest } }

    /// Requests sent since the last call.
    func takeCount() -> Int {
        lock.withLock {
            defer { count = 0 }
            return count
        }
    }
}
