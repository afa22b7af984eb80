/// `unset`: remove a variable.
struct UnsetCommand: ShellCommand {
    static let name = CommandSpec.Positional("NAME")

    static let spec = CommandSpec(
        name: "unset", group: .scripting, summary: "Remove a variable", positionals: [name], options: [],
        example: "unset id")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.session.variables[args[name]] = nil
        return .success
    }
}
