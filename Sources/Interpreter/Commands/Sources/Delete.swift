import CoveoAPI
import Foundation

/// `delete`: delete a source and its items.
struct DeleteCommand: APICommand {
    static let spec = CommandSpec(
        name: "delete", group: .sources, summary: "Delete a source and its items",
        positionals: [CommandSpec.source],
        options: [
            .init("yes", short: "y", help: "do not ask for confirmation"),
            .init("keep-provider", help: "keep the source's security identity provider even if nothing else uses it"),
            outputOption,
        ],
        operation: "DELETE /rest/organizations/{org}/sources/{sourceId}",
        example: "delete $id --yes",
        details: """
            Asks to confirm at the prompt; scripts never ask. A provider the source references and no other source
            does is deleted with it (asked at the prompt; --keep-provider keeps it): left behind, it would count
            against the organization's providers limit and be found by no one.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.getSource), .init(.deleteSource),
            .init(.deleteProvider, note: "the source's provider, when no other source uses it"),
        ],
        fields: "Deletes the source and every item in it.",
        reference: "Coveo's Source API specification (coveo-source.yml)")

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let client = context.client
        let id = try await context.sources.id(of: args[CommandSpec.source], client: client)
        let source = try SourceModel(try await client.getSource(id))
        let go = try await context.confirmation.confirmed(args) {
            "Delete source '\(source.name)' (\(id)) and all its items? [y/N] "
        }
        guard go else { return .nothing }
        let orphans = args.has("keep-provider") ? [] : await providersOnlyUsed(by: source, client)
        try await client.deleteSource(id)
        context.sources.removed(id: id)
        var deleted: [JSON] = []
        for provider in orphans {
            // Asked as the source was (scripts and --yes do not ask): what no other source uses goes by default.
            let goes = try await context.confirmation.confirmed(args, declined: "Kept '\(provider)'.") {
                "Also delete its security identity provider '\(provider)', which no other source references? [y/N] "
            }
            guard goes else { continue }
            do {
                try await client.deleteProvider(provider)
            } catch {
                throw ShellError.failure(
                    "deleted source \(id), but not its provider '\(provider)' (\(error)); to finish: "
                        + "`provider delete \(Tokenizer.quote(provider)) --yes`")
            }
            deleted.append(.string(provider))
            context.console.diagnose(
                .note,
                "deleted its security identity provider '\(provider)' too: no other source referenced it "
                    + "(--keep-provider keeps it)")
        }
        return .summary(["deleted": .string(id), "deletedProviders": .array(deleted)], prose: "Deleted \(id)")
    }

    /// The providers a source references that no other source does (read before it goes); a provider that cannot
    /// be read is left alone, and so is an Email Security Provider, which is the organization's, built in.
    private static func providersOnlyUsed(by source: SourceModel, _ client: CoveoClient) async -> [String] {
        var orphans: [String] = []
        for provider in source.providerReferences {
            guard let model = try? await client.getProvider(provider), model["type"]?.stringValue != "EMAIL" else {
                continue
            }
            let others = (model["referencedBy"]?.arrayValue ?? []).filter { $0["id"]?.stringValue != source.id }
            if others.isEmpty { orphans.append(provider) }
        }
        return orphans
    }
}
