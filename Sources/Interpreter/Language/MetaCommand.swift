import Foundation

/// psql's backslash commands where they fit pshell: `\q`, `\i FILE`, `\e`, `\! CMD`, `\timing`, `\?`, and
/// `\NAME ...` for any pshell command (`\set`, `\echo`).
enum MetaCommand: Equatable {
    /// A pshell statement spelled another way (`\q` is `exit`, `\i` is `source`).
    case statement(String)
    /// `\! CMD`: a command of the system's shell.
    case system(String)
    /// `\e`: the last statement in `$EDITOR`, then run.
    case editPrevious
    /// `\timing` alone: on if off, off if on.
    case toggleTiming
    case unknown(String)

    static let summary =
        "\\q quit, \\i FILE run a script, \\e edit the last statement, \\! CMD run a shell command, "
        + "\\timing toggle timing, \\watch SECONDS STATEMENT run it again and again, \\? help"

    /// Nil when the statement is not a meta-command.
    init?(_ statement: String) {
        // Every statement passes here: most are told apart by their first character, without a copy.
        guard statement.first(where: { $0 != " " && $0 != "\t" }) == "\\" else { return nil }
        let trimmed = statement.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 1 else { return nil }
        let body = trimmed.dropFirst()
        if body.hasPrefix("!") {
            self = .system(body.dropFirst().trimmingCharacters(in: .whitespaces))
            return
        }
        let name = String(body.prefix { !$0.isWhitespace })
        let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let tail = rest.isEmpty ? "" : " " + rest
        switch name {
        case "q": self = .statement("exit" + tail)
        case "i", "ir", "include": self = .statement("source" + tail)
        case "?", "h": self = .statement("help" + tail)
        case "e", "edit": self = .editPrevious
        case "timing": self = rest.isEmpty ? .toggleTiming : .statement("timing" + tail)
        // psql's `\pset pager off`; pshell's other output settings are `set`'s.
        case "pset": self = .statement("set" + tail)
        default:
            guard CommandRegistry.resolve(name) != nil else {
                self = .unknown(name)
                return
            }
            self = .statement(name + tail)
        }
    }
}

extension Shell {
    func run(_ meta: MetaCommand) async -> Outcome {
        switch meta {
        case .statement(let statement):
            return await execute(statement)
        case .toggleTiming:
            session.timing.toggle()
            console.diagnose(.note, "timing is \(session.timing ? "on" : "off")")
            return .success
        case .system(let command):
            guard !command.isEmpty else { return .failure(.usage("\\!: give a command, as in \\! ls -l")) }
            let status: Int32
            if cast != nil {
                // Recording a cast: the command's output goes through the console, so that the cast holds it (the
                // command writes to a pipe then, not the terminal).
                let (code, output) = await programs.run(command, input: [], capturing: true)
                if !output.isEmpty { console.write(String(decoding: output, as: UTF8.self)) }
                status = code
            } else {
                status = await programs.run(command, arguments: [])
            }
            return status == 0 ? .success : .failure(.failure("\\!: `\(command)` exited with status \(status)"))
        case .editPrevious:
            return await editPrevious()
        case .unknown(let name):
            return .failure(.usage("unknown meta-command '\\\(name)'; \(MetaCommand.summary)"))
        }
    }

    /// `\e`: the last statement typed at the prompt opens in `$EDITOR` (else `vi`); what is saved runs, shown first.
    private func editPrevious() async -> Outcome {
        let edited: String
        do {
            edited = try await editedText(
                (previousStatement ?? "") + "\n", fileExtension: "pshell", label: "\\e", undone: "nothing ran")
        } catch {
            return .failure(error)
        }
        let text = edited.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .success }
        console.write(text + "\n")
        previousStatement = text
        return await runStatements(text)
    }

    /// `text` opened in the person's editor, in a temporary file only they may read; what they saved. `label`
    /// starts an error, `undone` says what did not happen because of it.
    func editedText(
        _ text: String, fileExtension: String, label: String, undone: String
    ) async throws(ShellError)
        -> String
    {
        let file = FileManager.default.temporaryDirectory
            .appending(path: "pshell-edit-\(UUID().uuidString).\(fileExtension)")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try Data(text.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        } catch {
            throw .failure("\(label): cannot write \(file.path): \(error.localizedDescription)")
        }
        let status = await programs.run(editorCommand, arguments: [file.path])
        guard status == 0 else { throw .failure("\(label): the editor exited with status \(status); \(undone)") }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .failure("\(label): the edited file is gone; \(undone)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `$VISUAL`, `$EDITOR`, else `vi`, as a shell script that takes the file as `$1` (an editor may have options).
    private var editorCommand: String {
        let editor =
            [session.environmentVariables["VISUAL"], session.environmentVariables["EDITOR"]]
            .compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        return editor + " \"$1\""
    }
}
