/// Who may see an item, decided as Coveo documents it, step by step so that the decision can be explained: the
/// identities a searcher resolves to (docs.coveo.com/en/240: groups, aliases and granted identities, across
/// cascading providers), then permission levels in order, each made of permission sets (docs.coveo.com/en/25,
/// en/1526: a level where the searcher is named decides; within it they must be allowed in every set and denied
/// in none, en/107). The sandbox answers searches with it; `why` explains with it.

/// A security identity: a name in a provider, with its type (`USER`, `GROUP`, `VIRTUAL_GROUP`, `UNKNOWN`).
package struct SecurityIdentity: Hashable, Sendable, CustomStringConvertible {
    package var name: String
    package var type: String
    package var provider: String

    package init(_ name: String, type: String = "USER", provider: String) {
        self.name = name
        self.type = Self.normalized(type)
        self.provider = provider
    }

    /// The Push API's and the read models' spellings as one: `User`, `VirtualGroup`, `virtual_group`.
    package static func normalized(_ type: String) -> String {
        let upper = type.uppercased()
        return upper == "VIRTUALGROUP" ? "VIRTUAL_GROUP" : upper
    }

    /// Names are compared without case, as the security cache keeps them.
    package static func == (a: SecurityIdentity, b: SecurityIdentity) -> Bool {
        a.name.lowercased() == b.name.lowercased() && a.type == b.type && a.provider == b.provider
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(name.lowercased())
        hasher.combine(type)
        hasher.combine(provider)
    }

    package static let emailProvider = "Email Security Provider"

    /// The Email Security Provider's wildcard: every email address.
    var isEveryEmail: Bool { name == "*@*" }

    var looksLikeEmail: Bool { name.contains("@") && !name.hasPrefix("@") && !name.hasSuffix("@") }

    /// Whether a permission naming `self` names `other`: the same name, compatible types (`UNKNOWN` is any), and
    /// the same provider or one `self`'s provider cascades to.
    func names(_ other: SecurityIdentity, cascades: (String) -> [String]) -> Bool {
        guard provider == other.provider || cascades(provider).contains(other.provider) else { return false }
        // The wildcard is a group of every email user, whatever type it is written with.
        if isEveryEmail { return other.looksLikeEmail && other.type != "GROUP" }
        guard type == "UNKNOWN" || other.type == "UNKNOWN" || type == other.type else { return false }
        return name.lowercased() == other.name.lowercased()
    }

    package var description: String {
        let kind = type == "VIRTUAL_GROUP" ? "virtual group" : type.lowercased()
        return "\(kind) '\(name)' (\(provider))"
    }
}

/// How one identity leads to another that holds it.
package enum IdentityRelation: String, Sendable {
    /// A group (or virtual group) whose members include it.
    case member = "member of"
    /// An alias in another provider that maps to it.
    case alias = "alias"
    /// An identity it is granted (a "well-known" one).
    case granted = "granted"
    /// A parent the security cache names without saying how (the platform's answer).
    case parent = "parent"
}

