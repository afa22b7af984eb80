/// `list`: list the organization's sources, one page at a time.
struct ListCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "list", group: .sources, summary: "List the organization's sources, one page at a time",
        positionals: [],
        options: [
            .init("filter", value: .text, valueName: "TEXT", help: "only sources whose name or id contains TEXT (2 characters or more)"),
            .init("page", value: .number, valueName: "N", help: "the page to show, from 0 (default 0)"),
            .init("per-page", value: .number, valueName: "N", help: "sources per page, 1 to 1000 (default 100)"),
            outputOption,
        ],
        operation: "GET /rest/organizations/{org}/sources/pages",
        example: "list --filter docs --per-page 10",
        details: "On a terminal: a table of id, name, visibility, status and documents. Piped: the page as JSON.")

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [.init(call: "GET /rest/organizations/{org}/sources/pages?filter=&page=&perPage=", privilege: sourceView)],
        fields: "sourceModels (one page), totalEntries, totalPages; pages count from 0; filter applies from 2 characters.",
        reference: "reference section 3.3")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        true
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.list(args)
        return .success
    }
}
