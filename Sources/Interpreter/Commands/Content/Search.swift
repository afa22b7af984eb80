import CoveoAPI
import Foundation

/// `search`: what a user finds, as that user: a search token for their identities, then the query.
struct SearchCommand: APICommand {
    static let asOption = CommandSpec.Option(
        "as", value: .text, valueName: "IDENTITY", repeatable: true,
        help: "search as this identity: NAME[:TYPE[:PROVIDER]] (an email: the Email Security Provider's user)")

    static let spec = CommandSpec(
        name: "search", group: .content, summary: "Search the index as a user would, or as yourself",
        positionals: [.init("QUERY", optional: true, variadic: true)],
        options: [
            asOption,
            .init("source", value: .sourceID, valueName: "SOURCE", help: "only this source's items"),
            .init(
                "where", value: .text, valueName: "@FIELD==VALUE", repeatable: true,
                help: "a field expression (aq) the items must match, e.g. @author==alice"),
            .init(
                "results", short: "n", value: .number(min: 1, max: 1000), valueName: "N", default: 10,
                help: "how many results"),
            .init("first", value: .number(min: 0), valueName: "N", default: 0, help: "skip the first N results"),
            .init("all", help: "see every item whatever its permissions (viewAllContent; not with --as)"),
        ] + tableOptions,
        operation: "POST /rest/search/v2/token, then POST /rest/search/v2",
        example: "search roadmap --as alice@example.com",
        details: """
            With --as, pshell asks a search token for those identities (POST /rest/search/v2/token, which needs the
            Impersonate privilege) and queries with it: the results are what that user sees. Without --as, the query
            goes with the session's token: an API key searches as an anonymous user. Words must all be in an
            item's title or text; --where adds field expressions (==, =, <>, <, >, <=, >=; a list: @f==(a,b)).
            """)

    static let explanation: Explanation? = Explanation(
        operations: [.init(.createSearchToken), .init(.searchQuery)],
        fields: """
            token request   userIds: [{name, provider, type}], validFor (ms)
            query           q (words), aq (field expressions), numberOfResults, firstResult, fieldsToInclude
            answer          totalCount, results[]: title, uri, clickUri, raw (the item's fields)
            """,
        reference: "search tokens (docs.coveo.com/en/56), the Search API (docs.coveo.com/en/13)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let identities = try SecurityIdentity.arguments(args.all("as"))
        if !identities.isEmpty, args.has("all") {
            throw ShellError.usage("search: --all sees everything, --as sees what one user sees: choose one")
        }
        let client = context.client
        var expressions = args.all("where")
        if let source = args.value("source") {
            let id = try await context.sources.id(of: source, client: client)
            let name = try SourceModel(try await client.getSource(id)).name
            expressions.insert("@source==\"\(name)\"", at: 0)
        }
        var query: JSONObject = [
            "q": .string(args.words(spec.positionals[0]).joined(separator: " ")),
            "numberOfResults": .int(args.number("results")), "firstResult": .int(args.number("first")),
        ]
        if !expressions.isEmpty { query["aq"] = .string(expressions.joined(separator: " ")) }
        let answer = try await search(.object(query), as: identities, all: args.has("all"), context)
        let found = SearchAnswer(answer)
        let results = found.results
        let rows = results.map { [$0.uri, $0.title, $0.source] }
        let total = found.totalCount
        let who =
            identities.isEmpty
            ? (args.has("all") ? "seeing everything" : "as the session's token")
            : "as " + identities.map(\.name).joined(separator: ", ")
        let first = args.number("first")
        let shown = results.isEmpty ? "no results" : "\(first + 1) to \(first + results.count) of \(total) result(s)"
        return .table(
            answer,
            Table(
                headers: ["URI", "TITLE", "SOURCE"], rows: rows, note: "\(shown) \(who)", empty: "No results \(who)."
            ))
    }

    /// The query as those identities (a search token made for them, masked from here on), or with the session's
    /// token.
    nonisolated(nonsending) static func search(
        _ query: JSON, as identities: [SecurityIdentity], all: Bool, _ context: CommandContext
    ) async throws -> JSON {
        guard !identities.isEmpty else {
            return try await context.client.search(query, viewAllContent: all)
        }
        let token = try await context.client.createSearchToken(for: identities)
        context.masking.remember([token.value])
        return try await context.client.search(query, token: token)
    }
}

extension SecurityIdentity {
    /// `NAME[:TYPE[:PROVIDER]]` as `--allow` takes it (the same parse): a user of the Email Security Provider by
    /// default.
    init(argument text: String) throws {
        let permission = try IdentityType.identity(text)
        self.init(
            permission["identity"]?.stringValue ?? text, type: permission["identityType"]?.stringValue ?? "User",
            provider: permission["securityProvider"]?.stringValue ?? SecurityIdentity.emailProvider)
    }

    /// Each `--as` once, in the order given.
    static func arguments(_ texts: [String]) throws -> [SecurityIdentity] {
        var identities: [SecurityIdentity] = []
        for identity in try texts.map(SecurityIdentity.init(argument:)) where !identities.contains(identity) {
            identities.append(identity)
        }
        return identities
    }
}
