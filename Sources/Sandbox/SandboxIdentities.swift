import CoveoAPI

/// The security identities pushed to each provider, by provider id then identity key, noting what changed: the
/// state file rewrites those rows alone, so a write costs the same with 10 identities or 100,000 (they were part of
/// the organization's row, rewritten whole at every change).
struct SandboxIdentities: Sendable {
    private var providers: [String: [String: JSON]] = [:]
    /// Providers whose identities were replaced as a whole (a delete-older-than, a provider deleted): all their
    /// rows are written again.
    private(set) var replaced: Set<String> = []
    /// Single identities written or removed, by provider then key.
    private(set) var changed: [String: Set<String>] = [:]

    init(_ providers: [String: [String: JSON]] = [:]) { self.providers = providers }

    var isUnchanged: Bool { replaced.isEmpty && changed.isEmpty }

    /// Every provider's identities.
    var all: [String: [String: JSON]] { providers }

    /// A provider's identities; setting them replaces them all.
    subscript(provider: String) -> [String: JSON]? {
        get { providers[provider] }
        set {
            providers[provider] = newValue
            replaced.insert(provider)
            changed[provider] = nil
        }
    }

    /// Writes one identity, or removes it (nil).
    mutating func set(_ entry: JSON?, provider: String, key: String) {
        providers[provider, default: [:]][key] = entry
        if !replaced.contains(provider) { changed[provider, default: []].insert(key) }
    }

    /// Notes every provider as replaced: all rows are written (an import, an upgrade of the state file).
    mutating func touchAll() { replaced = Set(providers.keys) }

    /// Hands over what changed since the last call, and starts afresh.
    mutating func takeChanges() -> (replaced: Set<String>, changed: [String: Set<String>]) {
        defer {
            replaced = []
            changed = [:]
        }
        return (replaced, changed)
    }
}
