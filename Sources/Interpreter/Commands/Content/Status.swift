import CoveoAPI
import Foundation

/// `status`: set a Push source's status (REBUILD/REFRESH/INCREMENTAL before a push, IDLE after).
struct StatusCommand: ShellCommand {
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

    static let callsTheAPI = true

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.setStatus(args)
        return .success
    }
}

extension Shell {
    func setStatus(_ args: ParsedArguments) async throws {
        let client = try await client()
        let sourceId = try await sources.id(of: args[CommandSpec.source], client: client)
        let status = args[StatusCommand.status]
        try await client.setStatus(sourceId, status)
        summarize(["sourceId": .string(sourceId), "status": .string(status)], args, "\(sourceId) is now \(status)")
    }
}
