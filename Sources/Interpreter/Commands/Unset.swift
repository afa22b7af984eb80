/// `unset`: remove a variable.
struct UnsetCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "unset", group: .scripting, summary: "Remove a variable", positionals: [.init("NAME")], options: [],
        example: "unset id")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.session.variables[args.positionals[0]] = nil
        return .success
    }
}
