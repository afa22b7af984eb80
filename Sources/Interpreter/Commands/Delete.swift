import CoveoAPI
import Foundation

/// `delete`: delete a source and its items.
struct DeleteCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "delete", group: .sources, summary: "Delete a source and its items",
        positionals: [CommandSpec.source],
        options: [.init("yes", short: "y", help: "do not ask for confirmation"), outputOption],
        operation: "DELETE /rest/organizations/{org}/sources/{sourceId}",
        example: "delete $id --yes", details: "Asks to confirm at the prompt; scripts never ask.")

    static let explanation: Explanation? = Explanation(
        operations: [.init(call: "DELETE /rest/organizations/{org}/sources/{sourceId}", privilege: sourceEdit)],
        fields: "Deletes the source and every item in it.", reference: "reference section 3.5")

    static let callsTheAPI = true

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.delete(args)
        return .success
    }
}

extension Shell {
    func delete(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sourceID(args[CommandSpec.source], client: client)
        let go = try await confirmed(args) {
            let name = try SourceModel(try await client.getSource(id)).name
            return "Delete source '\(name)' (\(id)) and all its items? [y/N] "
        }
        guard go else { return }
        try await client.deleteSource(id)
        sourceCache?.removeAll { $0.id == id }
        summarize(["deleted": .string(id)], args, "Deleted \(id)")
    }
}
