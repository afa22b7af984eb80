import CoveoAPI
import Foundation

/// `region`: use Coveo's hosts in a region.
struct RegionCommand: ShellCommand {
    static let region = CommandSpec.Positional("REGION", .choice(Region.allCases.map(\.rawValue)))

    static let spec = CommandSpec(
        name: "region", group: .connection, summary: "Use Coveo's hosts in a region",
        positionals: [region], options: [], example: "region eu")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setRegion(args)
        return .success
    }
}

extension Shell {
    func setRegion(_ args: ParsedArguments) throws {
        let region = args.choice(RegionCommand.region, as: Region.self)
        session.region = region
        retarget(.coveo(region, session.environment))
    }
}
