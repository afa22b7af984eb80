import CoveoAPI
import Foundation

/// `status`: set a Push source's status (REBUILD/REFRESH/INCREMENTAL before a push, IDLE after).
struct StatusCommand: APICommand {
    static let status = CommandSpec.Positional("STATUS", .choice(["REBUILD", "REFRESH", "INCREMENTAL", "IDLE"]))

    static let spec = CommandSpec(
        name: "status", group: .content,
        summary: "Set a Push source's status (REBUILD/REFRESH/INCREMENTAL before a push, IDLE after)",
        positionals: [CommandSpec.source, status],
        options: [outputOption],
        operation: "POST /push/v1/organizations/{org}/sources/{sourceId}/status?statusType=",
        example: "status $id REBUILD")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.setSourceStatus, query: "?statusType=")],
        fields: "REBUILD, REFRESH or INCREMENTAL before a push, IDLE after it.",
        reference: "Coveo's Push API specification (coveo-push.yml)")

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let sourceId = try await context.sources.id(of: args[CommandSpec.source], client: context.client)
        let status = args[StatusCommand.status]
        try await context.client.setStatus(sourceId, status)
        return .summary(
            ["sourceId": .string(sourceId), "status": .string(status)], prose: "\(sourceId) is now \(status)")
    }
}
