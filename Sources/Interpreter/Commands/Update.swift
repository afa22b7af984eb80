/// `update`: change a source (read, change, write back the full model).
struct UpdateCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "update", group: .sources, summary: "Change a source (read, change, write back the full model)",
        positionals: [.init("SOURCE", .sourceID)],
        options: [
            .init("visibility", value: .choice(visibilities), valueName: "PRIVATE|SECURED|SHARED", help: "the new visibility"),
            .init(
                "provider", value: .text, valueName: "ID", repeatable: true,
                help: "replace securityProviderReferences with these provider ids"),
            .init("body", value: .file, valueName: "JSON|@FILE", help: "fields to set, as JSON or @file.json"),
            outputOption,
        ],
        operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}",
        example: "update $id --visibility SHARED",
        details: """
            Reads the source, applies the changes and PUTs the whole model back, so every field pshell does not
            know about is preserved. A change of name is refused: a source's name cannot change once created.
            """)

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [
            .init(call: "GET /rest/organizations/{org}/sources/{sourceId}", privilege: sourceView),
            .init(call: "PUT /rest/organizations/{org}/sources/{sourceId}", privilege: sourceEdit),
        ],
        fields: "A PUT replaces the whole simple configuration: pshell sends back the model it read, changed. The name cannot change.",
        reference: "seed 'Creating a Push Type Source' (update with PUT); reference section 3.4")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        false
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.update(args)
        return .success
    }
}
