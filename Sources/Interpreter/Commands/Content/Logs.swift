import CoveoAPI
import Foundation

/// `logs`: what the indexing pipeline did with each item, and why.
struct LogsCommand: APICommand {
    static let spec = CommandSpec(
        name: "logs", group: .content, summary: "What the indexing pipeline did with each item, and why",
        positionals: [CommandSpec.source],
        options: [
            .init("document", value: .text, valueName: "ID", help: "only this item's entries"),
            .init(
                "since", value: .time, valueName: "TIME",
                help: "from this time: ISO 8601, epoch ms, or a time ago (15m, 2h, 7d; default: one day ago)"),
            CommandSpec.pageOption("entries"),
        ] + tableOptions,
        operation: "POST /logs/v1/organizations/{org}?from=&to= (Source Logs API)",
        example: "logs $id --document https://example.com/a")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.searchLogs, query: "?from=&to=&page=&perPage= {\"sourcesIds\": [...]}")],
        fields: "Each entry: id (the item), operation, result (COMPLETED, REJECTED, ...), meta.reason, datetime.",
        reference: "Coveo's Source Logs API specification (coveo-source-logs.yml)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let now = context.clock.now()
        // `parse` has checked the form; a time ago counts from the clock's now.
        let since = args.value("since").flatMap { Moment.milliseconds($0, now: now) } ?? now - 24 * 3600 * 1000
        let page = args.number("page")
        let client = context.client
        let (sourceId, model) = try await context.sources.resolve(args[CommandSpec.source], client: client)
        // The Source Logs filter on the id and answer nothing for one that names no source: the source is read
        // first, so that a mistyped id is the platform's 404, not "no entries".
        if model == nil, !DryRun.isPlaceholder(sourceId) { _ = try await client.getSource(sourceId) }
        let result = try await client.logs(
            sourceId, documentId: args.value("document"), from: EpochMilliseconds.iso8601(since),
            to: EpochMilliseconds.iso8601(now + 60_000), page: page, perPage: 1000)
        let logs = try LogPage(result)
        let entries = logs.entries
        let rows = entries.map { entry in
            [entry.datetime ?? "", entry.operation ?? "", entry.result ?? "", entry.id ?? "", entry.reason ?? ""]
        }
        let more = logs.hasNextPage
        let range = "entries \(page * 1000 + 1) to \(page * 1000 + entries.count), oldest first"
        let next = more ? "; more follow: --page \(page + 1), or narrow with --since or --document" : "; the last"
        let onPage = page > 0 ? " on page \(page) (a page holds 1000; try a lower --page)" : ""
        return .table(
            result,
            Table(
                headers: ["TIME", "OPERATION", "RESULT", "DOCUMENT", "REASON"], rows: rows,
                note: more || page > 0 ? range + next : nil,
                empty: "No log entries\(onPage) since \(EpochMilliseconds.iso8601(since)).", idColumn: 3))
    }
}
