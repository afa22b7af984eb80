/// `fails`: run a command that should fail: its error is shown and the script goes on.
struct FailsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "fails", group: .scripting,
        summary: "Run a command that should fail: its error is shown and the script goes on",
        positionals: [.init("COMMAND", .command), .init("ARGS", optional: true, variadic: true)], options: [],
        example: "fails update $id --body '{\"name\": \"Renamed\"}'",
        details: "If the command succeeds, `fails` fails. For lessons and tests that show an error on purpose.")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        // A prefix, handled before a command is looked up (`Shell.execute`): it never runs on its own.
        throw ShellError.usage("fails: missing COMMAND (usage: fails COMMAND [ARGS...])")
    }
}
