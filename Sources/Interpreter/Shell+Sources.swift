import CoveoAPI
import Foundation

extension Shell {
    func create(_ args: ParsedArguments) async throws {
        let name = args.positionals[0]
        // The seeds' body, in the documented order.
        let seed: JSON = [
            "sourceType": "PUSH", "name": .string(name),
            "sourceVisibility": .string(args.value("visibility") ?? "SECURED"), "pushEnabled": true,
        ]
        var model = seed.objectValue ?? JSONObject()
        let providers = args.all("provider")
        if !providers.isEmpty { model["securityProviderReferences"] = .array(providers.map(JSON.string)) }
        if let body = try readBody(args) {
            if let bodyName = body["name"], bodyName.stringValue != name {
                throw ShellError.usage("create: the name is given twice ('\(name)' and \(JSONWriter.compact(bodyName)) in --body)")
            }
            if args.value("visibility") != nil, body["sourceVisibility"] != nil {
                throw ShellError.usage("create: the visibility is given twice (--visibility and sourceVisibility in --body)")
            }
            model = model.merging(body)
        }
        let visibility = model["sourceVisibility"]?.stringValue ?? "SECURED"
        let withProvider = args.has("with-provider")
        if args.has("save-to-profile"), !args.has("with-api-key") {
            throw ShellError.usage("create: --save-to-profile goes with --with-api-key")
        }
        if withProvider, visibility != "SECURED" {
            throw ShellError.usage("create: --with-provider is for SECURED sources (a \(visibility) source's permissions are set on the source: see `permissions`)")
        }
        let client = try await client()
        if !args.has("no-check") {
            let summary = try await checkPrerequisites(.init(visibility: visibility, withProvider: withProvider), client: client)
            if console.isTerminal { console.diagnose(renderer.dim("prerequisites: " + summary)) }
        }
        var created = try await createOnce(.object(model), name: name, client: client)
        let id = created["id"]?.stringValue ?? ""
        sourceCache?.append((id: id, name: name))
        var providerId: String?
        if withProvider {
            providerCache = nil
            session.last = created
            (providerId, created) = try await createProvider(for: created, name: name, client: client)
        }
        session.last = created
        if format(args) == .auto {
            console.write(id + "\n" + (providerId.map { $0 + "\n" } ?? ""))
        } else {
            console.write(renderer.json(created, format: format(args)) + "\n")
        }
        if args.has("with-api-key") {
            do {
                try await createSourceKey(id, name: "\(name) push key", profile: args.value("save-to-profile"), client: client)
            } catch {
                let reason = (error as? ShellError)?.message ?? (error as? APIError)?.description ?? "\(error)"
                throw ShellError.failure(
                    "the source '\(name)' was created (\(id)), but not its API key: \(reason). To finish: apikey create --source \(id)")
            }
            session.last = created
        }
        if let providerId {
            console.diagnose("note: created the SECURED source '\(name)' (\(id)) and its security identity provider '\(providerId)', which it references")
        } else if created["sourceVisibility"]?.stringValue == "SECURED", created["securityProviderReferences"]?.arrayValue?.isEmpty ?? true {
            console.diagnose(
                "note: '\(name)' is SECURED: create a security identity provider for it next (`provider create ID --source \(id)`, "
                    + "or `create --with-provider` in one step), so its items' permissions can be expanded (docs.coveo.com/en/85)")
        }
    }

    /// Sends the create once. A 500, 502, 503 or 504, or a connection lost after sending, may hide a success: the
    /// request is not sent again; the source is looked up by name, and the user told which it was.
    func createOnce(_ model: JSON, name: String, client: CoveoClient) async throws -> JSON {
        do {
            return try await client.createSource(model)
        } catch {
            let ambiguous = error.kind == .transport || [500, 502, 503, 504].contains(error.status ?? 0)
            guard ambiguous else { throw error }
            let what = error.status.map { "answered \($0)" } ?? "lost the connection (\(error.message))"
            let found: JSON?
            do {
                let page = try await client.listSources(filter: name, page: 0, perPage: 100)
                found = page["sourceModels"]?.arrayValue?.first { $0["name"]?.stringValue == name }
            } catch let lookup {
                throw ShellError.failure(
                    "create: the platform \(what), and looking for a source named '\(name)' failed too (\(lookup.description)); "
                        + "check with `list --filter \(Self.quoted(name))` before creating it again")
            }
            guard let found, let id = found["id"]?.stringValue else {
                throw ShellError.failure(
                    "create: the platform \(what) and no source named '\(name)' exists: nothing was created, "
                        + "it is safe to run the command again (\(error.description))")
            }
            console.diagnose("note: the platform \(what), but a source named '\(name)' now exists (\(id)): it was created")
            return (try? await client.getSource(id)) ?? found
        }
    }

    func get(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sourceID(args.positionals[0], client: client)
        emit(try await client.getSource(id), args)
    }

