import CoveoAPI
import Foundation

/// `get`: show a source's model.
struct GetCommand: APICommand {
    static let spec = CommandSpec(
        name: "get", group: .sources, summary: "Show a source's model",
        positionals: [CommandSpec.source], options: [outputOption],
        operation: "GET /rest/organizations/{org}/sources/{sourceId}",
        example: "get $last.id", details: "SOURCE is a source id, or the exact name of a source.")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getSource)],
        fields:
            "The source model: id, name, sourceVisibility, securityProviderReferences, "
            + "information.sourceStatus, numberOfDocuments.",
        reference: "coveo-source.yml, getSource")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let id = try await context.sources.id(of: args[CommandSpec.source], client: context.client)
        return .value(try await context.client.getSource(id))
    }
}
