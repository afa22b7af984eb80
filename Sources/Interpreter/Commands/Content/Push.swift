import CoveoAPI
import Foundation

/// `push`: add or update one item, or many from @FILE or @DIR (accepted is not indexed: see --wait).
struct PushCommand: APICommand {
    static let item = CommandSpec.Positional("DOCUMENT_ID|@FILE|@DIR")

    static let spec = CommandSpec(
        name: "push", group: .content,
        summary: "Add or update one item, or many from @FILE or @DIR (accepted is not indexed: see --wait)",
        positionals: [CommandSpec.source, item],
        options: [
            .init("title", value: .text, valueName: "TEXT", help: "the item's title"),
            .init("data", value: .text, valueName: "TEXT", help: "the item's searchable text"),
            .init("file", value: .file, valueName: "PATH", help: "a UTF-8 text file to send as the item's data"),
            .init(
                "meta", value: .text, valueName: "KEY=VALUE", repeatable: true,
                help: "a metadata value (a key given twice makes a list)"),
            CommandCatalog.allowOption, CommandCatalog.denyOption,
            .init("anyone", help: "anonymous users may see the item"),
            .init("parent", value: .text, valueName: "ID", help: "the item this one is attached to"),
            .init(
                "ordering-id", value: .number(min: 0), valueName: "N",
                help: "the operation's orderingId (default: now, in epoch ms)"),
            .init(
                "no-create-fields",
                help: "do not create the fields the items' metadata needs (metadata without a "
                    + "field is not searchable)"),
            .init("wait", help: "wait until the item is indexed or rejected, and say which"),
            .init(
                "wait-timeout", value: .number(min: 1), valueName: "SECONDS",
                help: "how long --wait waits (default 60, 300 for files)", requires: "wait"),
            .init(
                "batch-size", value: .number(min: 1, max: 256), valueName: "MB", default: 4,
                help: "with @FILE: file containers of at most this size, 1 to 256 (pshell holds two at once)"
            ),
            .init(
                "status", value: .choice(["REBUILD", "REFRESH"]), valueName: "REBUILD|REFRESH",
                help: "with @FILE: set this status first and IDLE at the end"),
            outputOption,
        ],
        operation: "PUT /push/v1/organizations/{org}/sources/{sourceId}/documents?documentId=",
        example: "push $id https://example.com/a --title \"A\" --data \"searchable text\" --anyone --wait",
        details: """
            The Push API answers 202 Accepted: the item is queued, not indexed, and may still be rejected
            (an orderingId older than the item's, attachments nested twice, bad permissions). --wait follows
            the Source Logs until the platform says what became of it.
            With @FILE or @DIR, items come from JSON (an object or an array) or NDJSON (.ndjson, .jsonl) files in the
            Coveo CLI's format (documentId or uri, title, known keys, the rest metadata), streamed into file
            containers; bad items are reported with their file and line or index, and the rest still go.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.putItem, query: "?documentId=", note: "one item"),
            .init(
                .createFileContainer,
                note: "@FILE: a container, then PUT uploadUri with S3's headers; the key must also be one that may push"
            ),
            .init(.pushItemBatch, query: "?fileId=", note: "@FILE"),
            .init(
                CoveoOperation.sourceFields.createBatch,
                note: "the fields the metadata needs, unless --no-create-fields"),
            .init(.setSourceStatus, query: "?statusType=", note: "with --status"),
            .init(.countLogs, note: "with --wait"), .init(.searchLogs, note: "with --wait: the entries not completed"),
        ],
        fields:
            "data or compressedBinaryData, title, permissions, metadata; the answer "
            + "is 202 Accepted: queued, not indexed (see --wait, logs).",
        reference: "'add content to your custom source'; Coveo's Push API specification (coveo-push.yml)")

    static let callsTheAPI = true
    /// An item with no permissions in a SECURED source is indexed and seen by no one: said before it is sent.
    private static func warnIfSecured(
        _ sourceId: String, read model: JSON?, _ documentId: String, _ context: CommandContext
    ) async throws {
        guard !DryRun.isPlaceholder(sourceId) else { return }
        // Found by name, the source was read already; given by id, it is read now.
        let source: SourceModel
        if let model {
            source = try SourceModel(model)
        } else {
            source = try SourceModel(try await context.client.getSource(sourceId))
        }
        guard source.visibility == SourceVisibility.secured.rawValue else { return }
        context.console.diagnose(
            .warning,
            "'\(source.name)' is SECURED and \(documentId) has no permissions: once indexed, no one will see it "
                + "(give --allow IDENTITY, --deny IDENTITY or --anyone)")
    }

    /// The fields an item's metadata needs: only `--meta` gives it any (without it, the fields are not read). The
    /// source is read before a field is made: a mistyped source is its 404, and changes nothing.
    private static func createFields(
        for body: JSONObject, _ args: ParsedArguments, source: (id: String, model: JSON?), _ context: CommandContext
    ) async throws {
        guard !args.all("meta").isEmpty else { return }
        if source.model == nil, !DryRun.isPlaceholder(source.id) { _ = try await context.client.getSource(source.id) }
        let fields = context.fields
        var planner = try await fields.planner(args)
        planner?.add(body)
        try await fields.createPlanned(&planner)
        fields.reportProblems(planner)
    }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let documentId = args[item]
        if documentId.hasPrefix("@") { return try await BatchPush.run(args, documentId, context) }
        for option in ["batch-size", "status"] where args.has(option) {
            throw ShellError.usage("push: --\(option) goes with @FILE or @DIR")
        }
        var (body, largeBinary) = try context.inputs.itemBody(args)
        let orderingId = args.optionalNumber("ordering-id").map(Int64.init)
        let (client, clock) = (context.client, context.clock)
        let (sourceId, model) = try await context.sources.resolve(args[CommandSpec.source], client: client)
        // The warning's read builds no request: a dry run sends only the reads a request is built from.
        if body["permissions"] == nil, !context.dryRun {
            try await warnIfSecured(sourceId, read: model, documentId, context)
        }
        if let largeBinary {
            // Over the single-request limit: the content travels in a file container, never as a 413.
            let fileId = try await client.uploadToNewContainer(largeBinary)
            body["compressedBinaryDataFileId"] = .string(fileId)
        }
        try await createFields(for: body, args, source: (sourceId, model), context)
        let started = clock.now()
        let earlier =
            waits(args, context)
            ? Set(
                try await ItemOutcomes(client: client, clock: clock).finalEntries(
                    sourceId, documentId, since: started - 1000, orderingId: orderingId
                ).keys
            )
            : []
        try await client.pushDocument(sourceId, documentId: documentId, body: .object(body), orderingId: orderingId)
        guard waits(args, context) else {
            let summary = CommandResult.summary(
                ["sourceId": .string(sourceId), "documentId": .string(documentId), "result": "ACCEPTED"],
                prose: (context.dryRun ? "dry run: would push " : "accepted ") + documentId)
            guard !context.dryRun else { return summary }
            return .followed(
                summary,
                note: "accepted is not indexed; `logs \(Tokenizer.quote(args[CommandSpec.source])) --document "
                    + "\(Tokenizer.quote(documentId))` says what became of it, or push with --wait")
        }
        let limit = Double(args.optionalNumber("wait-timeout") ?? 60)
        let entry = try await ItemOutcomes(client: client, clock: clock).waitForOutcome(
            sourceId, documentId, since: started - 1000, orderingId: orderingId, earlier: earlier, limit: limit)
        let result = entry["result"]?.stringValue ?? "?"
        guard result != "COMPLETED" else { return .summary(entry, prose: "indexed \(documentId)") }
        let reason = entry["meta"]?["reason"]?.stringValue ?? "no reason given"
        return .followed(.kept(entry), failure: .failure("\(documentId) was \(result.lowercased()): \(reason)"))
    }

    /// `--wait`, unless this is a dry run: nothing was pushed, so nothing can be waited for.
    private static func waits(_ args: ParsedArguments, _ context: CommandContext) -> Bool {
        args.has("wait") && !context.dryRun
    }
}
