import CoveoAPI
import Foundation

/// `region`: use Coveo's hosts in a region.
struct RegionCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "region", group: .connection, summary: "Use Coveo's hosts in a region",
        positionals: [.init("REGION", .choice(Region.allCases.map(\.rawValue)))], options: [], example: "region eu")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setRegion(args)
        return .success
    }
}

extension Shell {
    func setRegion(_ args: ParsedArguments) throws {
        guard let region = Region(rawValue: args.positionals[0]) else { return }
        session.region = region
        retarget(.coveo(region, session.environment))
    }
}
