import CoveoAPI
import Foundation

/// `items`: list the items the sandbox holds for a source (sandbox only).
struct ItemsCommand: APICommand {
    static let spec = CommandSpec(
        name: "items", group: .content, summary: "List the items the sandbox holds for a source (sandbox only)",
        positionals: [CommandSpec.source], options: [CommandSpec.pageOption("items")] + tableOptions,
        operation: "GET /sandbox/v1/organizations/{org}/sources/{sourceId}/items (pshell's sandbox)",
        example: "items $id")

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(
                call: "GET /sandbox/v1/organizations/{org}/sources/{sourceId}/items (pshell's sandbox only)",
                privilege: "PLATFORM / SOURCE / VIEW on {sourceId}")
        ],
        fields: "What the sandbox has indexed: no Coveo API lists a source's items.", reference: "pshell's sandbox")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let client = context.client
        let page = args.number("page")
        let sourceId = try await context.sources.id(of: args[CommandSpec.source], client: client)
        let result = try await context.sandboxRoutes.call(
            "items: only a pshell sandbox can list a source's items; on the platform use `logs`"
        ) {
            control throws(APIError) in try await control.items(sourceId, page: page, perPage: 1000, via: client)
        }
        let items = result["items"]?.arrayValue ?? []
        let rows = items.map { item -> [String] in
            [
                item["documentId"]?.stringValue ?? "", item["fields"]?["title"]?.stringValue ?? "",
                item["orderingId"]?.interpolationText ?? "",
            ]
        }
        let pending = result["pendingOperations"]?.intValue ?? 0
        let total = result["totalItems"]?.intValue ?? items.count
        let first = page * 1000
        var line =
            items.isEmpty && page > 0
            ? "no items on page \(page): \(total) item(s) indexed, pages 0 to \(max(0, (total - 1) / 1000))"
            : total <= items.count && page == 0
                ? "\(total) item(s) indexed" : "\(first + 1) to \(first + items.count) of \(total) item(s) indexed"
        line += ", \(pending) operation(s) not processed yet"
        if first + items.count < total { line += "; the next 1000: --page \(page + 1)" }
        return .table(
            result, Table(headers: ["DOCUMENT", "TITLE", "ORDERING ID"], rows: rows, note: line, empty: line))
    }
}
