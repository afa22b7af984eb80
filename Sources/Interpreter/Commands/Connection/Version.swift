/// `version`: the release and the commit this pshell was built from, as `pshell --version` prints them (for a bug
/// report written from the prompt).
struct VersionCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "version", group: .connection, summary: "Show pshell's version and the commit it was built from",
        positionals: [], options: [], example: "version")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.console.write("pshell \(shell.options.version)\n")
        return .success
    }
}
