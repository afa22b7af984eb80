import CoveoAPI
import Foundation

/// `edit`: a source's model (or raw configuration) in `$EDITOR`, then the PUT of what changed, as `kubectl edit`.
struct EditCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "edit", group: .sources, summary: "Edit a source's model in $EDITOR, then PUT it back",
        positionals: [CommandSpec.source],
        options: [
            .init("raw", help: "edit the raw configuration instead of the source model"),
            .init("yes", short: "y", help: "do not ask for confirmation"),
            outputOption,
        ],
        operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}[/raw]",
        example: "edit \"Product docs\"",
        details: """
            The whole model opens as pretty JSON in $VISUAL or $EDITOR (else vi). On save, pshell shows what
            changed and asks before the PUT; fields it does not know are sent back as they were. An edit that is
            not valid JSON (or not an object) reopens with the error on top; a rename is refused before anything
            is sent; saving it unchanged sends nothing.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.getSource, note: "or /raw with --raw"), .init(.updateSource, note: "or /raw with --raw"),
        ],
        fields: "The model (or raw configuration) as read, changed by hand; a PUT replaces it whole.",
        reference: "Coveo's Source API specification (coveo-source.yml)")

    static let callsTheAPI = true

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await edit(args, in: shell)
        return .success
    }
}

extension EditCommand {
    private static func edit(_ args: ParsedArguments, in shell: isolated Shell) async throws {
        let client = try await shell.client()
        let id = try await shell.sources.id(of: args[CommandSpec.source], client: client)
        let raw = args.has("raw")
        let model = try await (raw ? client.getRawSource(id) : client.getSource(id))
        let current = raw ? try await client.getSource(id) : model
        guard
            let edited = try await editedInEditor(
                model, refusing: { try checkEdit(current, $0, id: id, raw: raw, in: shell) }, in: shell)
        else {
            shell.console.diagnose(.note, "edit: no change; nothing was sent")
            return
        }
        let changes = EditCommand.changes(from: model, to: edited)
        shell.console.diagnose(changes.joined(separator: "\n"))
        let go = try await shell.confirmation.confirmed(args) {
            "PUT these \(changes.count) change(s) to '\(current["name"]?.stringValue ?? id)'? [y/N] "
        }
        guard go else { return }
        try shell.render(
            .value(try await raw ? client.updateRawSource(id, edited) : client.updateSource(id, edited)), args)
    }

    /// What the person saved, reopened with the error on top until it can be sent; nil when nothing changed.
    private static func editedInEditor(
        _ model: JSON, refusing check: (JSONObject) throws -> Void, in shell: isolated Shell
    ) async throws -> JSON? {
        let original = JSONWriter.pretty(model) + "\n"
        var shown = original
        while true {
            let text = try await shell.editedText(
                shown, fileExtension: "json", label: "edit", undone: "nothing was sent")
            let body = Script.lines(text).drop { $0.hasPrefix("#") }.joined(separator: "\n")
            let saved = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if saved.isEmpty || saved == original.trimmingCharacters(in: .whitespacesAndNewlines) { return nil }
            do {
                let value = try Inputs.parse(Array(body.utf8), label: "edit")
                let object = try Inputs.object(value, label: "edit")
                try check(object)
                return value
            } catch let error as ShellError where error.kind == .usage {
                // Saved as it was shown, error and all: the person gave up.
                if text == shown { throw ShellError.failure("edit: cancelled; nothing was sent (\(error.message))") }
                shown = "# \(error.message)\n# Fix it and save, or save it unchanged to cancel.\n" + body
            }
        }
    }

    /// A rename is refused before anything is sent, and so is an edit of the source's id.
    private static func checkEdit(
        _ current: JSON, _ edited: JSONObject, id: String, raw: Bool, in shell: isolated Shell
    ) throws {
        try SourceRules.refuseRename(of: current, to: edited, command: "edit")
        if !raw, let editedID = edited["id"], editedID.stringValue != id {
            throw ShellError.failure("edit: the id cannot change (it was '\(id)'); nothing was sent")
        }
    }

}

extension EditCommand {
    /// One line per changed value, by path: `~ sourceVisibility: "SHARED" → "PRIVATE"`, `+` added, `-` removed.
    static func changes(from old: JSON, to new: JSON) -> [String] {
        let before = flatten(old, "")
        let after = flatten(new, "")
        var lines: [String] = []
        for (path, value) in after.sorted(by: { $0.key < $1.key }) {
            if let previous = before[path] {
                if previous != value { lines.append("~ \(path): \(previous) → \(value)") }
            } else {
                lines.append("+ \(path): \(value)")
            }
        }
        for (path, value) in before.sorted(by: { $0.key < $1.key }) where after[path] == nil {
            lines.append("- \(path): \(value)")
        }
        return lines
    }

    static func flatten(_ value: JSON, _ path: String) -> [String: String] {
        guard let object = value.objectValue, !object.isEmpty else { return [path: JSONWriter.compact(value)] }
        var result: [String: String] = [:]
        for member in object.members {
            result.merge(flatten(member.value, path.isEmpty ? member.key : path + "." + member.key)) { $1 }
        }
        return result
    }
}
