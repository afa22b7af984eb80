/// `token`: set the access token (prompts with echo off).
struct TokenCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "token", group: .connection, summary: "Set the access token (prompts with echo off)",
        positionals: [],
        options: [
            .init("env", value: .text, valueName: "NAME", help: "read the token from an environment variable"),
            .init("clear", help: "forget the token"),
        ],
        example: "token --env COVEO_API_KEY",
        details: "A token is never taken as an argument: it would end up in history and in `ps`.")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setToken(args)
        return .success
    }
}
