/// `explain`: the API operations behind a command, their privileges, fields and sources.
struct ExplainCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "explain", group: .teaching, summary: "The API operations behind a command, their privileges, fields and sources",
        positionals: [.init("COMMAND", .command)], options: [], example: "explain create")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.explain(args)
        return .success
    }
}
