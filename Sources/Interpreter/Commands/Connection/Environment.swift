import CoveoAPI
import Foundation

/// `environment`: use a Coveo environment.
struct EnvironmentCommand: ShellCommand {
    static let environment = CommandSpec.Positional(
        "ENVIRONMENT", .choice(PlatformEnvironment.allCases.map(\.rawValue)))

    static let spec = CommandSpec(
        name: "environment", group: .connection, summary: "Use a Coveo environment",
        positionals: [environment], options: [],
        example: "environment hipaa")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let environment = args.choice(EnvironmentCommand.environment, as: PlatformEnvironment.self)
        shell.session.environment = environment
        shell.retarget(.coveo(shell.session.region, environment))
        return .success
    }
}