    func list(_ args: ParsedArguments) async throws {
        let client = try await client()
        let page = Int(args.value("page") ?? "0") ?? 0
        let perPage = Int(args.value("per-page") ?? "100") ?? 100
        guard page >= 0 else { throw ShellError.usage("list: --page counts from 0") }
        guard (1...1000).contains(perPage) else { throw ShellError.usage("list: --per-page must be from 1 to 1000") }
        let result = try await client.listSources(filter: args.value("filter"), page: page, perPage: perPage)
        session.last = result
        guard isHumanOutput(args) else {
            console.write(renderer.json(result, format: format(args)) + "\n")
            return
        }
        let models = result["sourceModels"]?.arrayValue ?? []
        let total = result["totalEntries"]?.intValue ?? models.count
        let pages = result["totalPages"]?.intValue ?? 1
        if models.isEmpty {
            console.write(total == 0 ? "No sources.\n" : "No sources on page \(page) (there are \(pages) pages).\n")
            return
        }
        let rows = models.map { model -> [String] in
            [
                model["id"]?.stringValue ?? "",
                model["name"]?.stringValue ?? "",
                model["sourceVisibility"]?.stringValue ?? "",
                model["information"]?["sourceStatus"]?["type"]?.stringValue ?? "",
                model["information"]?["numberOfDocuments"]?.interpolationText ?? "",
            ]
        }
        console.write(renderer.table(headers: ["ID", "NAME", "VISIBILITY", "STATUS", "DOCUMENTS"], rows: rows) + "\n")
        let noun = total == 1 ? "source" : "sources"
        console.write(renderer.dim("\(total) \(noun), page \(page) of \(max(pages, 1)) (pages count from 0)") + "\n")
    }

    func update(_ args: ParsedArguments) async throws {
        let body = try readBody(args)
        guard args.value("visibility") != nil || args.values["provider"] != nil || body != nil else {
            throw ShellError.usage("update: nothing to change; give --visibility, --provider or --body")
        }
        let client = try await client()
        let id = try await sourceID(args.positionals[0], client: client)
        let current = try await client.getSource(id)
        guard case .object(var model) = current else {
            throw ShellError.failure("update: the source model read from the platform is not an object")
        }
        if let body {
            try refuseRename(of: current, to: body, command: "update")
            if let bodyID = body["id"], bodyID.stringValue != id {
                throw ShellError.failure("update: the body's id \(JSONWriter.compact(bodyID)) is not '\(id)'; nothing was sent")
            }
            model = model.merging(body)
        }
        if let visibility = args.value("visibility") { model["sourceVisibility"] = .string(visibility) }
        if args.values["provider"] != nil { model["securityProviderReferences"] = .array(args.all("provider").map(JSON.string)) }
        emit(try await client.updateSource(id, .object(model)), args)
    }

    func delete(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sourceID(args.positionals[0], client: client)
        let go = try await confirmed(args) {
            let name = try await client.getSource(id)["name"]?.stringValue ?? id
            return "Delete source '\(name)' (\(id)) and all its items? [y/N] "
        }
        guard go else { return }
        try await client.deleteSource(id)
        sourceCache?.removeAll { $0.id == id }
        console.write("Deleted \(id)\n")
    }

    func refresh() async throws {
        forgetCachedNames()
        let sources = try await fetchSourceCache()
        console.write("\(sources.count) source(s) cached for completion\n")
    }

    // MARK: Helpers

    /// Fetches the organization's sources (one request, up to 1,000) for completion and name lookup.
    @discardableResult
    func fetchSourceCache(forCompletion: Bool = false) async throws -> [(id: String, name: String)] {
        if let sourceCache { return sourceCache }
        let client = try await forCompletion ? completionClient() : client()
        let page = try await client.listSources(page: 0, perPage: 1000)
        let sources = (page["sourceModels"]?.arrayValue ?? []).compactMap { model -> (id: String, name: String)? in
            guard let id = model["id"]?.stringValue else { return nil }
            return (id, model["name"]?.stringValue ?? "")
        }
        sourceCache = sources
        return sources
    }

    /// A source id from what the user typed: an id as is, or the exact name of a source.
    func sourceID(_ text: String, client: CoveoClient) async throws -> String {
        if text.hasPrefix(client.organization + "-") { return text }
        let page = try await client.listSources(filter: text.count >= 2 ? text : nil, page: 0, perPage: 1000)
        let models = page["sourceModels"]?.arrayValue ?? []
        if let match = models.first(where: { $0["name"]?.stringValue == text }), let id = match["id"]?.stringValue {
            return id
        }
        // Not a name: let the platform judge it as an id (it answers 404 with its own words).
        return text
    }

    /// `--body JSON` or `--body @FILE`, which must hold a JSON object.
    func readBody(_ args: ParsedArguments) throws -> JSONObject? {
        guard let text = args.value("body") else { return nil }
        if text.hasPrefix("@") {
            let label = "--body \(text)"
            return try jsonObject(try readJSONFile(String(text.dropFirst()), label: label).json, label: label)
        }
        return try jsonObject(try parseJSON(Array(text.utf8), label: "--body"), label: "--body")
    }

    /// A path relative to the running script's folder (or the working directory at the prompt).
    func resolvePath(_ path: String) -> String {
        var expanded = path
        if expanded.hasPrefix("~/"), let home = session.environmentVariables["HOME"] {
            expanded = home + expanded.dropFirst(1)
        }
        if expanded.hasPrefix("/") { return expanded }
        if let script = scriptStack.last {
            let folder = (script as NSString).deletingLastPathComponent
            return folder.isEmpty ? expanded : folder + "/" + expanded
        }
        return expanded
    }
}
