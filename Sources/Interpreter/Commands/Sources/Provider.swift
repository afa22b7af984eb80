import CoveoAPI
import Foundation

/// `provider`: security identity providers: create, get, list, delete.
struct ProviderCommand: ShellCommand {
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

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        ["get", "list"].contains(args[action])
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let action = args[ProviderCommand.action]
        let id = args.word(ProviderCommand.id)
        if action != "list", id == nil {
            throw ShellError.usage("provider \(action): missing ID (usage: provider \(action) ID)")
        }
        if action == "list", let id { throw ShellError.usage("provider list: unexpected argument '\(id)'") }
        let client = try await shell.client()
        if action == "create" || action == "delete" { shell.providerCache = nil }
        switch action {
        case "create":
            var sourceId: String?
            if let source = args.value("source") { sourceId = try await shell.sources.id(of: source, client: client) }
            let created = try await shell.createProvider(
                id ?? "", displayName: args.value("display-name"), sourceId: sourceId, client: client
            ).provider
            shell.session.last = created
            if shell.format(args) == .auto {
                shell.console.write(Redaction.visible(created["id"]?.stringValue ?? id ?? "") + "\n")
            } else {
                shell.console.write(shell.renderer.json(created, format: shell.format(args)) + "\n")
            }
        case "get":
            shell.emit(try await client.getProvider(id ?? ""), args)
        case "list":
            let providers = try await client.listProviders()
            shell.session.last = providers
            guard shell.wantsTable(args) else {
                shell.console.write(shell.renderer.json(providers, format: shell.format(args)) + "\n")
                return .success
            }
            let rows = try (providers.arrayValue ?? []).map(SecurityProvider.init).map { provider -> [String] in
                [
                    provider.id, provider.type ?? "", provider.displayName ?? "",
                    provider.referencedBy.isEmpty ? "-" : provider.referencedBy.joined(separator: ", "),
                    provider.json["statistics"]?["totalNumberOfEntities"]?.interpolationText ?? "",
                ]
            }
            try shell.showTable(
                headers: ["ID", "TYPE", "DISPLAY NAME", "REFERENCED BY", "IDENTITIES"], rows: rows, args)
        default:
            let id = id ?? ""
            guard
                try await shell.confirmation.confirmed(
                    args, { "Delete the security identity provider '\(id)' and its identities? [y/N] " })
            else { return .success }
            try await client.deleteProvider(id)
            shell.summarize(["deleted": .string(id)], args, "Deleted provider \(id)")
        }
        return .success
    }
}
