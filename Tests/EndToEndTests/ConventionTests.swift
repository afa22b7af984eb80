import Foundation
import Testing

/// What people already know from psql, git and gh: `help`, `--help`, the backslash commands.
@Suite(.serialized) struct ConventionTests {
    static let prompt = "pshell sandbox:pshellsandbox>"

    @Test func helpFromTheCommandLineAndAfterACommand() throws {
        let help = try runPShell(["help", "create"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.hasPrefix("create — Create a Push source"), "\(help.stdout)")
        #expect(help.stdout.contains("operation: POST /rest/organizations/{org}/sources"))
        let list = try runPShell(["help"])
        #expect(list.stdout.contains("`exit` or `quit` (or Ctrl-D) leaves"), "\(list.stdout)")
        #expect(list.stdout.contains("\\q quit"), "\(list.stdout)")
        for flag in ["--help", "-h"] {
            let asked = try runPShell(["-c", "create \(flag)"])
            #expect(asked.status == 0 && asked.stdout == help.stdout, "\(asked.stderr)")
        }
        // `echo`'s words are its own.
        #expect(try runPShell(["-c", "echo --help"]).stdout == "--help\n")
        let unknown = try runPShell(["help", "creat"])
        #expect(unknown.status == 64 && unknown.stderr.contains("did you mean"), "\(unknown.stderr)")
    }

    @Test func backslashCommandsAtThePrompt() throws {
        let home = try temporaryHome()
        // An editor that rewrites the statement it is given, as a person would in vi.
        let editor = home.appending(path: "editor.sh")
        try "#!/bin/sh\nsed -i 's/first/edited/' \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        let script = home.appending(path: "included.pshell")
        try "echo included $1\n".write(to: script, atomically: true, encoding: .utf8)
        // Run by sh, not exec'd: a file just written may be held open by a child another test forked (ETXTBSY).
        let t = try TmuxSession(home: home, environment: ["EDITOR": "sh " + editor.path, "VISUAL": ""])
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        for (typed, shown) in [
            ("echo first", "first"), ("\\e", "edited"), ("\\! echo from sh; echo and more", "and more"),
            ("\\i \(script.path) arg", "included arg"), ("\\timing", "note: timing is on"),
            ("\\zz", "? help"),
        ] {
            try t.type(typed)
            try t.press("Enter")
            // An output line, not the line typed (which ends in the same words when it is an echo).
            #expect(
                t.waitFor(15) {
                    TeachingTests.lines($0).contains { $0.hasSuffix(shown) && !$0.hasPrefix(Self.prompt) }
                },
                "\(typed): \(t.screen)")
        }
        #expect(TeachingTests.lines(t.screen).contains("from sh"), "\(t.screen)")
        #expect(t.screen.contains("error: unknown meta-command '\\zz'"), "\(t.screen)")
        // `\e` shows what it runs, then its output.
        #expect(t.screen.contains("echo edited\nedited"), "\(t.screen)")
        try t.type("\\q")
        try t.press("Enter")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    @Test func editShowsTheChangeAndAsksAtThePrompt() throws {
        let home = try temporaryHome()
        let editor = home.appending(path: "editor.sh")
        try "#!/bin/sh\nsed -i 's/\"SHARED\"/\"PRIVATE\"/' \"$1\"\n".write(
            to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        // Run by sh, not exec'd: a file just written may be held open by a child another test forked (ETXTBSY).
        let t = try TmuxSession(home: home, environment: ["EDITOR": "sh " + editor.path, "VISUAL": ""])
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        try t.type("create Docs --visibility SHARED")
        try t.press("Enter")
        #expect(t.waitFor(text: "pshellsandbox-"), "\(t.screen)")
        try t.type("edit Docs")
        try t.press("Enter")
        #expect(t.waitFor(text: "PUT these 1 change(s) to 'Docs'? [y/N]"), "\(t.screen)")
        #expect(t.screen.contains(#"~ sourceVisibility: "SHARED" → "PRIVATE""#), "\(t.screen)")
        try t.type("y")
        try t.press("Enter")
        #expect(t.waitFor(text: #""sourceVisibility": "PRIVATE""#), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    @Test func outputTallerThanTheTerminalGoesThroughThePager() throws {
        // `help` is 57 lines; the terminal 40. less is the pager (PATH holds /usr/bin).
        let t = try TmuxSession(environment: ["PAGER": "less -FRX"])
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        try t.type("help")
        try t.press("Enter")
        // less waits at its prompt with the first screen shown, and the shell's prompt is not back.
        #expect(
            t.waitFor { $0.contains("Sources") && $0.split(separator: "\n").last?.hasPrefix(":") == true },
            "\(t.screen)")
        try t.press("q")
        #expect(t.waitFor { $0.split(separator: "\n").last?.hasPrefix(Self.prompt) == true }, "\(t.screen)")
        // Output held for the pager does not pass the notes after it: the id comes before create's note.
        try t.type("create Held --visibility SECURED")
        try t.press("Enter")
        #expect(t.waitFor(text: "note: 'Held' is SECURED"), "\(t.screen)")
        let lines = TeachingTests.lines(t.screen)
        let id = try #require(lines.firstIndex { $0.hasPrefix("pshellsandbox-") }, "\(t.screen)")
        #expect(lines.firstIndex { $0.hasPrefix("note: 'Held' is SECURED") }.map { $0 > id } == true, "\(t.screen)")
        // Short output is written straight out; `\pset pager off` turns it off.
        try t.type("\\pset pager off")
        try t.press("Enter")
        try t.type("help")
        try t.press("Enter")
        #expect(t.waitFor(text: "`exit` or `quit` (or Ctrl-D) leaves."), "\(t.screen)")
        #expect(t.waitFor { $0.split(separator: "\n").last?.hasPrefix(Self.prompt) == true }, "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
        // Piped, never.
        let piped = try runPShell(["-c", "help"], environment: ["PAGER": "false"])
        #expect(piped.status == 0 && piped.stdout.contains("`exit` or `quit`"))
    }
}
