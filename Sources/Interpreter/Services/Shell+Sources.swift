import CoveoAPI
import Foundation

extension Shell {

    /// Sends the create once, then, if the answer may hide a success, looks the source up by name.
    func createOnce(_ model: JSON, name: String, client: CoveoClient) async throws -> JSON {
        try await createOnce(
            "create", absent: "no source named '\(name)' exists", check: "list --filter \(Tokenizer.quote(name))",
            { () async throws(APIError) -> JSON in try await client.createSource(model) },
            exists: {
                let page = try await client.listSources(filter: name, page: 0, perPage: 100)
                let found = page["sourceModels"]?.arrayValue?.first { $0["name"]?.stringValue == name }
                guard let found, let id = found["id"]?.stringValue else { return nil }
                return ((try? await client.getSource(id)) ?? found, "a source named '\(name)' now exists (\(id))")
            })
    }

    /// Sends a request that creates something once: it is never sent again once it may have arrived. A 500,
    /// 502, 503 or 504, or a connection lost after sending, may hide a success: `exists` reads back whether the
    /// thing is there now (and a phrase naming it), and the user is told which it was: created, or safe to retry.
    func createOnce<T: Sendable>(
        _ command: String, absent: String, check: String, _ send: () async throws(APIError) -> T,
        exists: () async throws -> (value: T, present: String)?
    ) async throws -> T {
        do {
            return try await send()
        } catch {
            guard error.mayHideASuccess else { throw error }
            let what = error.status.map { "answered \($0)" } ?? "lost the connection (\(error.message))"
            let found: (value: T, present: String)?
            do {
                found = try await exists()
            } catch let lookup {
                throw ShellError.failure(
                    "\(command): the platform \(what), and looking whether it was done failed too "
                        + "(\((lookup as? APIError)?.description ?? "\(lookup)")); "
                        + "check with `\(check)` before running it again")
            }
            guard let found else {
                throw ShellError.failure(
                    "\(command): the platform \(what) and \(absent): nothing was created, "
                        + "it is safe to run the command again (\(error.description))")
            }
            console.diagnose(.note, "the platform \(what), but \(found.present): it was created")
            return found.value
        }
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
        try await resolveSource(text, client: client).id
    }

    /// The source the user named, and its model when finding it by name read it already (nil for an id as typed).
    func resolveSource(_ text: String, client: CoveoClient) async throws -> (id: String, model: JSON?) {
        if text.hasPrefix(client.organization + "-") || DryRun.isPlaceholder(text) { return (text, nil) }
        // Every source whose name or id holds the text, a page of 1,000 at a time, until the name is found: with
        // thousands of sources, the exact name may sort after the first page of matches (`zz` after `azz-0001`).
        var models: [JSON] = []
        for page in 0..<Self.lookupPages {
            let answer = try await Self.lookupPage(text, page, client: client)
            let found = answer["sourceModels"]?.arrayValue ?? []
            if page == 0 { models = found }
            if let match = found.first(where: { $0["name"]?.stringValue == text }), let id = match["id"]?.stringValue {
                return (id, match)
            }
            if found.count < 1000 { break }
        }
        // Names holding the text (the filter's answer): a paste-able guess beats the platform's 404 on an id.
        let typed = text.lowercased()
        let closest = models.compactMap { $0["name"]?.stringValue }
            .map { (name: $0, distance: ParsedArguments.editDistance(typed, $0.lowercased())) }
            .sorted { $0.distance < $1.distance }.prefix(3).map(\.name)
        if !closest.isEmpty {
            throw ShellError(
                .notFound,
                "no source is named '\(text)' in organization '\(client.organization)'; did you mean "
                    + closest.map(Tokenizer.quote).joined(separator: " or ") + "? Nothing was sent")
        }
        // Not a name: let the platform judge it as an id (it answers 404 with its own words).
        return (text, nil)
    }

    /// A page of the sources whose name or id holds `text`. A key made for one source may push to it and read it,
    /// but not list sources to find it by name: its 403 says to give the id.
    private static func lookupPage(_ text: String, _ page: Int, client: CoveoClient) async throws -> JSON {
        do {
            return try await client.listSources(filter: text.count >= 2 ? text : nil, page: page, perPage: 1000)
        } catch {
            guard error.status == 403 else { throw error }
            var refused = ShellError(error)
            refused.message =
                "this token may not list sources (\(error.description)), so no source can be found by its name "
                + "('\(text)'): give the source's id instead, as `apikey create` printed it"
            throw refused
        }
    }

    /// How many pages of 1,000 a name lookup reads at most (the platform's source limit is far below).
    static let lookupPages = 100

    /// The sources whose name or id holds `text` (the platform's filter, from 2 characters), every page of them:
    /// what Tab offers once the organization has more sources than the first page the cache holds.
    func sourcesMatching(_ text: String, forCompletion: Bool) async throws -> [(id: String, name: String)] {
        let client = try await forCompletion ? completionClient() : client()
        var sources: [(id: String, name: String)] = []
        for page in 0..<Self.lookupPages {
            let answer = try await client.listSources(filter: text, page: page, perPage: 1000)
            let found = answer["sourceModels"]?.arrayValue ?? []
            sources += found.compactMap { model in
                model["id"]?.stringValue.map { ($0, model["name"]?.stringValue ?? "") }
            }
            if found.count < 1000 { break }
        }
        return sources
    }

    /// `--body JSON` or `--body @FILE`, which must hold a JSON object.
    func readBody(_ args: ParsedArguments) throws -> JSONObject? {
        guard let text = args.value("body") else { return nil }
        if text.hasPrefix("@") {
            let label = "--body \(text)"
            return try jsonObject(try readJSONFile(String(text.dropFirst()), label: label).json, label: label)
        }
        do {
            return try jsonObject(try parseJSON(Array(text.utf8), label: "--body"), label: "--body")
        } catch var error as ShellError where text.hasPrefix("{") && !text.contains("\"") {
            // `--body {"name":"x"}` typed in bash or zsh reaches pshell as {name:x}: the shell ate the quotes.
            error.message +=
                "; the shell that ran pshell removed the double quotes: wrap the JSON in single quotes, "
                + "as in --body '{\"name\": \"value\"}'"
            throw error
        }
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
