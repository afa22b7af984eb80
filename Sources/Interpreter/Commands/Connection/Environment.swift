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
        try shell.setEnvironment(args)
        return .success
    }
}

extension Shell {
    func setEnvironment(_ args: ParsedArguments) throws {
        let environment = args.choice(EnvironmentCommand.environment, as: PlatformEnvironment.self)
        session.environment = environment
        retarget(.coveo(session.region, environment))
    }
}
