import CoveoAPI
import Foundation

/// `raw`: show a source's raw JSON configuration, or replace it.
struct RawCommand: APICommand {
    static let spec = CommandSpec(
        name: "raw", group: .sources, summary: "Show a source's raw JSON configuration, or replace it",
        positionals: [CommandSpec.source],
        options: [
            .init("put", value: .file, valueName: "@FILE", help: "replace the raw configuration with this file's"),
            outputOption,
        ],
        operation: "GET|PUT /rest/organizations/{org}/sources/{sourceId}/raw",
        example: "raw $id --output json", details: "Save it with --output json, edit, then `raw ID --put @file.json`.")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getRawSource), .init(.updateRawSource, note: "with --put")],
        fields:
            "The raw JSON configuration: configuration (security option, permissions, "
            + "parameters), mappings, securityProviderReferences.",
        reference: "Coveo's Source API specification (coveo-source.yml)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        !args.has("put")
    }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let client = context.client
        let id = try await context.sources.id(of: args[CommandSpec.source], client: client)
        guard let file = args.value("put") else { return .value(try await client.getRawSource(id)) }
        guard file.hasPrefix("@") else {
            throw ShellError.usage("raw: --put takes @FILE (a raw configuration, as `raw ID --output json` prints it)")
        }
        let label = "raw --put \(file)"
        let value = try context.inputs.jsonFile(String(file.dropFirst()), label: label).json
        let object = try Inputs.object(value, label: label)
        try SourceRules.refuseRename(of: try await client.getSource(id), to: object, command: "raw")
        return .value(try await client.updateRawSource(id, value))
    }
}
