import CoveoAPI
import Foundation

/// What several commands share: confirmation, JSON files, sandbox-only routes, the rename rule, the name caches.
extension Shell {
    /// Source and provider names cached for Tab and name lookup belong to one organization and target.
    func forgetCachedNames() {
        sources.forget()
        providerCache = nil
    }

    /// Whether a destructive command goes on: without asking in scripts or with --yes; at the prompt only on
    /// `y` or `yes` (otherwise it says "Not deleted."). `question` is built only when it is asked.
    func confirmed(_ args: ParsedArguments, _ question: () async throws -> String) async throws -> Bool {
        if assumeYes || args.has("yes") { return true }
        let answer: String?
        if session.production {
            // On a profile marked production, a script asks too when someone is at a terminal; with no one there,
            // nothing is deleted without --yes.
            guard
                let given = console.confirmAtTerminal("[\(session.profile ?? "production")] " + (try await question()))
            else {
                throw ShellError.usage(
                    "the profile '\(session.profile ?? "")' is marked production and no one is at a terminal to "
                        + "confirm: add --yes; nothing was sent")
            }
            answer = given
        } else {
            guard console.isInteractive else { return true }
            answer = console.ask(try await question())
        }
        guard let answer, ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
            console.diagnose("Not deleted.")
            return false
        }
        return true
    }

    /// A file's bytes and its JSON; errors start with `label` (`raw --put @f.json: no such file`).
    func readJSONFile(_ path: String, label: String) throws -> (data: Data, json: JSON) {
        let resolved = resolvePath(path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            let reason = FileManager.default.fileExists(atPath: resolved) ? "cannot read it" : "no such file"
            throw ShellError.failure("\(label): \(reason)")
        }
        return (data, try parseJSON(Array(data), label: label))
    }

    func parseJSON(_ bytes: [UInt8], label: String) throws -> JSON {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw ShellError.usage("\(label): invalid JSON at \(error)")
        }
    }

    func jsonObject(_ value: JSON, label: String) throws -> JSONObject {
        guard case .object(let object) = value else {
            throw ShellError.usage("\(label): expected a JSON object, not \(value.kindName)")
        }
        return object
    }

    /// A route only pshell's sandbox serves: pointed at the platform, its 404 becomes `message`.
    func sandboxOnly(
        _ message: String, _ call: (any SandboxControl) async throws(APIError) -> JSON
    ) async throws -> JSON {
        guard let sandboxControl else { throw ShellError.failure(message) }
        do {
            return try await call(sandboxControl)
        } catch {
            if error.status == 404, session.target != .sandbox { throw ShellError.failure(message) }
            throw error
        }
    }

    /// What to do instead of renaming, as commands that work when pasted.
    static func renameWayOut(_ newName: String, visibility: String? = nil) -> String {
        let create = "create \(Tokenizer.quote(newName))" + (visibility.map { " --visibility \($0)" } ?? "")
        return "To use another name: `\(create)`, push the items again, then `delete` the old source"
    }

    /// A source's name cannot change: a body renaming it is refused before anything is sent.
    func refuseRename(of current: JSON, to body: JSONObject, command: String) throws {
        let currentName = current["name"]?.stringValue ?? ""
        if let name = body["name"], name.stringValue != currentName {
            throw ShellError.failure(
                "\(command): refusing to rename '\(currentName)' to \(JSONWriter.compact(name)): "
                    + "a source's name cannot change once it is created; nothing was sent. "
                    + Self.renameWayOut(
                        name.stringValue ?? "NEW NAME", visibility: current["sourceVisibility"]?.stringValue))
        }
    }
}
