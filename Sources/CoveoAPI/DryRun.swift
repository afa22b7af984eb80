/// What a dry run keeps from being sent.
package enum DryRun: Sendable, Equatable {
    /// Everything is sent.
    case off
    /// Nothing is sent: the first request is shown and the command stops.
    case everything
    /// Reads are sent (a write is often built from one: `update` reads the source first); the first write is
    /// shown and the command stops.
    case writes

    func holds(_ request: APIRequest) -> Bool {
        switch self {
        case .off: false
        case .everything: true
        case .writes: !HTTPExchange.isRead(request)
        }
    }
}
