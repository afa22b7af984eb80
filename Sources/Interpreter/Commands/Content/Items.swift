import CoveoAPI
import Foundation

/// `items`: list the items the sandbox holds for a source (sandbox only).
struct ItemsCommand: ShellCommand {
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

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let client = try await shell.client()
        let page = args.number("page")
        let sourceId = try await shell.sources.id(of: args[CommandSpec.source], client: client)
        let result = try await shell.sandboxOnly(
            "items: only a pshell sandbox can list a source's items; on the platform use `logs`"
        ) {
            control throws(APIError) in try await control.items(sourceId, page: page, perPage: 1000, via: client)
        }
        shell.session.last = result
        guard shell.wantsTable(args) else {
            shell.console.write(shell.renderer.json(result, format: shell.format(args)) + "\n")
            return .success
        }
        let items = result["items"]?.arrayValue ?? []
        let pending = result["pendingOperations"]?.intValue ?? 0
        if !items.isEmpty || !shell.isHumanOutput(args) {
            let rows = items.map { item -> [String] in
                [
                    item["documentId"]?.stringValue ?? "", item["fields"]?["title"]?.stringValue ?? "",
                    item["orderingId"]?.interpolationText ?? "",
                ]
            }
            try shell.showTable(headers: ["DOCUMENT", "TITLE", "ORDERING ID"], rows: rows, args)
        }
        // `-q` prints ids and nothing else: a loop reads every line it prints.
        guard shell.isHumanOutput(args), !args.has("quiet") else { return .success }
        let total = result["totalItems"]?.intValue ?? items.count
        let first = page * 1000
        var line =
            items.isEmpty && page > 0
            ? "no items on page \(page): \(total) item(s) indexed, pages 0 to \(max(0, (total - 1) / 1000))"
            : total <= items.count && page == 0
                ? "\(total) item(s) indexed" : "\(first + 1) to \(first + items.count) of \(total) item(s) indexed"
        line += ", \(pending) operation(s) not processed yet"
        if first + items.count < total { line += "; the next 1000: --page \(page + 1)" }
        shell.console.write(shell.renderer.dim(shell.renderer.wrapped(line)) + "\n")
        return .success
    }
}
