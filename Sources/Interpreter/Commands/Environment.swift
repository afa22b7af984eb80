import CoveoAPI

/// `environment`: use a Coveo environment.
struct EnvironmentCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "environment", group: .connection, summary: "Use a Coveo environment",
        positionals: [.init("ENVIRONMENT", .choice(PlatformEnvironment.allCases.map(\.rawValue)))], options: [],
        example: "environment hipaa")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setEnvironment(args)
        return .success
    }
}
