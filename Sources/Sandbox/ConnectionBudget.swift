import Foundation
import HummingbirdCore

/// Keeps the sandbox's connections within its file descriptors: past the budget, new connections wait in the
/// listen backlog instead of failing `accept` (out of descriptors, a server can stop listening for good), and the
/// first time the budget is reached it says so, once per episode.
struct ConnectionBudget: AvailableConnectionsDelegate {
    let maximum: Int
    let limit: Int
    let notice: @Sendable (String) -> Void
    private var open = 0
    private var saturated = false

    /// The soft `RLIMIT_NOFILE`, less what the sandbox keeps for itself (the state database and its journal, the
    /// listening socket, standard streams, the event loop's own descriptors).
    init(notice: @escaping @Sendable (String) -> Void) {
        var limits = rlimit()
        let soft =
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limits) == 0 ? Int(clamping: limits.rlim_cur) : 1024
        limit = soft
        maximum = max(8, soft - 32)
        self.notice = notice
    }

    mutating func connectionOpened() {
        open += 1
        if open >= maximum, !saturated {
            saturated = true
            notice(
                "pshell sandbox: \(open) connections open, as many as its \(limit) file "
                    + "descriptors allow; new ones wait until one closes"
            )
        }
    }

    mutating func connectionClosed() {
        open -= 1
        if open < maximum / 2 { saturated = false }
    }

    func isAcceptingNewConnections() -> Bool { open < maximum }
}
