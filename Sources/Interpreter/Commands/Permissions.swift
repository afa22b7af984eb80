/// `permissions`: show or set a PRIVATE or SHARED source's source-level permissions.
struct PermissionsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "permissions", group: .sources, summary: "Show or set a PRIVATE or SHARED source's source-level permissions",
        positionals: [.init("SOURCE", .sourceID)],
        options: [
            .init("allow", value: .text, valueName: "IDENTITY", repeatable: true, help: "an allowed identity: NAME[:user|group|virtual-group[:PROVIDER]]"),
            .init("deny", value: .text, valueName: "IDENTITY", repeatable: true, help: "a denied identity, written as for --allow"),
            .init("anyone", help: "anonymous users may see the items"),
            .init("clear", help: "remove every source-level permission"),
            outputOption,
        ],
        operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}/raw",
        example: "permissions $id --allow alice@example.com --allow sales:group",
        details: """
            Writes configuration.sourceSecurityOption Specified and configuration.permissions in the raw configuration,
            then reads them back. The provider defaults to the Email Security Provider. A SECURED source is refused:
            its permissions live on its items.
            """)

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [
            .init(call: "GET /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceView),
            .init(call: "PUT /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceEdit),
        ],
        fields: """
            configuration.sourceSecurityOption  Specified: the source's own permissions apply to all its items
            configuration.permissions           levels of sets: allowAnonymous, allowedPermissions, deniedPermissions
            each identity                       identity, identityType (User, Group, VirtualGroup), securityProvider
            """,
        reference: "seed note on source-level permissions (docs.coveo.com/en/3246); reference section 3.7")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        !(args.has("allow") || args.has("deny") || args.has("anyone") || args.has("clear"))
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.permissions(args)
        return .success
    }
}
