import CoveoAPI
import Foundation

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

extension Shell {
    func setEnvironment(_ args: ParsedArguments) throws {
        guard let environment = PlatformEnvironment(rawValue: args.positionals[0]) else { return }
        session.environment = environment
        retarget(.coveo(session.region, environment))
    }
}
