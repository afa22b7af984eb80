import CoveoAPI
import Synchronization

/// Where the sources a user names are found: an id as typed, or an exact name looked up on the platform; and the
/// first 1,000 of the organization's sources, kept for Tab until `forget` (a new organization, `refresh`).
final class SourceDirectory: Sendable {
    typealias Entry = (id: String, name: String)

    private let cache = Mutex<[Entry]?>(nil)
    /// The security identity providers' ids, for Tab: fetched once; creating or deleting one forgets them.
    private let providers = Mutex<[String]?>(nil)
    /// The names of sources a dry run "created": found by name later in the same run, as the real ones would be.
    private let held = Mutex<[String: String]>([:])

    /// How many pages of 1,000 a lookup reads at most (the platform's source limit is far below).
    static let lookupPages = 100

    /// The sources kept for Tab, if they were fetched.
    var cached: [Entry]? { cache.withLock { $0 } }

    /// The names known belong to one organization and target.
    func forget() {
        cache.withLock { $0 = nil }
        forgetProviders()
    }
    func forgetProviders() { providers.withLock { $0 = nil } }
    var cachedProviders: [String]? { providers.withLock { $0 } }

    /// The providers' ids, fetched once.
    func providerIDs(client: CoveoClient) async throws -> [String] {
        if let cached = cachedProviders { return cached }
        let ids = (try await client.listProviders().arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        providers.withLock { $0 = ids }
        return ids
    }
    func added(id: String, name: String) {
        if DryRun.isPlaceholder(id) { return held.withLock { $0[name] = id } }
        cache.withLock { $0?.append((id, name)) }
    }
    func removed(id: String) { cache.withLock { $0?.removeAll { $0.id == id } } }
    /// When the dry run ends, what it "created" is gone.
    func forgetHeld() { held.withLock { $0.removeAll() } }

    /// The organization's sources (one request, up to 1,000), fetched once.
    @discardableResult
    func fetch(client: CoveoClient) async throws -> [Entry] {
        if let cached { return cached }
        let sources = try SourcePage(await client.listSources(page: 0, perPage: 1000)).entries
        cache.withLock { $0 = sources }
        return sources
    }

    /// A source id from what the user typed: an id as is, or the exact name of a source.
    func id(of text: String, client: CoveoClient) async throws -> String {
        try await resolve(text, client: client).id
    }

    /// The source the user named, and its model when finding it by name read it already (nil for an id as typed).
    func resolve(_ text: String, client: CoveoClient) async throws -> (id: String, model: JSON?) {
        if text.hasPrefix(client.organization + "-") || DryRun.isPlaceholder(text) { return (text, nil) }
        // Every source whose name or id holds the text, a page of 1,000 at a time, until the name is found: with
        // thousands of sources, the exact name may sort after the first page of matches (`zz` after `azz-0001`).
        var models: [JSON] = []
        for page in 0..<Self.lookupPages {
            let answer = try SourcePage(await Self.lookupPage(text, page, client: client))
            let found = answer.models
            if page == 0 { models = found }
            if let match = answer.named(text) { return match }
            if found.count < 1000 { break }
        }
        // Not on the platform, but "created" earlier in this dry run: that one.
        if let id = held.withLock({ $0[text] }) { return (id, nil) }
        // Names holding the text (the filter's answer): a paste-able guess beats the platform's 404 on an id.
        let typed = text.lowercased()
        let closest = models.compactMap { $0["name"]?.stringValue }
            .map { (name: $0, distance: ParsedArguments.editDistance(typed, $0.lowercased())) }
            .sorted { $0.distance < $1.distance }.prefix(3).map(\.name)
        if !closest.isEmpty {
            throw ShellError(
                .notFound,
                "no source is named '\(text)' in organization '\(client.organization)'; did you mean "
                    + closest.map(Tokenizer.quote).joined(separator: " or ") + "? Nothing was sent")
        }
        // Not a name: let the platform judge it as an id (it answers 404 with its own words).
        return (text, nil)
    }

    /// The sources whose name or id holds `text` (the platform's filter, from 2 characters), every page of them:
    /// what Tab offers once the organization has more sources than the first page the cache holds.
    func matching(_ text: String, client: CoveoClient) async throws -> [Entry] {
        var sources: [Entry] = []
        for page in 0..<Self.lookupPages {
            let answer = try SourcePage(await client.listSources(filter: text, page: page, perPage: 1000))
            sources += answer.entries
            if answer.models.count < 1000 { break }
        }
        return sources
    }

    /// A page of the sources whose name or id holds `text`. A key made for one source may push to it and read it,
    /// but not list sources to find it by name: its 403 says to give the id.
    private static func lookupPage(_ text: String, _ page: Int, client: CoveoClient) async throws -> JSON {
        do {
            return try await client.listSources(filter: text.count >= 2 ? text : nil, page: page, perPage: 1000)
        } catch {
            guard error.status == 403 else { throw error }
            var refused = ShellError(error)
            refused.message =
                "this token may not list sources (\(error.description)), so no source can be found by its name "
                + "('\(text)'): give the source's id instead, as `apikey create` printed it"
            throw refused
        }
    }
}
