/// `logs`: what the indexing pipeline did with each item, and why.
struct LogsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "logs", group: .content, summary: "What the indexing pipeline did with each item, and why",
        positionals: [.init("SOURCE", .sourceID)],
        options: [
            .init("document", value: .text, valueName: "ID", help: "only this item's entries"),
            .init("since", value: .text, valueName: "ISO8601|EPOCH_MS", help: "from this time (default: one day ago)"),
            outputOption,
        ],
        operation: "POST /logs/v1/organizations/{org}?from=&to= (Source Logs API)",
        example: "logs $id --document https://example.com/a")

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [.init(call: "POST {push}/logs/v1/organizations/{org}?from=&to= {\"sourcesIds\": [...]}", privilege: sourceView)],
        fields: "Each entry: id (the item), operation, result (COMPLETED, REJECTED, ...), meta.reason, datetime.",
        reference: "coveo-source-logs.yml; reference section 9, pain 1")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        true
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.logs(args)
        return .success
    }
}
