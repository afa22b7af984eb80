import CoveoAPI
import Foundation

/// Who may see what: the identities a searcher resolves to through the pushed groups, aliases and granted
/// identities, and the permissions that apply to a source's items (its own on PRIVATE and SHARED sources, each
/// item's on SECURED ones). The Search API filters with it; the security cache's parents answer from it.
extension SandboxStore {
    /// The providers `provider` cascades to, and theirs in turn.
    func cascades(of provider: String) -> [String] {
        var found: [String] = []
        var queue = [provider]
        while let next = queue.popLast() {
            let model = try? self.provider(next)
            for member in model?["cascadingSecurityProviders"]?.objectValue?.members ?? [] {
                let id = member.value["id"]?.stringValue ?? member.key
                if id != provider, !found.contains(id) {
                    found.append(id)
                    queue.append(id)
                }
            }
        }
        return found
    }

    /// The direct parents of an identity: the groups whose members name it (in its provider, or in a provider
    /// that cascades to its own), the aliases that map to it, and the identities its own entry is granted.
    func parents(of child: SecurityIdentity) -> [(SecurityIdentity, IdentityRelation)] {
        var found: [(SecurityIdentity, IdentityRelation)] = []
        for (providerID, entries) in state.identities.all.sorted(by: { $0.key < $1.key }) {
            let reaches = providerID == child.provider || cascades(of: providerID).contains(child.provider)
            for entry in entries.values {
                let alias = entry["kind"]?.stringValue == "ALIAS"
                for reference in entry[alias ? "mappings" : "members"]?.arrayValue ?? [] {
                    let named = reference["provider"]?.stringValue
                    // Without a provider, a member or a mapping is of the entry's provider or one it cascades to.
                    guard named.map({ $0 == child.provider }) ?? reaches,
                        let name = reference["name"]?.stringValue, name.lowercased() == child.name.lowercased(),
                        Self.typesMatch(reference["type"]?.stringValue, child.type),
                        let parent = Self.identity(of: entry, provider: providerID)
                    else { continue }
                    found.append((parent, alias ? .alias : .member))
                    break
                }
            }
        }
        for entry in ownEntries(of: child) {
            for granted in entry["wellKnowns"]?.arrayValue ?? [] {
                guard let name = granted["name"]?.stringValue else { continue }
                found.append(
                    (
                        SecurityIdentity(name, type: granted["type"]?.stringValue ?? "GROUP", provider: child.provider),
                        .granted
                    ))
            }
        }
        return found
    }

    /// The entries an identity has in its own provider (any type when its type is UNKNOWN).
    func ownEntries(of identity: SecurityIdentity) -> [JSON] {
        guard let entries = state.identities[identity.provider] else { return [] }
        if identity.type != "UNKNOWN" {
            return entries[Self.identityKey(identity.name, identity.type)].map { [$0] } ?? []
        }
        return entries.filter { $0.key.hasSuffix(":" + identity.name.lowercased()) }.map(\.value)
    }

    /// The security cache's types, in any case (`VIRTUAL_GROUP` as the Push API writes it too).
    static let cacheTypes: Set<String> = ["unknown", "user", "group", "virtualgroup", "virtual_group"]

    static func typesMatch(_ declared: String?, _ type: String) -> Bool {
        let declared = SecurityIdentity.normalized(declared ?? "UNKNOWN")
        return declared == "UNKNOWN" || type == "UNKNOWN" || declared == type
    }

    static func identity(of entry: JSON, provider: String) -> SecurityIdentity? {
        guard let name = entry["identity"]?["name"]?.stringValue else { return nil }
        return SecurityIdentity(name, type: entry["identity"]?["type"]?.stringValue ?? "UNKNOWN", provider: provider)
    }

    /// Everyone a searcher is (nil: anonymous).
    func resolve(_ searchers: [SecurityIdentity]?) -> ResolvedIdentities? {
        searchers.map { ResolvedIdentities.resolve($0, parents: parents(of:)) }
    }

    func security(of source: SandboxRecord) -> SourceSecurity {
        let configuration = configuration(of: source.id, visibility: source.visibility)
        return SourceSecurity(
            visibility: source.visibility, option: configuration["sourceSecurityOption"]?.stringValue,
            permissions: configuration["permissions"], providerReferences: source.providerReferences)
    }

    // MARK: The security cache's parents

    /// `POST /securitycache/entities/{provider}/members/parents` `{name, type}`: the groups, aliases and granted
    /// identities that hold the member (all of them, up the chain, with `recursive=true`), a page at a time. How each
    /// holds it is in `infos` (`relation`: member of, alias, granted; the sandbox's choice).
    func securityParents(_ providerID: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let body = try body(request, "a security cache member {name, type}")
        guard let name = body["name"]?.stringValue, !name.isEmpty else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "The member needs a name.")
        }
        if !providerExists(providerID) { _ = try provider(providerID) }
        let typeName = body["type"].map { $0.stringValue ?? "" } ?? "Unknown"
        guard Self.cacheTypes.contains(typeName.lowercased()) else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "The member's type must be Unknown, User, Group or VirtualGroup.")
        }
        guard ["true", "false", nil].contains(request.queryValue("recursive")) else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "recursive must be true or false.")
        }
        let member = SecurityIdentity(name, type: typeName, provider: providerID)
        guard let page = Int(request.queryValue("page") ?? "0"), page >= 0,
            let size = Int(request.queryValue("pageSize") ?? "100"), (1...1000).contains(size)
        else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "page must be 0 or more and pageSize from 1 to 1000.")
        }
        let found: [(SecurityIdentity, IdentityRelation)]
        if request.queryValue("recursive") == "true" {
            found = ResolvedIdentities.resolve([member], parents: parents(of:)).reached.map {
                ($0.identity, $0.relation)
            }
        } else {
            found = parents(of: member)
        }
        let items = found.map { parent, relation -> JSON in
            var infos: [JSON] = [["key": "relation", "value": .string(relation.rawValue)]]
            if let entry = ownEntries(of: parent).first {
                infos.append(["key": "kind", "value": entry["kind"] ?? "IDENTITY"])
            }
            return [
                "name": .string(parent.name), "type": .string(parent.type), "provider": .string(parent.provider),
                "state": "UP_TO_DATE", "lastUpdateResult": "SUCCESS", "infos": .array(infos),
            ]
        }
        let start = min(items.count, page.multipliedReportingOverflow(by: size).partialValue)
        return .json(
            200,
            [
                "items": .array(Array(items[start..<min(items.count, start + size)])),
                "totalEntries": .int(items.count), "totalPages": .int((items.count + size - 1) / size),
            ])
    }
}
