import CoveoAPI
import Foundation

extension Shell {
    /// Keys the Push API reserves for itself; they cannot be metadata.
    static let reservedKeys: Set<String> = [
        "compressedbinarydata", "compressedbinarydatafileid", "parentid", "fileextension", "data", "permissions",
        "documentid", "orderingid", "compressiontype",
    ]

    func push(_ args: ParsedArguments) async throws {
        let documentId = args.positionals[1]
        if documentId.hasPrefix("@") { return try await pushFiles(args, documentId) }
        for option in ["batch-size", "status"] where args.has(option) {
            throw ShellError.usage("push: --\(option) goes with @FILE or @DIR")
        }
        var (body, largeBinary) = try itemBody(args)
        let orderingId = args.value("ordering-id").flatMap(Int64.init)
        let client = try await client()
        let sourceId = try await sourceID(args.positionals[0], client: client)
        if let largeBinary {
            // Over the single-request limit: the content travels in a file container, never as a 413.
            let fileId = try await client.uploadToNewContainer(largeBinary)
            body["compressedBinaryDataFileId"] = .string(fileId)
        }
        var planner = try await fieldPlanner(args, client: client)
        planner?.add(body)
        try await createPlannedFields(&planner, client: client)
        reportFieldProblems(planner)
        let started = clock.now()
        try await client.pushDocument(sourceId, documentId: documentId, body: .object(body), orderingId: orderingId)
        guard args.has("wait") else {
            console.write("accepted \(documentId)\n")
            if console.isTerminal {
                console.diagnose("note: accepted is not indexed; `logs \(args.positionals[0]) --document \(documentId)` says what became of it, or push with --wait")
            }
            return
        }
        let limit = Double(Int(args.value("wait-timeout") ?? "60") ?? 60)
        let entry = try await waitForOutcome(client, sourceId, documentId, since: started - 1000, orderingId: orderingId, limit: limit)
        session.last = entry
        let result = entry["result"]?.stringValue ?? "?"
        if result == "COMPLETED" {
            console.write("indexed \(documentId)\n")
        } else {
            let reason = entry["meta"]?["reason"]?.stringValue ?? "no reason given"
            throw ShellError.failure("\(documentId) was \(result.lowercased()): \(reason)")
        }
    }

    /// The pipeline writes an entry per stage; an item's fate is the INDEXING stage's COMPLETED, or a
    /// REJECTED or ERROR at any stage.
    static let finalResults = ["REJECTED", "ERROR"]

    static func isFinal(_ entry: JSON) -> Bool {
        let result = entry["result"]?.stringValue ?? ""
        return finalResults.contains(result) || (result == "COMPLETED" && (entry["task"]?.stringValue ?? "INDEXING") == "INDEXING")
    }

    /// Polls the Source Logs until an entry for this push appears. Ctrl-C stops waiting (the item stays queued).
    private func waitForOutcome(
        _ client: CoveoClient, _ sourceId: String, _ documentId: String, since: Int64, orderingId: Int64?, limit: Double
    ) async throws -> JSON {
        let deadline = Date().addingTimeInterval(limit)
        var delay = 0.1
        while true {
            let page = try await client.logs(
                sourceId, documentId: documentId, from: EpochMilliseconds.iso8601(since), to: EpochMilliseconds.iso8601(clock.now() + 60_000),
                perPage: 1000)
            let entries = (page["documentLogEntries"]?.arrayValue ?? []).filter { entry in
                guard ["ADD", "UPDATE"].contains(entry["operation"]?.stringValue ?? ""), Self.isFinal(entry) else { return false }
                guard let orderingId else { return true }
                return entry["meta"]?["orderingId"]?.intValue.map(Int64.init) == orderingId
            }
            if let last = entries.last { return last }
            guard Date().addingTimeInterval(delay) < deadline else {
                throw ShellError.failure("\(documentId) was accepted but not indexed within \(Int(limit)) s; `logs` will tell later")
            }
            do {
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            } catch {
                throw ShellError(.cancelled, "stopped waiting; \(documentId) was accepted and stays queued")
            }
            delay = min(delay * 1.5, 2)
        }
    }

    /// The most compressed bytes sent inline: base64 makes them a third larger, and a request may carry 6 MB.
    static let inlineBinaryLimit = 4 * 1024 * 1024

