/// `identity`: security identities of a provider: set, alias, delete, push @FILE, remove, list.
struct IdentityCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "identity", group: .content, summary: "Security identities of a provider: set, alias, delete, push @FILE, remove, list",
        positionals: [
            .init("PROVIDER", .providerID), .init("ACTION", .choice(["set", "alias", "delete", "push", "remove", "list"])),
            .init("NAME|@FILE", optional: true),
        ],
        options: [
            .init("type", value: .choice(["user", "group", "virtual-group", "unknown"]), valueName: "user|group|virtual-group", help: "the identity's type"),
            .init("member", value: .text, valueName: "NAME:TYPE", repeatable: true, help: "with set: a member of the group"),
            .init("granted", value: .text, valueName: "NAME:TYPE", repeatable: true, help: "an identity it is granted (wellKnowns)"),
            .init("to", value: .text, valueName: "NAME:TYPE[:PROVIDER]", repeatable: true, help: "with alias: the identity it stands for"),
            .init("ordering-id", value: .number, valueName: "N", help: "the operation's orderingId"),
            .init("older-than", value: .text, valueName: "ISO8601|EPOCH_MS", help: "with remove: delete the identities pushed before"),
            .init("queue-delay", value: .number, valueName: "MINUTES", help: "with remove: grace period"),
            .init("force", help: "with remove: allow a time in the future"),
            .init("yes", short: "y", help: "do not ask for confirmation"),
            outputOption,
        ],
        operation: "PUT|DELETE /push/v1/organizations/{org}/providers/{providerId}/permissions[/batch|/olderthan], /mappings",
        example: "identity MyPushSourceProvider set sales --type group --member alice@example.com:user",
        details: """
            Items of a SECURED source name identities in their permissions; the provider must know them, or the items
            are rejected at indexing. `identity PROVIDER list` shows what the sandbox holds (sandbox only).
            `push @FILE` sends {"members": [...], "mappings": [...], "deleted": [...]} through a file container.
            """)

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [
            .init(call: "PUT {push}/push/v1/organizations/{org}/providers/{provider}/permissions (set), /mappings (alias)", privilege: "Security identities - Edit"),
            .init(call: "DELETE .../permissions (delete), .../permissions/olderthan (remove); PUT .../permissions/batch?fileId= (push)", privilege: "Security identities - Edit"),
        ],
        fields: "identity {name, type USER|GROUP|VIRTUAL_GROUP}, members, wellKnowns (granted identities), mappings (aliases).",
        reference: "docs.coveo.com/en/55 and /en/167; reference section 6.5")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        args.positionals.count > 1 && args.positionals[1] == "list"
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.identity(args)
        return .success
    }
}
