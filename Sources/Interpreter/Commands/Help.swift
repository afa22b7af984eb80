/// `help`: list commands, or show one command's usage and operation.
struct HelpCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "help", group: .scripting, summary: "List commands, or show one command's usage and operation",
        positionals: [.init("COMMAND", .command, optional: true)], options: [], example: "help create")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.help(args)
        return .success
    }
}
