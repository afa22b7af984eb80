/// `curl`: the last request as a curl command (the token as \.
struct CurlCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "curl", group: .teaching, summary: "The last request as a curl command (the token as \"$PSHELL_TOKEN\")",
        positionals: [], options: [], example: "curl")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.curl(args)
        return .success
    }
}
