import CoveoAPI
import Foundation

/// `list`: list the organization's sources, one page at a time.
struct ListCommand: APICommand {
    static let spec = CommandSpec(
        name: "list", group: .sources, summary: "List the organization's sources, one page at a time",
        positionals: [],
        options: [
            .init(
                "filter", value: .text, valueName: "TEXT",
                help: "only sources whose name or id contains TEXT (2 characters or more)"),
            .init("page", value: .number(min: 0), valueName: "N", default: 0, help: "the page to show, from 0"),
            .init(
                "per-page", value: .number(min: 1, max: 1000), valueName: "N", default: 100,
                help: "sources per page, 1 to 1000"),
            .init("all", help: "every page, one request per page (--per-page of them)"),
        ] + tableOptions,
        operation: "GET /rest/organizations/{org}/sources/pages",
        example: "list --filter docs --per-page 10",
        details: """
            On a terminal: a table of id, name, visibility, status and documents. Piped: the page as JSON \
            (--output csv or tsv for the table, --quiet for the ids alone, --all for every page).
            """)

    static let explanation: Explanation? = Explanation(
        operations: [.init(.listSourcePages, query: "?filter=&page=&perPage=")],
        fields:
            "sourceModels (one page), totalEntries, totalPages; pages count from 0; filter applies from 2 characters.",
        reference: "Coveo's Source API specification (coveo-source.yml)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let page = args.number("page")
        let perPage = args.number("per-page")
        if args.has("all"), args.has("page") {
            throw ShellError.usage("list: --all reads every page; leave out --page")
        }
        let filter = args.value("filter")
        let client = context.client
        let result =
            args.has("all")
            ? try await allSources(client, filter: filter, perPage: perPage)
            : try await client.listSources(filter: filter, page: page, perPage: perPage)
        let answer = try SourcePage(result)
        let models = answer.models
        let total = answer.totalEntries ?? models.count
        let pages = answer.totalPages ?? 1
        let rows = try models.map(SourceModel.init).map { source -> [String] in
            [
                source.id, source.name, source.visibility ?? "", source.status ?? "",
                source.numberOfDocuments?.interpolationText ?? "",
            ]
        }
        let noun = total == 1 ? "source" : "sources"
        return .table(
            result,
            Table(
                headers: ["ID", "NAME", "VISIBILITY", "STATUS", "DOCUMENTS"], rows: rows,
                note: args.has("all")
                    ? nil
                    : pages <= 1
                        ? "\(total) \(noun), one page"
                        : "\(total) \(noun), page \(page) of pages 0 to \(pages - 1) "
                            + "(--page N for another, --all for every one)",
                empty: total == 0
                    ? "No sources."
                    : "No sources on page \(page) (there \(pages == 1 ? "is 1 page" : "are \(pages) pages"))."))
    }

    /// `list --all`: page after page until the last, as one answer (`sourceModels` of every page).
    private static func allSources(_ client: CoveoClient, filter: String?, perPage: Int) async throws -> JSON {
        var models: [JSON] = []
        var page = 0
        var total = 0
        while true {
            let answer = try SourcePage(await client.listSources(filter: filter, page: page, perPage: perPage))
            let pageModels = answer.models
            models += pageModels
            total = answer.totalEntries ?? models.count
            let pages = answer.totalPages ?? 1
            page += 1
            if page >= pages || pageModels.isEmpty { break }
        }
        return ["sourceModels": .array(models), "totalEntries": .int(total), "totalPages": .int(page)]
    }
}
