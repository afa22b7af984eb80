import CoveoAPI
import Foundation

/// `get`: show a source's model.
struct GetCommand: ShellCommand {
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

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.get(args)
        return .success
    }
}

extension Shell {
    func get(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sources.id(of: args[CommandSpec.source], client: client)
        emit(try await client.getSource(id), args)
    }
}
