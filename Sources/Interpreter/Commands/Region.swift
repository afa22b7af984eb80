import CoveoAPI

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
