/// `remove`: delete an item (and its children), or every item older than a time.
struct RemoveCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "remove", group: .content, summary: "Delete an item (and its children), or every item older than a time",
        positionals: [.init("SOURCE", .sourceID), .init("DOCUMENT_ID", optional: true)],
        options: [
            .init("children", help: "also delete the items whose id starts with DOCUMENT_ID/"),
            .init("ordering-id", value: .number, valueName: "N", help: "the operation's orderingId"),
            .init("older-than", value: .text, valueName: "ISO8601|EPOCH_MS", help: "delete every item last pushed before this time"),
            .init("queue-delay", value: .number, valueName: "MINUTES", help: "with --older-than: grace period (default 15)"),
            .init("force", help: "allow an --older-than in the future (it blocks the source until then)"),
            .init("yes", short: "y", help: "do not ask for confirmation"),
        ],
        operation: "DELETE /push/v1/organizations/{org}/sources/{sourceId}/documents[/olderthan]",
        example: "remove $id https://example.com/folder --children",
        details: "An --older-than in the future is refused: the documentation warns it blocks the source until that time.")

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [.init(call: "DELETE {push}/push/v1/organizations/{org}/sources/{sourceId}/documents[/olderthan]", privilege: pushEdit)],
        fields: "documentId and deleteChildren, or orderingId and queueDelay; a future orderingId blocks the source.",
        reference: "reference sections 6.3 and 6.6")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        false
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.remove(args)
        return .success
    }
}
