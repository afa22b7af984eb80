/// `echo`: print words.
struct EchoCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "echo", group: .scripting, summary: "Print words",
        positionals: [.init("WORDS", optional: true, variadic: true)],
        options: [], example: "echo created $last.id")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.console.write(args.positionals.joined(separator: " ") + "\n")
        return .success
    }
}
