/// `apikey`: aPI keys: create one that may push to one source, list, disable, delete.
struct APIKeyCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "apikey", group: .organization, summary: "API keys: create one that may push to one source, list, disable, delete",
        positionals: [.init("ACTION", .choice(["create", "list", "disable", "delete"])), .init("ID", optional: true)],
        options: [
            .init("source", value: .sourceID, valueName: "SOURCE", help: "with create: the Push source the key may push to"),
            .init("name", value: .text, valueName: "TEXT", help: "with create: the key's display name"),
            .init("save-to-profile", value: .file, valueName: "FILE", help: "with create: write the key to this new profile file (0600) instead of the screen"),
            .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
            outputOption,
        ],
        operation: "POST|GET /rest/organizations/{org}/apikeys, PUT .../apikeys/{id}/disable, DELETE .../apikeys/{id}",
        example: "apikey create --source $id --name \"Product docs pusher\"",
        details: """
            The Administration Console creates a Push source "and an API key with appropriate privileges": `apikey create
            --source` makes that key (Sources - Edit and View on that source, Organization - View), which may push to
            that source and nothing else. Its value is printed once and kept out of $last, traces and recordings.
            """)

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [
            .init(call: "POST /rest/organizations/{org}/apikeys", privilege: "PLATFORM / API_KEY / CREATE on * (and every privilege it grants)"),
            .init(call: "GET /rest/organizations/{org}/apikeys", privilege: "PLATFORM / API_KEY / VIEW on *"),
            .init(call: "PUT .../apikeys/{id}/disable, DELETE .../apikeys/{id}", privilege: "PLATFORM / API_KEY / EDIT on the key"),
        ],
        fields: """
            privileges   a Push source's key: SOURCE EDIT and VIEW on that source, ORGANIZATION VIEW
            value        shown in the answer that creates the key, and never again (the list masks it)
            """,
        reference: "seed: creating a Push source (the console's API key); coveo-authorization.yml")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        args.positionals.first == "list"
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.apikey(args)
        return .success
    }
}
