/// `items`: list the items the sandbox holds for a source (sandbox only).
struct ItemsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "items", group: .content, summary: "List the items the sandbox holds for a source (sandbox only)",
        positionals: [.init("SOURCE", .sourceID)], options: [outputOption],
        operation: "GET /sandbox/v1/organizations/{org}/sources/{sourceId}/items (pshell's sandbox)",
        example: "items $id")

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [.init(call: "GET /sandbox/v1/organizations/{org}/sources/{sourceId}/items (pshell's sandbox only)", privilege: sourceView)],
        fields: "What the sandbox has indexed: no Coveo API lists a source's items.", reference: "pshell")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        true
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.items(args)
        return .success
    }
}
