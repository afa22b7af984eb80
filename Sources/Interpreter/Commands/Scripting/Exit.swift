/// `exit`: leave pshell or stop the script.
struct ExitCommand: ShellCommand {
    static let code = CommandSpec.Positional("N", .number, optional: true)

    static let spec = CommandSpec(
        name: "exit", group: .scripting, summary: "Leave pshell or stop the script",
        positionals: [code],
        options: [], example: "exit 0")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let text = args.word(code) ?? "0"
        guard let status = Int32(text), (0...255).contains(status) else {
            throw ShellError.usage("exit: the status must be a whole number from 0 to 255, not '\(text)'")
        }
        return .exit(status)
    }
}
