import CoveoAPI
import Foundation

/// `why`: whether one user sees one item, and why, step by step: who the user resolves to, what the source and
/// the item's permission levels say, and whether a search as them agrees.
struct WhyCommand: APICommand {
    static let item = CommandSpec.Positional("ITEM")

    static let spec = CommandSpec(
        name: "why", group: .content, summary: "Explain whether a user sees an item, and why",
        positionals: [item],
        options: [
            SearchCommand.asOption,
            .init("source", value: .sourceID, valueName: "SOURCE", help: "the item's source (default: found)"),
            .init(
                "item", value: .file, valueName: "@FILE",
                help: "the item as pushed (its JSON): on the platform, where no API returns an item's permissions"),
            outputOption,
        ],
        operation: "POST .../securitycache/entities/{provider}/members/parents, then POST /rest/search/v2",
        example: "why doc1 --as alice@example.com",
        details: """
            ITEM is an item's documentId (its URI). pshell reads the item's permissions (the sandbox's index: no
            Coveo API returns them), the source's visibility and raw configuration, and the groups and aliases that
            hold the user (the security cache's parents, walked up); then it applies Coveo's rules: the first
            permission level that names the user decides, and within it they must be allowed in every set and
            denied in none. Last, a search as the user for that item says whether the index agrees. This is
            pshell's reading of Coveo's documented rules (docs.coveo.com/en/25, en/1526, en/107). On the platform,
            give the item as it was pushed: `why ITEM --as USER --source SOURCE --item @item.json` (a JSON object,
            or an array holding the item by its documentId); the rest is read from the platform.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getSource), .init(.getRawSource), .init(.securityParents), .init(.searchQuery)],
        fields: """
            source          sourceVisibility, securityProviderReferences; raw configuration.permissions
            parents         the groups (members), aliases (mappings) and granted identities holding the user
            item            permissions: levels of sets (allowAnonymous, allowedPermissions, deniedPermissions)
            """,
        reference: "complete permission model (docs.coveo.com/en/25), permission levels (docs.coveo.com/en/1526)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let searchers = try SecurityIdentity.arguments(args.all("as"))
        guard !searchers.isEmpty else {
            throw ShellError.usage("why: missing --as IDENTITY (the user to explain it for)")
        }
        let client = context.client
        let documentId = args[item]
        let (sourceId, found, others) =
            if let file = args.value("item") {
                try await pushed(file, documentId, source: args.value("source"), context)
            } else {
                try await locate(documentId, in: args.value("source"), context)
            }
        if !others.isEmpty {
            var names: [String] = []
            for id in others { names.append((try? SourceModel(try await client.getSource(id)).name) ?? id) }
            context.console.diagnose(
                .note,
                "'\(documentId)' is also in "
                    + names.map { "`--source \(Tokenizer.quote($0))`" }.joined(separator: ", ")
                    + ": this explains the first one that holds it")
        }
        let source = try SourceModel(try await client.getSource(sourceId))
        let raw = RawSecurity(try await client.getRawSource(sourceId))
        let security = SourceSecurity(
            visibility: source.visibility ?? SourceVisibility.secured.rawValue, option: raw.option,
            permissions: raw.permissions, providerReferences: source.providerReferences)
        let cascades = try await Self.cascades(client)
        let identities = try await ResolvedIdentities.resolve(searchers) { (identity) async throws(APIError) in
            try await client.securityParents(of: identity)
        }
        var explanation = WhyReport(
            documentId: documentId, source: source, security: security, identities: identities)
        if let own = security.sourceLevel {
            explanation.sourceDecision = AccessDecision.evaluate(own, for: identities, cascades: { cascades[$0] ?? [] })
        }
        if let provider = security.itemProvider {
            let model = PermissionModel(pushed: found["fields"]?["permissions"], defaultProvider: provider)
            explanation.itemDecision = AccessDecision.evaluate(model, for: identities, cascades: { cascades[$0] ?? [] })
        }
        // The check: a search as them for this item of this source (another source may hold the same uri).
        let quoted = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "") + "\"" }
        let query: JSON = [
            "aq": .string("@uri==\(quoted(documentId)) @source==\(quoted(source.name))"), "numberOfResults": 1,
        ]
        do {
            let answer = try await SearchCommand.search(query, as: searchers, all: false, context)
            explanation.indexFinds = SearchAnswer(answer).totalCount > 0
        } catch let error as APIError where error.status == 403 || error.status == 401 {
            explanation.indexCheckSkipped = "this token may not search as them (\(error.errorCode ?? "HTTP 403"))"
        }
        return .summary(explanation.json, prose: explanation.prose)
    }

    /// `--item @FILE`: the item as the user pushed it, in the source they name (the platform returns neither).
    nonisolated(nonsending) private static func pushed(
        _ file: String, _ documentId: String, source: String?, _ context: CommandContext
    ) async throws -> (String, JSON, [String]) {
        guard let source else { throw ShellError.usage("why: --item needs --source SOURCE (the item's source)") }
        let id = try await context.sources.id(of: source, client: context.client)
        let path = file.hasPrefix("@") ? String(file.dropFirst()) : file
        let json = try context.inputs.jsonFile(path, label: path).json
        let items = json.arrayValue ?? [json]
        let named = items.first { ($0["documentId"] ?? $0["uri"])?.stringValue == documentId }
        guard let item = named ?? (items.count == 1 ? items.first : nil), item.objectValue != nil else {
            throw ShellError.failure("why: \(path) holds no item '\(documentId)' (by its documentId or uri)")
        }
        return (id, ["fields": item], [])
    }

    /// The item and its source: the one named, or the first source that holds it (read from the sandbox's index),
    /// with the ids of the other sources that hold one of that id.
    nonisolated(nonsending) private static func locate(
        _ documentId: String, in source: String?, _ context: CommandContext
    ) async throws -> (String, JSON, [String]) {
        let client = context.client
        let candidates: [String]
        if let source {
            let id = try await context.sources.id(of: source, client: client)
            // Read first: an unknown source is its own 404, not the platform's lack of an item API.
            _ = try await client.getSource(id)
            candidates = [id]
        } else {
            candidates = try SourcePage(try await client.listSources(perPage: 1000)).entries.map(\.id)
        }
        let refusal =
            "why: no Coveo API returns an item's permissions; pshell reads them from its sandbox's index. On the "
            + "platform, give the item as pushed: `--item @FILE --source SOURCE`"
        var found: [(String, JSON)] = []
        for id in candidates {
            let item = try await context.sandboxRoutes.call(refusal) { control throws(APIError) in
                try await control.item(id, documentId: documentId, via: client) ?? .null
            }
            if item != .null { found.append((id, item)) }
        }
        if let (id, item) = found.first { return (id, item, found.dropFirst().map(\.0)) }
        throw ShellError.failure(
            "why: no item '\(documentId)' is indexed" + (source.map { " in \($0)" } ?? " in any source"))
    }

    /// Each provider's cascading providers, transitively.
    nonisolated(nonsending) private static func cascades(_ client: CoveoClient) async throws -> [String: [String]] {
        var direct: [String: [String]] = [:]
        for model in try await client.listProviders().arrayValue ?? [] {
            guard let provider = try? SecurityProvider(model) else { continue }
            direct[provider.id] = provider.cascades
        }
        var closure: [String: [String]] = [:]
        for id in direct.keys {
            var found: [String] = []
            var queue = direct[id] ?? []
            while let next = queue.popLast() {
                guard !found.contains(next), next != id else { continue }
                found.append(next)
                queue += direct[next] ?? []
            }
            closure[id] = found
        }
        return closure
    }
}
