/// `provider`: security identity providers: create, get, list, delete.
struct ProviderCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "provider", group: .sources, summary: "Security identity providers: create, get, list, delete",
        positionals: [.init("ACTION", .choice(["create", "get", "list", "delete"])), .init("ID", .providerID, optional: true)],
        options: [
            .init("source", value: .sourceID, valueName: "SOURCE", help: "with create: the source it serves (and which then references it)"),
            .init("display-name", value: .text, valueName: "TEXT", help: "with create: the name the console shows"),
            .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
            outputOption,
        ],
        operation: "POST|GET|DELETE /rest/organizations/{org}/securityproviders[/{id}]",
        example: "provider create MyPushSourceProvider --source $id",
        details: """
            `provider create` sends the documented body: an EXPANDED provider, nodeRequired false, referenced by the
            source, cascading to the Email Security Provider; then the source's securityProviderReferences includes it.
            A provider a source still references cannot be deleted.
            """)

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [
            .init(call: "POST /rest/organizations/{org}/securityproviders", privilege: "PLATFORM / SECURITY_PROVIDER / CREATE on *"),
            .init(call: "GET /rest/organizations/{org}/securityproviders[/{id}]", privilege: "PLATFORM / SECURITY_PROVIDER / VIEW on *"),
            .init(call: "DELETE /rest/organizations/{org}/securityproviders/{id}", privilege: "PLATFORM / SECURITY_PROVIDER / EDIT on the provider"),
        ],
        fields: """
            type EXPANDED       a provider that expands the groups pushed to it into their members
            nodeRequired false  no on-premises node
            referencedBy        the source it serves; the source lists it in securityProviderReferences
            cascadingSecurityProviders  the Email Security Provider: identities that are email addresses resolve there
            """,
        reference: "seed leading practice; docs.coveo.com/en/85; reference section 4")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        ["get", "list"].contains(args.positionals.first ?? "")
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.provider(args)
        return .success
    }
}
