import CoveoAPI
import Foundation

/// `update`: change a source (read, change, write back the full model).
struct UpdateCommand: APICommand {
    static let spec = CommandSpec(
        name: "update", group: .sources, summary: "Change a source (read, change, write back the full model)",
        positionals: [CommandSpec.source],
        options: [
            .init(
                "visibility", value: .choice(visibilities), valueName: "PRIVATE|SECURED|SHARED",
                help: "the new visibility"),
            .init(
                "provider", value: .text, valueName: "ID", repeatable: true,
                help: "replace securityProviderReferences with these provider ids"),
            .init("body", value: .file, valueName: "JSON|@FILE", help: "fields to set, as JSON or @file.json"),
            .init(
                "name", value: .text, valueName: "NAME",
                help: "refused: a source's name cannot change (pshell says what to do instead)"),
            outputOption,
        ],
        operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}",
        example: "update $id --visibility SHARED",
        details: """
            Reads the source, applies the changes and PUTs the whole model back, so every field pshell does not
            know about is preserved. A change of name is refused: a source's name cannot change once created.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.getSource),
            .init(.updateSource),
        ],
        fields:
            "A PUT replaces the whole simple configuration: pshell sends back the model "
            + "it read, changed. The name cannot change.",
        reference: "'Creating a Push Type Source' (update with PUT)")

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        if let name = args.value("name") {
            throw ShellError.usage(
                "update: a source's name cannot change once it is created; nothing was sent. "
                    + SourceRules.renameWayOut(name))
        }
        let body = try context.inputs.body(args)
        guard args.value("visibility") != nil || args.has("provider") || body != nil else {
            throw ShellError.usage("update: nothing to change; give --visibility, --provider or --body")
        }
        let client = context.client
        let id = try await context.sources.id(of: args[CommandSpec.source], client: client)
        let current = try SourceModel(try await client.getSource(id))
        var model = current.json
        if let body {
            try SourceRules.refuseRename(of: .object(current.json), to: body, command: "update")
            if let bodyID = body["id"], bodyID.stringValue != id {
                throw ShellError.failure(
                    "update: the body's id \(JSONWriter.compact(bodyID)) is not '\(id)'; nothing was sent")
            }
            model = model.merging(body)
        }
        if let visibility = args.value("visibility") { model["sourceVisibility"] = .string(visibility) }
        if args.has("provider") {
            model["securityProviderReferences"] = .array(args.all("provider").map(JSON.string))
        }
        let updated = try await client.updateSource(id, .object(model))
        if current.visibility != SourceVisibility.secured.rawValue,
            let note = SourceRules.securedWithoutProvider(updated, name: current.name, id: id)
        {
            context.console.diagnose(.note, note)
        }
        return .value(updated)
    }
}
