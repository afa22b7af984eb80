import CoveoAPI
import Foundation

/// `region`: use Coveo's hosts in a region.
struct RegionCommand: ShellCommand {
    static let region = CommandSpec.Positional("REGION", .choice(Region.allCases.map(\.rawValue)))

    static let spec = CommandSpec(
        name: "region", group: .connection, summary: "Use Coveo's hosts in a region",
        positionals: [region], options: [], example: "region eu")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let region = args.choice(RegionCommand.region, as: Region.self)
        shell.session.region = region
        shell.retarget(.coveo(region, shell.session.environment))
        return .success
    }
}
