import CoveoAPI
import Foundation

/// `remove`: delete an item (and its children), or every item older than a time.
struct RemoveCommand: APICommand {
    static let document = CommandSpec.Positional("DOCUMENT_ID", optional: true)

    static let spec = CommandSpec(
        name: "remove", group: .content, summary: "Delete an item (and its children), or every item older than a time",
        positionals: [CommandSpec.source, document],
        options: [
            .init("children", help: "also delete the items whose id starts with DOCUMENT_ID/"),
            .init("ordering-id", value: .number(min: 0), valueName: "N", help: "the operation's orderingId"),
            .init(
                "older-than", value: .time, valueName: "TIME",
                help: "delete every item last pushed before this time (ISO 8601, epoch ms, or a time ago: 7d)"),
            .init(
                "queue-delay", value: .number(min: 0, max: Int(Int32.max)), valueName: "MINUTES",
                help: "with --older-than: grace period (default 15)"),
            .init("force", help: "allow an --older-than in the future (it blocks the source until then)"),
            .init("yes", short: "y", help: "do not ask for confirmation"),
            outputOption,
        ],
        operation: "DELETE /push/v1/organizations/{org}/sources/{sourceId}/documents[/olderthan]",
        example: "remove $id https://example.com/folder --children",
        details:
            "An --older-than in the future is refused: the documentation warns it blocks the source until that time.")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.deleteItem, query: "?documentId="), .init(.deleteOlderItems, query: "?orderingId=")],
        fields: "documentId and deleteChildren, or orderingId and queueDelay; a future orderingId blocks the source.",
        reference: "Coveo's Push API specification (coveo-push.yml)")

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let client = context.client
        let sourceId = try await context.sources.id(of: args[CommandSpec.source], client: client)
        if let text = args.value("older-than") {
            guard args.word(document) == nil else {
                throw ShellError.usage("remove: give DOCUMENT_ID or --older-than, not both")
            }
            let now = context.clock.now()
            guard let orderingId = Moment.milliseconds(text, now: now) else {
                preconditionFailure("parse checks --older-than's form")
            }
            if orderingId > now + 60_000, !args.has("force") {
                throw ShellError.failure(
                    "remove: refusing --older-than \(EpochMilliseconds.iso8601(orderingId)), "
                        + "which is in the future: the source would reject every item until then, "
                        + "and only recreating it undoes that (--force if you mean it)"
                )
            }
            let time = EpochMilliseconds.iso8601(orderingId)
            let question = "Delete every item of \(sourceId) last pushed before \(time)? [y/N] "
            guard try await context.confirmation.confirmed(args, { question }) else { return .nothing }
            let delay = args.optionalNumber("queue-delay")
            try await client.deleteOlderThan(sourceId, orderingId: orderingId, queueDelay: delay)
            let summary: JSON = [
                "sourceId": .string(sourceId), "accepted": "deleteOlderThan", "orderingId": .int64(orderingId),
                "olderThan": .string(time),
            ]
            return .summary(summary, prose: "accepted: delete items older than \(time)")
        }
        guard let documentId = args.word(document) else {
            throw ShellError.usage("remove: give DOCUMENT_ID or --older-than TIME")
        }
        try await client.deleteDocument(
            sourceId, documentId: documentId, deleteChildren: args.has("children"),
            orderingId: args.optionalNumber("ordering-id").map(Int64.init))
        let summary: JSON = [
            "sourceId": .string(sourceId), "accepted": "delete", "documentId": .string(documentId),
            "children": .bool(args.has("children")),
        ]
        return .summary(
            summary, prose: "accepted: delete \(documentId)\(args.has("children") ? " and its children" : "")")
    }
}
