/// `session`: show the session: target, hosts, organization, token (masked).
struct SessionCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "session", group: .connection, summary: "Show the session: target, hosts, organization, token (masked)",
        positionals: [], options: [], example: "session")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.showSession()
        return .success
    }
}
