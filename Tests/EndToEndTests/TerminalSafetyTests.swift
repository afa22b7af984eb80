import Foundation
import Testing

/// What a terminal shows is pshell's: a server's text never retitles the window, clears the screen or reorders a
/// line, and pshell's own colours are never shown as escapes. Read with `capture-pane -e`, under tmux.
@Suite(.serialized) struct TerminalSafetyTests {
    static let evil = "evil\u{1B}]0;pwned\u{07}x\u{1B}[2J\u{202E}rtl"
    static let shown = #"evil\u{1B}]0;pwned\u{7}x\u{1B}[2J\u{202E}rtl"#

    @Test func aSourceNameWithEscapesIsShownEscapedInEveryForm() throws {
        let home = try temporaryHome()
        let state = home.appending(path: "state.db").path
        let made = try runPShell(
            ["--sandbox-state", state, "-c", "create \"${env.EVIL}\" --visibility SHARED --no-check"],
            environment: ["EVIL": Self.evil])
        #expect(made.status == 0, "\(made.stderr)")
        let t = try TmuxSession(arguments: ["--sandbox-state", state, "--no-pager"], home: home)
        #expect(t.waitFor(text: REPLTests.prompt), "\(t.screen)")
        for line in [
            "list --columns ID,NAME", "list --quiet", "list -o csv", "list -o tsv", "trace on",
            "get ${last.sourceModels[0].id} -o json",
            "echo the-end",
        ] {
            try t.type(line)
            try t.press("Enter")
        }
        #expect(t.waitFor { $0.contains("\nthe-end\n") }, "\(t.screen)")
        let screen = try t.tmux(["capture-pane", "-p", "-e", "-S", "-1000", "-t", t.name])
        #expect(screen.contains("Target: the built-in sandbox"), "the banner was not cleared away: \(screen)")
        #expect(screen.components(separatedBy: Self.shown).count - 1 >= 3, "table, csv, tsv: \(screen)")
        #expect(!screen.contains("\u{202E}") && !screen.contains("\u{1B}]0;"), "\(screen)")
        let title = try t.tmux(["display-message", "-p", "-t", t.name, "#{pane_title}"])
        #expect(!title.contains("pwned"), "the window's title: \(title)")
        // The trace's own styling is dim, as escape sequences the terminal reads, never written out as text.
        #expect(screen.contains("\u{1B}[2m── request"), "\(screen)")
        #expect(!screen.contains(#"\u{1B}[2m"#) && !screen.contains(#"\u{1B}[0m"#), "\(screen)")
    }

    /// A note written while the progress bar is drawn starts its own line: the bar is cleared first, drawn again
    /// after (`... ETA 0snote: created 1 field` before).
    @Test func aNoteDuringAPushStartsItsOwnLine() throws {
        let home = try temporaryHome()
        var items: [String] = []
        for i in 0..<20_000 {
            let key = i < 10_000 ? "early" : "late\(i / 5000)"
            items.append(
                #"{"documentId": "https://x/\#(i)", "data": "\#(String(repeating: "x", count: 200))", "\#(key)": "v"}"#)
        }
        try ("[" + items.joined(separator: ",\n") + "]").write(
            to: home.appending(path: "items.json"), atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: ["--no-pager"], home: home)
        #expect(t.waitFor(text: REPLTests.prompt), "\(t.screen)")
        try t.type("create S --visibility SHARED --no-check; push S @\(home.path)/items.json --batch-size 1")
        try t.press("Enter")
        #expect(t.waitFor(20) { $0.contains("pushed 20000 item(s)") }, "\(t.screen)")
        let notes = t.scrollback.split(separator: "\n").filter { $0.contains("note: created") }
        #expect(notes.count == 3, "\(t.scrollback)")
        #expect(notes.allSatisfy { $0.hasPrefix("note: created 1 field") }, "\(notes)")
    }
}
