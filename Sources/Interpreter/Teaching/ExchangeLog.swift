import CoveoAPI
import Synchronization

/// The requests of the running command, as the client reports them (from whatever thread it runs on):
/// the last one for `curl`, and a count for `timing`.
final class ExchangeLog: Sendable {
    private let state = Mutex<(last: APIRequest?, count: Int)>((nil, 0))

    func record(_ exchange: HTTPExchange) {
        state.withLock { state in
            state.last = exchange.request
            if exchange.wasSent { state.count += 1 }
        }
    }

    var last: APIRequest? { state.withLock { $0.last } }

    /// Requests sent since the last call.
    func takeCount() -> Int {
        state.withLock { state in
            defer { state.count = 0 }
            return state.count
        }
    }
}