    /// The item body from `push`'s options, checked before anything is sent, and the compressed content
    /// too large to go inline (it goes through a file container).
    func itemBody(_ args: ParsedArguments) throws -> (body: JSONObject, largeBinary: Data?) {
        var body = JSONObject()
        var largeBinary: Data?
        if let title = args.value("title") { body["title"] = .string(title) }
        if args.value("data") != nil, args.value("file") != nil {
            throw ShellError.usage("push: give --data or --file, not both")
        }
        if let data = args.value("data") { body["data"] = .string(data) }
        if let file = args.value("file") {
            let path = resolvePath(file)
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw ShellError.failure("push: --file \(file): \(FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file")")
            }
            let fileExtension = (path as NSString).pathExtension
            if !fileExtension.isEmpty { body["fileExtension"] = .string("." + fileExtension) }
            if let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0), bytes.count <= ItemConverter.maximumDataBytes {
                body["data"] = .string(text)
            } else {
                // Binary, or text over the 5 MB of `data`: ZLIB-compressed, inline if it fits in one request,
                // else through a file container (the caller uploads it).
                guard let compressed = Zlib.compress(bytes) else { throw ShellError.failure("push: --file \(file): compression failed") }
                body["compressionType"] = "ZLIB"
                if compressed.count <= Self.inlineBinaryLimit {
                    body["compressedBinaryData"] = .string(compressed.base64EncodedString())
                } else {
                    largeBinary = compressed
                }
            }
        }
        for pair in args.all("meta") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ShellError.usage("push: --meta \(pair): expected KEY=VALUE")
            }
            let key = String(pair[..<equals])
            let value = JSON.string(String(pair[pair.index(after: equals)...]))
            guard !Self.reservedKeys.contains(key.lowercased()) else {
                throw ShellError.usage("push: --meta \(key) is reserved by the Push API; use the matching option instead")
            }
            guard ItemConverter.isFieldName(key.lowercased()) else {
                throw ShellError.usage("push: --meta \(key) is not a valid field name (a letter, then letters, digits or _)")
            }
            if let existingKey = body.members.first(where: { $0.key.lowercased() == key.lowercased() })?.key, let existing = body[existingKey] {
                body[existingKey] = .array((existing.arrayValue ?? [existing]) + [value])
            } else {
                body[key] = value
            }
        }
        if let parent = args.value("parent") { body["parentId"] = .string(parent) }
        let allowed = try args.all("allow").map(Self.itemIdentity)
        let denied = try args.all("deny").map(Self.itemIdentity)
        if !allowed.isEmpty || !denied.isEmpty || args.has("anyone") {
            guard allowed.count + denied.count <= 5000 else {
                throw ShellError.usage("push: \(allowed.count + denied.count) permissions; an item may have at most 5,000")
            }
            body["permissions"] = [
                [
                    "allowAnonymous": .bool(args.has("anyone")), "allowedPermissions": .array(allowed),
                    "deniedPermissions": .array(denied),
                ]
            ]
        }
        return (body, largeBinary)
    }

    /// `NAME[:TYPE[:PROVIDER]]`, type user (default), group, virtual-group or unknown. Without a provider, an item's
    /// permission names none (the platform then uses the source's first provider); source-level permissions and
    /// aliases default to the Email Security Provider.
    static func identity(_ text: String) throws -> JSON {
        try identity(text, defaultProvider: "Email Security Provider")
    }

    static func itemIdentity(_ text: String) throws -> JSON {
        try identity(text, defaultProvider: nil)
    }

    static func identity(_ text: String, defaultProvider: String?) throws -> JSON {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else { throw ShellError.usage("'\(text)' is not an identity (NAME[:TYPE[:PROVIDER]])") }
        guard let type = IdentityType(word: parts.count > 1 ? parts[1] : "user") else {
            throw ShellError.usage("'\(text)': the identity type must be user, group, virtual-group or unknown, not '\(parts[1])'")
        }
        var identity: JSON = ["identity": .string(name), "identityType": .string(type.permissionName)]
        if let provider = parts.count > 2 && !parts[2].isEmpty ? parts[2] : defaultProvider {
            identity["securityProvider"] = .string(provider)
        }
        return identity
    }

    func remove(_ args: ParsedArguments) async throws {
        let client = try await client()
        let sourceId = try await sourceID(args.positionals[0], client: client)
        if let text = args.value("older-than") {
            guard args.positionals.count == 1 else {
                throw ShellError.usage("remove: give DOCUMENT_ID or --older-than, not both")
            }
            guard let orderingId = EpochMilliseconds.parse(text) else {
                throw ShellError.usage("remove: --older-than \(text) is neither an ISO 8601 date-time nor epoch milliseconds")
            }
            if orderingId > clock.now() + 60_000, !args.has("force") {
                throw ShellError.failure(
                    "remove: refusing --older-than \(EpochMilliseconds.iso8601(orderingId)), which is in the future: the source would reject every item until then, and only recreating it undoes that (--force if you mean it)")
            }
            let question = "Delete every item of \(sourceId) last pushed before \(EpochMilliseconds.iso8601(orderingId))? [y/N] "
            guard try await confirmed(args, { question }) else { return }
            let delay = args.value("queue-delay").flatMap(Int.init)
            try await client.deleteOlderThan(sourceId, orderingId: orderingId, queueDelay: delay)
            console.write("accepted: delete items older than \(EpochMilliseconds.iso8601(orderingId))\n")
            return
        }
        guard args.positionals.count == 2 else {
            throw ShellError.usage("remove: give DOCUMENT_ID or --older-than TIME")
        }
        let documentId = args.positionals[1]
        try await client.deleteDocument(
            sourceId, documentId: documentId, deleteChildren: args.has("children"), orderingId: args.value("ordering-id").flatMap(Int64.init))
        console.write("accepted: delete \(documentId)\(args.has("children") ? " and its children" : "")\n")
    }

    func setStatus(_ args: ParsedArguments) async throws {
        let client = try await client()
        let sourceId = try await sourceID(args.positionals[0], client: client)
        try await client.setStatus(sourceId, args.positionals[1])
        console.write("\(sourceId) is now \(args.positionals[1])\n")
    }

    func items(_ args: ParsedArguments) async throws {
        let client = try await client()
        let sourceId = try await sourceID(args.positionals[0], client: client)
        let result = try await sandboxOnly("items: only a pshell sandbox can list a source's items; on the platform use `logs`") {
            () throws(APIError) in try await client.sandboxItems(sourceId)
        }
        session.last = result
        guard isHumanOutput(args) else {
            console.write(renderer.json(result, format: format(args)) + "\n")
            return
        }
        let items = result["items"]?.arrayValue ?? []
        let pending = result["pendingOperations"]?.intValue ?? 0
        if !items.isEmpty {
            let rows = items.map { item -> [String] in
                [item["documentId"]?.stringValue ?? "", item["fields"]?["title"]?.stringValue ?? "", item["orderingId"]?.interpolationText ?? ""]
            }
            console.write(renderer.table(headers: ["DOCUMENT", "TITLE", "ORDERING ID"], rows: rows) + "\n")
        }
        let total = result["totalItems"]?.intValue ?? items.count
        let shown = total > items.count ? "the first \(items.count) of \(total)" : "\(total)"
        console.write(renderer.dim("\(shown) item(s) indexed, \(pending) operation(s) not processed yet") + "\n")
    }

    func logs(_ args: ParsedArguments) async throws {
        let client = try await client()
        let sourceId = try await sourceID(args.positionals[0], client: client)
        let now = clock.now()
        var since = now - 24 * 3600 * 1000
        if let text = args.value("since") {
            guard let parsed = EpochMilliseconds.parse(text) else {
                throw ShellError.usage("logs: --since \(text) is neither an ISO 8601 date-time nor epoch milliseconds")
            }
            since = parsed
        }
        let result = try await client.logs(
            sourceId, documentId: args.value("document"), from: EpochMilliseconds.iso8601(since), to: EpochMilliseconds.iso8601(now + 60_000), perPage: 1000)
        session.last = result
        guard isHumanOutput(args) else {
            console.write(renderer.json(result, format: format(args)) + "\n")
            return
        }
        let entries = result["documentLogEntries"]?.arrayValue ?? []
        guard !entries.isEmpty else {
            console.write("No log entries since \(EpochMilliseconds.iso8601(since)).\n")
            return
        }
        let rows = entries.map { entry -> [String] in
            [
                entry["datetime"]?.stringValue ?? "", entry["operation"]?.stringValue ?? "", entry["result"]?.stringValue ?? "",
                entry["id"]?.stringValue ?? "", entry["meta"]?["reason"]?.stringValue ?? "",
            ]
        }
        console.write(renderer.table(headers: ["TIME", "OPERATION", "RESULT", "DOCUMENT", "REASON"], rows: rows) + "\n")
    }
}
