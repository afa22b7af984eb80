import CoveoAPI
import Foundation

/// `apikey`: aPI keys: create one that may push to one source, list, disable, delete.
struct APIKeyCommand: APICommand {
    static let action = CommandSpec.Positional("ACTION", .choice(["create", "list", "disable", "delete"]))
    static let id = CommandSpec.Positional("ID", optional: true)

    static let spec = CommandSpec(
        name: "apikey", group: .organization,
        summary: "API keys: create one that may push to one source, list, disable, delete",
        positionals: [action, id],
        options: [
            .init(
                "source", value: .sourceID, valueName: "SOURCE",
                help: "with create: the Push source the key may push to", actions: ["create"]),
            .init(
                "name", value: .text, valueName: "TEXT", help: "with create: the key's display name",
                actions: ["create"]),
            .init(
                "save-to-profile", value: .file, valueName: "FILE",
                help: "with create: write the key to this new profile file (0600) instead of the screen",
                actions: ["create"]),
            .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
        ] + tableOptions.map { $0.name == "output" ? $0 : $0.only(["list"]) },
        operation:
            "POST|GET /rest/organizations/{org}/apikeys, PUT .../apikeys/{id}/disable, DELETE .../apikeys/{id}",
        example: "apikey create --source $id --name \"Product docs pusher\"",
        details: """
            The Administration Console creates a Push source "and an API key with appropriate privileges": \
            `apikey create
            --source` makes that key (Sources - Edit and View on that source, Organization - View), which may push to
            that source and nothing else. Its value is printed once and kept out of $last, traces and recordings.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.createAPIKey, note: "the key may grant only privileges the caller holds"), .init(.listAPIKeys),
            .init(.disableAPIKey), .init(.deleteAPIKey),
        ],
        fields: """
            privileges   a Push source's key: SOURCE EDIT and VIEW on that source, ORGANIZATION VIEW
            value        shown in the answer that creates the key, and never again (the list masks it)
            """,
        reference: "'Create a Push source' (the console's API key); coveo-authorization.yml")

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        args[action] == "list"
    }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let action = args[APIKeyCommand.action]
        let id = args.word(APIKeyCommand.id)
        if action == "create" || action == "list", let id {
            throw ShellError.usage("apikey \(action): unexpected argument '\(id)'")
        }
        if action == "disable" || action == "delete", id == nil {
            throw ShellError.usage(
                "apikey \(action): missing ID (usage: apikey \(action) ID; `apikey list` shows them)")
        }
        let client = context.client
        switch action {
        case "create":
            guard let source = args.value("source") else {
                throw ShellError.usage("apikey create: missing --source SOURCE (the Push source the key may push to)")
            }
            let profile = try context.keys.reserveProfile(args)
            let sourceId = try await context.sources.id(of: source, client: client)
            return .kept(
                try await context.keys.create(
                    sourceId, name: args.value("name"), profile: profile, format: context.format(args)))
        case "list":
            let keys = try await client.listAPIKeys()
            let rows = (keys.arrayValue ?? []).map(APIKeyModel.init).map { key in
                [
                    key.id ?? "", key.displayName ?? "", key.status ?? "", key.resourceId ?? "-",
                    "\(key.privileges.count)",
                ]
            }
            return .table(keys, Table(headers: ["ID", "NAME", "STATUS", "SOURCE", "PRIVILEGES"], rows: rows))
        case "disable":
            try await client.disableAPIKey(id ?? "")
            return .summary(["disabled": .string(id ?? "")], prose: "Disabled API key \(id ?? "")")
        default:
            let id = id ?? ""
            guard
                try await context.confirmation.confirmed(
                    args, { "Delete the API key '\(id)'? Whatever uses it stops working. [y/N] " })
            else { return .nothing }
            try await client.deleteAPIKey(id)
            return .summary(["deleted": .string(id)], prose: "Deleted API key \(id)")
        }
    }
}
