import CoveoAPI
import Foundation

/// `provider`: security identity providers: create, get, list, delete.
struct ProviderCommand: APICommand {
    static let action = CommandSpec.Positional("ACTION", .choice(["create", "get", "list", "delete"]))
    static let id = CommandSpec.Positional("ID", .providerID, optional: true)

    static let spec = CommandSpec(
        name: "provider", group: .sources, summary: "Security identity providers: create, get, list, delete",
        positionals: [action, id],
        options: [
            .init(
                "source", value: .sourceID, valueName: "SOURCE",
                help: "with create: the source it serves (and which then references it)", actions: ["create"]),
            .init(
                "display-name", value: .text, valueName: "TEXT", help: "with create: the name the console shows",
                actions: ["create"]),
            .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
        ] + tableOptions.map { $0.name == "output" ? $0 : $0.only(["list"]) },
        operation: "POST|GET|DELETE /rest/organizations/{org}/securityproviders[/{id}]",
        example: "provider create MyPushSourceProvider --source $id",
        details: """
            `provider create` sends the documented body: an EXPANDED provider, nodeRequired false, referenced by the
            source, cascading to the Email Security Provider; then the source's securityProviderReferences includes it.
            A provider a source still references cannot be deleted.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [.init(.createProvider), .init(.listProviders), .init(.getProvider), .init(.deleteProvider)],
        fields: """
            type EXPANDED       a provider that expands the groups pushed to it into their members
            nodeRequired false  no on-premises node
            referencedBy        the source it serves; the source lists it in securityProviderReferences
            cascadingSecurityProviders  the Email Security Provider: identities that are email addresses resolve there
            """,
        reference: "Coveo's leading practice; docs.coveo.com/en/85")

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        ["get", "list"].contains(args[action])
    }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let action = args[ProviderCommand.action]
        let id = args.word(ProviderCommand.id)
        if action != "list", id == nil {
            throw ShellError.usage("provider \(action): missing ID (usage: provider \(action) ID)")
        }
        if action == "list", let id { throw ShellError.usage("provider list: unexpected argument '\(id)'") }
        let client = context.client
        if action == "create" || action == "delete" { context.sources.forgetProviders() }
        switch action {
        case "create":
            var sourceId: String?
            if let source = args.value("source") { sourceId = try await context.sources.id(of: source, client: client) }
            let created = try await ProviderService(client: client, console: context.console).create(
                id ?? "", displayName: args.value("display-name"), sourceId: sourceId
            ).provider
            return .summary(created, prose: Redaction.visible(created["id"]?.stringValue ?? id ?? ""))
        case "get":
            return .value(try await client.getProvider(id ?? ""))
        case "list":
            let providers = try await client.listProviders()
            let rows = try (providers.arrayValue ?? []).map(SecurityProvider.init).map { provider -> [String] in
                [
                    provider.id, provider.type ?? "", provider.displayName ?? "",
                    provider.referencedBy.isEmpty ? "-" : provider.referencedBy.joined(separator: ", "),
                    provider.json["statistics"]?["totalNumberOfEntities"]?.interpolationText ?? "",
                ]
            }
            return .table(
                providers, Table(headers: ["ID", "TYPE", "DISPLAY NAME", "REFERENCED BY", "IDENTITIES"], rows: rows))
        default:
            let id = id ?? ""
            guard
                try await context.confirmation.confirmed(
                    args, { "Delete the security identity provider '\(id)' and its identities? [y/N] " })
            else { return .nothing }
            try await client.deleteProvider(id)
            return .summary(["deleted": .string(id)], prose: "Deleted provider \(id)")
        }
    }
}
