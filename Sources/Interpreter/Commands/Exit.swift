/// `exit`: leave pshell or stop the script.
struct ExitCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "exit", group: .scripting, summary: "Leave pshell or stop the script",
        positionals: [.init("N", .number, optional: true)],
        options: [], example: "exit 0")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let text = args.positionals.first ?? "0"
        guard let status = Int32(text), (0...255).contains(status) else {
            throw ShellError.usage("exit: the status must be a whole number from 0 to 255, not '\(text)'")
        }
        return .exit(status)
    }
}