/// The identities a searcher resolves to: the searcher's own, then every parent reached from them, each with the
/// identity it was reached from.
package struct ResolvedIdentities: Sendable {
    package struct Step: Sendable {
        package var identity: SecurityIdentity
        package var relation: IdentityRelation
        package var from: SecurityIdentity
    }

    package private(set) var searchers: [SecurityIdentity]
    /// Parents in the order they were reached (breadth first).
    package private(set) var reached: [Step] = []
    private var seen: Set<SecurityIdentity>
    /// Whether a limit stopped the walk before every parent was read.
    package private(set) var truncated = false

    package static let maximumIdentities = 1000

    package init(searchers: [SecurityIdentity]) {
        self.searchers = searchers
        seen = Set(searchers)
    }

    /// Everyone the searcher is: their identities and every parent reached.
    package var all: [SecurityIdentity] { searchers + reached.map(\.identity) }

    /// Walks parents breadth first from the searchers (`parents` answers one identity's direct parents).
    package static func resolve<Failure: Error>(
        _ searchers: [SecurityIdentity],
        parents: (SecurityIdentity) async throws(Failure) -> [(SecurityIdentity, IdentityRelation)]
    ) async throws(Failure) -> ResolvedIdentities {
        var resolved = ResolvedIdentities(searchers: searchers)
        var queue = searchers
        while !queue.isEmpty {
            let child = queue.removeFirst()
            for (parent, relation) in try await parents(child) where !resolved.seen.contains(parent) {
                guard resolved.seen.count < maximumIdentities else {
                    resolved.truncated = true
                    return resolved
                }
                resolved.seen.insert(parent)
                resolved.reached.append(Step(identity: parent, relation: relation, from: child))
                queue.append(parent)
            }
        }
        return resolved
    }

    /// The synchronous walk, for the sandbox's own identities.
    package static func resolve(
        _ searchers: [SecurityIdentity], parents: (SecurityIdentity) -> [(SecurityIdentity, IdentityRelation)]
    ) -> ResolvedIdentities {
        var resolved = ResolvedIdentities(searchers: searchers)
        var queue = searchers[...]
        while let child = queue.popFirst() {
            for (parent, relation) in parents(child) where !resolved.seen.contains(parent) {
                guard resolved.seen.count < maximumIdentities else {
                    resolved.truncated = true
                    return resolved
                }
                resolved.seen.insert(parent)
                resolved.reached.append(Step(identity: parent, relation: relation, from: child))
                queue.append(parent)
            }
        }
        return resolved
    }

    /// How `identity` was reached, from the searcher: `["alice@example.com", "alias 'EXAMPLE\alice' (AD)", ...]`.
    package func path(to identity: SecurityIdentity) -> [String] {
        var chain: [String] = []
        var current = identity
        while let step = reached.first(where: { $0.identity == current }), chain.count < 50 {
            chain.insert("\(step.relation.rawValue) \(step.identity)", at: 0)
            current = step.from
        }
        chain.insert("\(current)", at: 0)
        return chain
    }
}

/// An item's (or a source's) permissions: levels in order, each a list of sets.
package struct PermissionModel: Sendable, Equatable {
    package struct Set: Sendable, Equatable {
        package var name: String?
        package var allowAnonymous: Bool
        package var allowed: [SecurityIdentity]
        package var denied: [SecurityIdentity]
    }

    package struct Level: Sendable, Equatable {
        package var name: String?
        package var sets: [Set]
    }

    package var levels: [Level]

    package init(levels: [Level]) { self.levels = levels }

    /// The Push API's model (and the raw source configuration's): the simplified one (an array of sets, or one
    /// set) or the complete one (an array of levels with `permissionSets`). An identity without
    /// `securityProvider` belongs to `defaultProvider`.
    package init(pushed value: JSON?, defaultProvider: String) {
        func identities(_ list: JSON?) -> [SecurityIdentity] {
            (list?.arrayValue ?? []).compactMap { entry in
                guard let name = entry["identity"]?.stringValue else { return nil }
                return SecurityIdentity(
                    name, type: entry["identityType"]?.stringValue ?? "UNKNOWN",
                    provider: entry["securityProvider"]?.stringValue ?? defaultProvider)
            }
        }
        func set(_ value: JSON) -> Set {
            Set(
                name: value["name"]?.stringValue, allowAnonymous: value["allowAnonymous"]?.boolValue ?? false,
                allowed: identities(value["allowedPermissions"]), denied: identities(value["deniedPermissions"]))
        }
        let entries = value?.arrayValue ?? (value?.objectValue != nil ? [value!] : [])
        if entries.contains(where: { $0["permissionSets"] != nil }) {
            levels = entries.map {
                Level(name: $0["name"]?.stringValue, sets: ($0["permissionSets"]?.arrayValue ?? []).map(set))
            }
        } else {
            levels = entries.isEmpty ? [] : [Level(name: nil, sets: entries.map(set))]
        }
    }
}

/// What one permission set says of a searcher.
package enum SetVerdict: Sendable, Equatable {
    case allowed(by: SecurityIdentity?)
    case denied(by: SecurityIdentity)
    case notNamed
}

