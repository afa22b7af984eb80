import Foundation

/// What a dry run keeps from being sent.
package enum DryRun: Sendable, Equatable {
    /// Everything is sent.
    case off
    /// Nothing is sent: the first request is shown and the command stops.
    case everything
    /// Reads are sent (a write is often built from one: `update` reads the source first); the first write is
    /// shown and the command stops. A read built from a value only a held write would have given (a
    /// placeholder) is held too: the platform could only answer 404.
    case writes

    /// What a dry run gives in place of a result it did not get (`$last.id` after a held `create`), so a script
    /// goes on and shows every request it would send.
    package static func placeholder(for reference: String) -> String { marker + reference }

    package static func isPlaceholder(_ text: String) -> Bool { text.contains(marker) }

    private static let marker = "dry-run:"

    func holds(_ request: APIRequest) -> Bool {
        switch self {
        case .off: false
        case .everything: true
        case .writes: !HTTPExchange.isRead(request) || Self.mentionsPlaceholder(request)
        }
    }

    private static func mentionsPlaceholder(_ request: APIRequest) -> Bool {
        let url = request.url.absoluteString
        if isPlaceholder(url) || isPlaceholder(url.removingPercentEncoding ?? url) { return true }
        return request.body.map { isPlaceholder(String(decoding: $0, as: UTF8.self)) } ?? false
    }
}
