import CoveoAPI
import Foundation

/// `stream`: a Catalog source's Stream API: load the whole catalog, update, merge or partially update items from
/// files, or remove what is older than a time.
struct StreamCommand: APICommand {
    static let action = CommandSpec.Positional(
        "load|update|merge|partial|remove", .choice(["load", "update", "merge", "partial", "remove"]),
        noun: "the action")
    static let files = CommandSpec.Positional("@FILE|@DIR", .file, optional: true)
    /// The actions that send items from files.
    static let sending = ["load", "update", "merge", "partial"]

    static let spec = CommandSpec(
        name: "stream", group: .content,
        summary: "Load, update, merge or partially update a Catalog source's items from files (the Stream API)",
        positionals: [CommandSpec.source, action, files],
        options: [
            .init(
                "older-than", value: .time, valueName: "TIME",
                help: "delete every item last indexed before this time (ISO 8601, epoch ms, a time ago: 7d)",
                actions: ["remove"]),
            .init(
                "queue-delay", value: .number(min: 0, max: Int(Int32.max)), valueName: "MINUTES",
                help: "grace period (default 15)", actions: ["remove"]),
            .init(
                "yes", short: "y", help: "do not ask (a script must say --yes: these delete items)",
                actions: ["load", "remove"]),
            .init(
                "no-create-fields",
                help: "do not create the fields the items' metadata needs (metadata with no field is not searchable)",
                actions: sending),
            .init(
                "wait", help: "wait until every item is indexed or rejected, and say which", actions: sending),
            .init(
                "wait-timeout", value: .number(min: 1), valueName: "SECONDS",
                help: "how long --wait waits (default 300)", actions: sending, requires: "wait"),
            .init(
                "batch-size", value: .number(min: 1, max: 256), valueName: "MB", default: 4,
                help: "file containers of at most this size, 1 to 256 (pshell holds two at once)", actions: sending),
            outputOption,
        ],
        operation: "POST|PUT /push/v1/organizations/{org}/sources/{sourceId}/stream/...",
        example: "stream Products load @catalog.ndjson --yes --wait",
        details: """
            A Catalog source (create NAME --catalog) takes its items through the Stream API, from JSON or NDJSON
            files in the Coveo CLI's format, streamed into file containers as push @FILE does:
              load      opens a stream, sends each container as a chunk, closes it: the source then holds exactly
                        the items the files carry, and every other item is deleted (asks first; --yes in a script)
              update    whole items added or replaced; the others stay (Coveo's recommended way to change a catalog)
              merge     each item's fields replace the item's own, its other fields stay (a shallow merge)
              partial   entries {documentId, operator, field, value}, operator one of fieldValueReplace,
                        arrayAppend, arrayRemove, dictionaryPut, dictionaryRemove: one field of an existing item
              remove    --older-than TIME: every item last indexed before then
            Like a push, each is accepted first and indexed later: --wait follows the Source Logs.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.openStream, note: "load"), .init(.streamChunk, note: "load: a container for each chunk"),
            .init(.closeStream, note: "load: items the stream did not carry are deleted"),
            .init(
                .createFileContainer,
                note: "update, merge, partial: a container, then PUT uploadUri (the key must be one that may push)"),
            .init(.streamUpdate, query: "?fileId=", note: "update and partial"),
            .init(.streamMerge, query: "?fileId=", note: "merge"),
            .init(.streamDeleteOlderThan, note: "remove"),
            .init(CoveoOperation.sourceFields.createBatch, note: "the fields the metadata needs"),
            .init(.countLogs, note: "with --wait"), .init(.searchLogs, note: "with --wait: the entries not completed"),
        ],
        fields:
            "chunks and containers hold {\"addOrUpdate\": [...]}, {\"addOrMerge\": [...]} or {\"partialUpdate\": "
            + "[...]}; the answers are {orderingId, requestId}: accepted, not indexed.",
        reference: "'Stream your catalog data to your source' and 'Partial catalog data updates' (docs.coveo.com)")

    static let callsTheAPI = true

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let client = context.client
        let verb = args[action]
        let (sourceId, read) = try await context.sources.resolve(args[CommandSpec.source], client: client)
        // The source is read first: a Push source (or a mistyped one) is said before anything is sent.
        var json = read
        if json == nil, !DryRun.isPlaceholder(sourceId) { json = try await client.getSource(sourceId) }
        let model = try json.map { json throws in try SourceModel(json) }
        if let model { try checkCatalog(model) }
        if verb == "remove" {
            if args.has("wait") { throw ShellError.usage("stream: --wait goes with load, update, merge and partial") }
            return try await remove(args, sourceId, context)
        }
        guard let reference = args.word(files), reference.hasPrefix("@") else {
            throw ShellError.usage("stream: \(verb) takes the items as @FILE or @DIR")
        }
        // The files first: a question about deleting the catalog is not asked for a file that is not there.
        guard FileManager.default.fileExists(atPath: context.inputs.path(String(reference.dropFirst()))) else {
            throw ShellError.failure("stream: \(reference): no such file or folder")
        }
        var destination: BatchPush.Destination
        switch verb {
        case "load":
            guard try await confirmLoad(args, sourceId, model, context) else { return .nothing }
            let opened = try await client.openStream(sourceId)
            destination = .streamLoad(streamId: opened["streamId"]?.stringValue ?? "")
        case "merge": destination = .streamMerge
        case "partial": destination = .streamPartial
        default: destination = .streamUpdate
        }
        var batch = BatchPush(
            client: client, console: context.console, clock: context.clock, inputs: context.inputs,
            fields: context.fields, dryRun: context.dryRun, showsProse: context.format(args) == .auto)
        batch.destination = destination
        let outcome = try await batch.push(args, reference, sources: context.sources, resolved: (sourceId, json))
        var summary = outcome.summary
        summary["operation"] = .string(verb)
        return .followed(.summary(summary, prose: outcome.prose), failure: outcome.failure)
    }

    /// Streams go to Catalog sources with the Stream API on: a Push source is told where its items go instead.
    private static func checkCatalog(_ model: SourceModel) throws {
        let name = model.name
        guard model.sourceType == "CATALOG" else {
            throw ShellError.failure(
                "stream: '\(name)' is a \(model.sourceType ?? "PUSH") source; streams go to Catalog "
                    + "sources (create NAME --catalog); its items go with push")
        }
        guard model.streamEnabled else {
            throw ShellError.failure(
                "stream: '\(name)' is a Catalog source without the Stream API (streamEnabled is false); "
                    + "update it with --body '{\"streamEnabled\": true}' first")
        }
    }

    /// A load deletes every item its files do not carry: said, with how many the source holds, and asked at the
    /// prompt; a script (no one to ask) must say --yes.
    private static func confirmLoad(
        _ args: ParsedArguments, _ sourceId: String, _ model: SourceModel?, _ context: CommandContext
    ) async throws -> Bool {
        let held = model?.numberOfDocuments?.intValue
        // Coveo's documentation: a load is not for a source over 1,000,000 items (use update).
        if let held, held > 1_000_000 {
            throw ShellError.failure(
                "stream load: the source holds \(held) items; a load is not for sources over 1,000,000 items "
                    + "(Coveo's limit): send the changes with stream update")
        }
        let holds = held.map { "holds \($0) item(s)" } ?? "holds items"
        let warning =
            "stream load replaces the whole catalog: the source \(holds), and every item the files do "
            + "not carry will be deleted"
        try requireYesInAScript(args, context, warning)
        guard !context.dryRun, !args.has("yes") else { return true }
        return try await context.confirmation.confirmed(args, declined: "Nothing was sent.") {
            "\(warning). Go on? [y/N] "
        }
    }

    /// What deletes items a script did not list (a load, a remove) goes only with --yes when no one is there to
    /// ask; a dry run says so too, since the real run would stop there.
    private static func requireYesInAScript(
        _ args: ParsedArguments, _ context: CommandContext, _ warning: String
    ) throws {
        guard !args.has("yes"), !context.console.isInteractive else { return }
        throw ShellError.usage("\(warning); add --yes to go on (nothing was sent)")
    }

    private static func remove(
        _ args: ParsedArguments, _ sourceId: String, _ context: CommandContext
    ) async throws -> CommandResult {
        guard let text = args.value("older-than") else {
            throw ShellError.usage("stream: remove takes --older-than TIME")
        }
        if args.word(files) != nil { throw ShellError.usage("stream: remove takes no files") }
        let now = context.clock.now()
        guard let limit = Moment.milliseconds(text, now: now) else {
            preconditionFailure("parse checks --older-than's form")
        }
        let time = EpochMilliseconds.iso8601(limit)
        if limit > now + 60_000 {
            throw ShellError.failure(
                "stream: refusing --older-than \(time), which is in the future: the source would reject every "
                    + "item until then, and only recreating it undoes that")
        }
        try requireYesInAScript(args, context, "stream remove deletes every item last indexed before \(time)")
        let question = "Delete every item of \(sourceId) last indexed before \(time)? [y/N] "
        guard try await context.confirmation.confirmed(args, { question }) else { return .nothing }
        let answer = try await context.client.streamDeleteOlderThan(
            sourceId, epochMilliseconds: limit, queueDelay: args.optionalNumber("queue-delay"))
        var summary: JSONObject = [
            "sourceId": .string(sourceId), "accepted": "deleteOlderThan", "olderThan": .string(time),
        ]
        if let requestId = StreamAnswer(answer).requestId { summary["requestId"] = .string(requestId) }
        return .summary(.object(summary), prose: "accepted: delete items older than \(time)")
    }
}
