/// `endpoint`: use custom platform and Push hosts.
struct EndpointCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "endpoint", group: .connection, summary: "Use custom platform and Push hosts",
        positionals: [],
        options: [
            .init("platform", value: .text, valueName: "URL", help: "the platform base URL (Source API)"),
            .init("push", value: .text, valueName: "URL", help: "the Push API base URL (default: the region's)"),
        ],
        example: "endpoint --platform https://myorg.admin.org.coveo.com",
        details: "Plain http is refused except to this machine (127.0.0.1, localhost).")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setEndpoint(args)
        return .success
    }
}
