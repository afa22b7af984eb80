import CoveoAPI
import Foundation
import Testing

@testable import Interpreter

/// `edit` with `EDITOR` set to scripts that edit as a person would: a field, a rename, invalid JSON, nothing.
@Suite struct EditTests {
    /// An editor: a shell script run on the file (`$1`); `$0.count` counts how many times it opened.
    static func editor(_ body: String) throws -> (environment: [String: String], folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appending(path: "editor.sh")
        try
            ("#!/bin/sh\nset -e\ncount=\"$(dirname \"$0\")/count\"\necho x >> \"$count\"\n"
            + "cp \"$1\" \"$(dirname \"$0\")/seen-$(wc -l < \"$count\" | tr -d ' ')\"\n" + body + "\n")
            .write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        // Run by sh, not exec'd: a file just written may be held open by a child another test forked (ETXTBSY).
        return (["EDITOR": "sh " + script.path], folder)
    }

    @Test func aChangedFieldIsShownThenPutWithTheFieldsPshellDoesNotKnow() async throws {
        let (environment, _) = try Self.editor(#"sed -i 's/"SHARED"/"PRIVATE"/' "$1""#)
        let console = RecordingConsole()
        let shell = makeShell(console, environment: environment)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        #expect(await shell.execute(#"update Docs --body '{"extra": {"kept": true}}'"#) == .success)
        #expect(await shell.execute("edit Docs --output json") == .success, "\(console.err)")
        #expect(console.err.contains(#"~ sourceVisibility: "SHARED" → "PRIVATE""#), "\(console.err)")
        #expect(await shell.execute("get Docs --output json") == .success)
        let model = await shell.session.last
        #expect(model?["sourceVisibility"] == "PRIVATE")
        #expect(model?.value(at: ["extra", "kept"]) == true)
    }

    @Test func aRenameIsRefusedAndNothingIsSent() async throws {
        let (environment, _) = try Self.editor(#"sed -i 's/"name": "Docs"/"name": "Other"/' "$1""#)
        let console = RecordingConsole()
        let shell = makeShell(console, environment: environment)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        guard case .failure(let error) = await shell.execute("edit Docs") else {
            Issue.record("a rename went through")
            return
        }
        #expect(error.message.contains("refusing to rename 'Docs' to \"Other\""), "\(error.message)")
        #expect(await shell.execute("get Docs") == .success)
    }

    @Test func invalidJSONReopensWithTheErrorOnTop() async throws {
        // The first save breaks the JSON; the second, shown the error, mends it.
        let (environment, folder) = try Self.editor(
            """
            if [ "$(wc -l < "$count" | tr -d ' ')" = 1 ]; then sed -i 's/"SHARED",/"SHARED"/' "$1"
            else grep -v '^#' "$1" | sed 's/"SHARED"/"PRIVATE",/' > "$1.new"; mv "$1.new" "$1"; fi
            """)
        let console = RecordingConsole()
        let shell = makeShell(console, environment: environment)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        #expect(await shell.execute("edit Docs") == .success, "\(console.err)")
        let second = try String(contentsOf: folder.appending(path: "seen-2"), encoding: .utf8)
        #expect(second.hasPrefix("# edit: invalid JSON at line "), "\(second)")
        #expect(await shell.execute("assert $last.sourceVisibility == PRIVATE") == .success)
    }

    @Test func savingUnchangedSendsNothing() async throws {
        let (environment, _) = try Self.editor("true")
        let console = RecordingConsole()
        let shell = makeShell(console, environment: environment)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        #expect(await shell.execute("edit Docs --raw") == .success)
        #expect(console.err.contains("note: edit: no change; nothing was sent"), "\(console.err)")
    }
}
