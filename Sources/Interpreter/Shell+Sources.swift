import CoveoAPI
import Foundation

extension Shell {

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
                    "create: the platform \(what), and looking for a source named '\(name)' "
                        + "failed too (\(lookup.description)); "
                        + "check with `list --filter \(Tokenizer.quote(name))` before creating it again")
            }
            guard let found, let id = found["id"]?.stringValue else {
                throw ShellError.failure(
                    "create: the platform \(what) and no source named '\(name)' exists: nothing was created, "
                        + "it is safe to run the command again (\(error.description))")
            }
            console.diagnose(
                .note, "the platform \(what), but a source named '\(name)' now exists (\(id)): it was created")
            return (try? await client.getSource(id)) ?? found
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
        let page = try await client.listSources(filter: text.count >= 2 ? text : nil, page: 0, perPage: 1000)
        let models = page["sourceModels"]?.arrayValue ?? []
        if let match = models.first(where: { $0["name"]?.stringValue == text }), let id = match["id"]?.stringValue {
            return (id, match)
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
