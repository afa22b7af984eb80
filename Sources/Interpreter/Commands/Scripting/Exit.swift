/// `exit`: leave pshell or stop the script.
struct ExitCommand: ShellCommand {
    static let code = CommandSpec.Positional("STATUS", .number(min: 0, max: 255), optional: true)

    static let spec = CommandSpec(
        name: "exit", group: .scripting, summary: "Leave pshell or stop the script",
        positionals: [code],
        options: [], example: "exit 0")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        // `parse` has checked the status is from 0 to 255.
        .exit(args.word(code).flatMap { Int32($0) } ?? 0)
    }
}