/// The decision for one item and one searcher, with each step that led to it.
package struct AccessDecision: Sendable {
    package struct LevelStep: Sendable {
        package var index: Int
        package var name: String?
        package var sets: [SetVerdict]
        /// nil: the level does not name the searcher, and the next one is asked.
        package var outcome: Bool?
    }

    package var visible: Bool
    package var levels: [LevelStep]
    /// Why, said of the permissions (`deny them at level 2`).
    package var reason: String

    /// Evaluates the levels in order (`identities` nil: an anonymous searcher). The identity in a verdict is the
    /// searcher's identity the permission named (what `ResolvedIdentities.path` explains).
    package static func evaluate(
        _ model: PermissionModel, for identities: ResolvedIdentities?, cascades: (String) -> [String]
    ) -> AccessDecision {
        let everyone = identities?.all ?? []
        func match(_ list: [SecurityIdentity]) -> SecurityIdentity? {
            for permission in list {
                if let found = everyone.first(where: { permission.names($0, cascades: cascades) }) { return found }
            }
            return nil
        }
        var steps: [LevelStep] = []
        for (index, level) in model.levels.enumerated() {
            let verdicts = level.sets.map { set -> SetVerdict in
                if let denied = match(set.denied) { return .denied(by: denied) }
                if let allowed = match(set.allowed) { return .allowed(by: allowed) }
                return set.allowAnonymous ? .allowed(by: nil) : .notNamed
            }
            let allowedCount = verdicts.filter { if case .allowed = $0 { true } else { false } }.count
            let deniedAny = verdicts.contains { if case .denied = $0 { true } else { false } }
            let named = deniedAny || allowedCount > 0
            let outcome: Bool? = named ? (!deniedAny && allowedCount == verdicts.count) : nil
            steps.append(LevelStep(index: index, name: level.name, sets: verdicts, outcome: outcome))
            guard let outcome else { continue }
            let level = model.levels.count > 1 ? " at level \(index + 1)" : ""
            let verb = outcome ? "allow them" : deniedAny ? "deny them" : "allow them in some sets, not in every one"
            let reason = verb + level
            return AccessDecision(visible: outcome, levels: steps, reason: reason)
        }
        let reason = model.levels.isEmpty ? "allow no one" : "name none of their identities"
        return AccessDecision(visible: false, levels: steps, reason: reason)
    }
}

/// What decides who sees a source's items, from its visibility and raw configuration: the source's own
/// permissions (`Specified`, PRIVATE and SHARED sources), each item's (`Retrieve`, SECURED), or both (`Merge`).
package struct SourceSecurity: Sendable {
    /// The source-level permissions; nil: none apply (a SHARED source without any is everyone's).
    package var sourceLevel: PermissionModel?
    /// The default provider of each item's permissions; nil: item permissions do not apply.
    package var itemProvider: String?

    /// `option` and `permissions` are the raw configuration's `sourceSecurityOption` and `permissions`.
    package init(visibility: String, option: String?, permissions: JSON?, providerReferences: [String]) {
        let option = option ?? (visibility == SourceVisibility.secured.rawValue ? "Retrieve" : "Specified")
        let hasOwn = !(permissions?.arrayValue ?? []).isEmpty
        let own = PermissionModel(pushed: permissions, defaultProvider: SecurityIdentity.emailProvider)
        let itemProvider = providerReferences.first ?? SecurityIdentity.emailProvider
        switch option {
        case "Retrieve":
            sourceLevel = nil
            self.itemProvider = itemProvider
        case "Merge":
            sourceLevel = hasOwn ? own : nil
            self.itemProvider = itemProvider
        default:
            // A SHARED source with no permissions of its own is everyone's; a PRIVATE one is no one's.
            sourceLevel = visibility == SourceVisibility.shared.rawValue && !hasOwn ? nil : own
            self.itemProvider = nil
        }
    }

    /// In words, for `why`.
    package var summary: String {
        switch (sourceLevel, itemProvider) {
        case (nil, nil): "no permissions of its own: everyone sees its items"
        case (nil, _?): "each item's own permissions decide"
        case (_?, nil): "the source's own permissions decide, for all its items"
        case (_?, _?): "the source's permissions, then each item's, must both allow"
        }
    }
}
