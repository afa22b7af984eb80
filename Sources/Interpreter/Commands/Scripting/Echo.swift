/// `echo`: print words.
struct EchoCommand: ShellCommand {
    static let words = CommandSpec.Positional("WORDS", optional: true, variadic: true)

    static let spec = CommandSpec(
        name: "echo", group: .scripting, summary: "Print words",
        positionals: [words],
        options: [], example: "echo created $last.id", wordsOnly: true)

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.console.write(args.words(words).joined(separator: " ") + "\n")
        return .success
    }
}
