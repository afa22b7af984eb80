import Foundation
import Testing

/// The REPL under tmux: prompt, completion, Ctrl-C, Ctrl-D, history, UTF-8 and pasted JSON.
@Suite(.serialized) struct REPLTests {
    // capture-pane drops trailing spaces, so expectations never end in one.
    static let prompt = "pshell sandbox:pshellsandbox>"

    /// Types, as a person would, what points the shell at a platform of the test's own.
    static func point(_ t: TmuxSession, at url: String, organization: String, tokenVariable: String) throws {
        for line in ["org \(organization)", "token --env \(tokenVariable)", "endpoint --platform \(url)"] {
            try t.type(line)
            try t.press("Enter")
        }
    }

    /// The banner names where pshell points: the hosts and the organization, not only where they were set.
    @Test func theBannerNamesTheHostsAndTheOrganization() throws {
        let t = try TmuxSession(
            arguments: [
                "--platform-url", "http://127.0.0.1:9", "--push-url", "http://127.0.0.1:9", "--org", "bannerorg",
            ],
            environment: ["PSHELL_TOKEN": "xx-banner"])
        #expect(t.waitFor(text: "pshell custom:bannerorg>"), "\(t.screen)")
        #expect(t.screen.contains("Target: http://127.0.0.1:9, organization bannerorg (from "), "\(t.screen)")
    }

    @Test func promptCompletionAndCtrlD() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        #expect(t.screen.contains("Target: the built-in sandbox"))
        try t.type("cr")
        try t.press("Tab")
        #expect(t.waitFor(text: Self.prompt + " create"), "\(t.screen)")
        try t.type("\"Tab Source\" --vis")
        try t.press("Tab")
        try t.type("SH")
        try t.press("Tab")
        #expect(t.waitFor(text: "create \"Tab Source\" --visibility SHARED"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor { $0.contains("pshellsandbox-") }, "\(t.screen)")
        // Source ids and names complete too.
        try t.type("get Tab")
        try t.press("Tab")
        #expect(t.waitFor(text: "get \"Tab Source\""), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor(text: "\"sourceVisibility\": \"SHARED\""), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    /// Tab against a platform that answers 503: one attempt, no retry, and nothing printed over the prompt.
    @Test func tabMakesOneAttemptAndNeverPrintsOverThePrompt() throws {
        let log = try temporaryHome().appending(path: "requests.log").path
        let stub = try LoopbackHelper(script: "stub_platform.py", arguments: [log, "busy"])
        defer { stub.stop() }
        let t = try TmuxSession(environment: ["STUB_TOKEN": "xx-stub-token-0000"])
        #expect(t.waitFor(text: Self.prompt))
        try Self.point(t, at: stub.url, organization: "stub", tokenVariable: "STUB_TOKEN")
        #expect(t.waitFor(text: "pshell custom:stub>"), "\(t.screen)")
        try t.type("get ab")
        try t.press("Tab")
        // The line is still there, as typed, and the shell still answers.
        try t.type("c")
        #expect(t.waitFor(text: "pshell custom:stub> get abc"), "\(t.screen)")
        try t.press("C-u")
        try t.type("echo after tab")
        try t.press("Enter")
        #expect(t.waitFor(text: "\nafter tab"), "\(t.screen)")
        // (The only note is `org`'s, said on the sandbox before `endpoint` leaves it.)
        #expect(!t.screen.contains("retrying") && !t.screen.contains("note: HTTP"), "\(t.screen)")
        let lists = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter {
            $0.contains("/sources/pages")
        }
        #expect(lists.count == 1, "one attempt: \(lists)")
    }

    @Test func aBlockTypedAtThePromptWaitsForItsEnd() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("for n in 1 2 3")
        try t.press("Enter")
        // The block is open: a continuation prompt, and nothing runs yet.
        #expect(t.waitFor(text: "   ...>"), "\(t.screen)")
        try t.type("if $n != 2; echo item-$n; end")
        try t.press("Enter")
        try t.type("end")
        try t.press("Enter")
        #expect(t.waitFor(text: "item-3"), "\(t.screen)")
        #expect(t.screen.contains("item-1") && !t.screen.contains("item-2"), "\(t.screen)")
        // Two statements on one line; the second does not run after the first fails.
        try t.type("get nope; echo not-reached")
        try t.press("Enter")
        #expect(t.waitFor(text: "SOURCE_NOT_FOUND"), "\(t.screen)")
        try t.type("echo after")
        try t.press("Enter")
        #expect(t.waitFor(text: "\nafter"), "\(t.screen)")
        #expect(!t.screen.split(separator: "\n").contains("not-reached"), "\(t.screen)")
    }

    @Test func ctrlCClearsTheLineAndTheShellGoesOn() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("some half-typed line")
        try t.press("C-c")
        #expect(t.waitFor(text: "^C"), "\(t.screen)")
        try t.type("echo still alive")
        try t.press("Enter")
        #expect(t.waitFor(text: "\nstill alive"), "\(t.screen)")
        #expect(!t.screen.contains("PSHELL-EXITED"))
    }

    /// `pshell man` on a terminal is the page as man shows it, in its pager (q leaves), not roff.
    @Test func theManualPageOnATerminalIsShownByMan() throws {
        let t = try TmuxSession(arguments: ["man"])
        #expect(t.waitFor(text: "pshell - an interactive shell and script runner"), "\(t.screen)")
        #expect(!t.screen.contains(".TH PSHELL") && !t.screen.contains(".SH"), "\(t.screen)")
        try t.press("q")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    /// `\watch SECONDS STATEMENT` redraws the screen each round, under a line saying what; Ctrl-C ends it and the
    /// prompt comes back.
    @Test func watchRedrawsUntilCtrlC() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("create watched --visibility SHARED")
        try t.press("Enter")
        #expect(t.waitFor { $0.contains("pshellsandbox-") }, "\(t.screen)")
        try t.type("\\watch 0.2 items watched")
        try t.press("Enter")
        #expect(t.waitFor(text: "Every 0.2 s: items watched"), "\(t.screen)")
        #expect(t.waitFor(text: "0 item(s) indexed"), "\(t.screen)")
        // The screen was cleared: the banner and the create are gone.
        #expect(!t.screen.contains("Target: the built-in sandbox"), "\(t.screen)")
        try t.press("C-c")
        #expect(t.waitFor(text: "interrupted: watch: stopped after"), "\(t.screen)")
        try t.type("echo after the watch: $status")
        try t.press("Enter")
        #expect(t.waitFor(text: "\nafter the watch: 130"), "Ctrl-C's status, as a shell's: \(t.screen)")
        #expect(!t.screen.contains("PSHELL-EXITED"))
    }

    /// The start-up file runs before the first prompt: an alias it defines works there; a failing line in it is
    /// reported as FILE:LINE: and the prompt comes anyway. `--no-rc` skips it; a script runs it only with `--rc`.
    @Test func theStartUpFileRunsBeforeThePrompt() throws {
        let home = try temporaryHome()
        let folder = home.appending(path: ".config/pshell")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "alias greet 'echo hello $1'\nset where rc\nnotacommand\n".write(
            to: folder.appending(path: "pshellrc"), atomically: true, encoding: .utf8)
        let t = try TmuxSession(home: home)
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        // (A long home folder may wrap the line.)
        #expect(t.screen.contains("pshellrc:3: error: unknown") && t.screen.contains("'notacommand'"), "\(t.screen)")
        try t.type("greet you; echo from $where")
        try t.press("Enter")
        #expect(t.waitFor(text: "hello you\nfrom rc"), "\(t.screen)")
        let script = try runPShell(["-c", "greet you"], home: home)
        #expect(script.status != 0 && script.stderr.contains("unknown command 'greet'"), "\(script.stderr)")
        let withRC = try runPShell(["--rc", "-c", "greet you"], home: home)
        #expect(withRC.stdout == "hello you\n", "\(withRC.stdout) \(withRC.stderr)")
        // --no-rc wins: the file did not run, so nothing set $where.
        let skipped = try runPShell(["--rc", "--no-rc", "-c", "echo $where"], home: home)
        #expect(skipped.stderr.contains("$where is not set"), "\(skipped.stderr)")
        #expect(!skipped.stderr.contains("notacommand"), "\(skipped.stderr)")
    }

    @Test func ctrlCCancelsARequestInFlight() throws {
        // A server that accepts connections and never answers.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        listen(listener, 8)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)

        let t = try TmuxSession(environment: ["SLOW_TOKEN": "xx-test-token-0000"])
        #expect(t.waitFor(text: Self.prompt))
        try Self.point(t, at: "http://127.0.0.1:\(port)", organization: "slow", tokenVariable: "SLOW_TOKEN")
        #expect(t.waitFor(text: "pshell custom:slow>"), "\(t.screen)")
        try t.type("get some-source")
        try t.press("Enter")
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        try t.press("C-c")
        #expect(t.waitFor(5) { $0.contains("interrupted: GET /rest/organizations/slow/sources") }, "\(t.screen)")
        #expect(Date().timeIntervalSince(started) < 3)
        try t.type("echo back")
        try t.press("Enter")
        #expect(t.waitFor(text: "\nback"), "\(t.screen)")
    }

    @Test func historyPersistsWithoutTokensAndIsPrivate() throws {
        let home = try temporaryHome()
        do {
            let t = try TmuxSession(home: home, environment: ["SOME_TOKEN": "xx-history-secret"])
            #expect(t.waitFor(text: Self.prompt))
            try t.type("echo first session")
            try t.press("Enter")
            try t.type("token --env SOME_TOKEN")
            try t.press("Enter")
            try t.press("C-d")
            #expect(t.waitFor(text: "PSHELL-EXITED=0"))
        }
        let file = home.appending(path: ".local/state/pshell/history")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("echo\\040first\\040session"))
        #expect(!text.contains("token"))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let t = try TmuxSession(home: home)
        #expect(t.waitFor(text: Self.prompt))
        try t.press("C-r")
        try t.type("first")
        #expect(t.waitFor(text: "echo first session"), "\(t.screen)")
        try t.press("C-c")
        try t.press("Up")
        #expect(t.waitFor(text: Self.prompt + " echo first session"), "\(t.screen)")
    }

    @Test func twoShellsAtOnceKeepEachOthersHistory() throws {
        let home = try temporaryHome()
        let a = try TmuxSession(home: home)
        let b = try TmuxSession(home: home)
        #expect(a.waitFor(text: Self.prompt) && b.waitFor(text: Self.prompt))
        try a.type("echo from a")
        try a.press("Enter")
        try b.type("echo from b")
        try b.press("Enter")
        #expect(a.waitFor(text: "\nfrom a") && b.waitFor(text: "\nfrom b"))
        try a.press("C-d")
        try b.press("C-d")
        #expect(a.waitFor(text: "PSHELL-EXITED=0") && b.waitFor(text: "PSHELL-EXITED=0"))
        let text = try String(contentsOf: home.appending(path: ".local/state/pshell/history"), encoding: .utf8)
        #expect(text.contains("echo\\040from\\040a") && text.contains("echo\\040from\\040b"))
    }

    @Test func utf8WithoutLANGAndAPastedMultiLineBody() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("echo café ✓ 日本")
        try t.press("Enter")
        #expect(t.waitFor(text: "\ncafé ✓ 日本"), "\(t.screen)")
        // A pasted body: each newline is an Enter; the open brace keeps the statement going.
        try t.type("create Pasted --visibility SHARED --body '{")
        try t.press("Enter")
        #expect(t.waitFor(text: "   ...>"), "\(t.screen)")
        try t.type("  \"note\": \"déjà vu\",")
        try t.press("Enter")
        try t.type("  \"tags\": [1, 2]")
        try t.press("Enter")
        try t.type("}'")
        try t.press("Enter")
        #expect(t.waitFor { $0.contains("pshellsandbox-") }, "\(t.screen)")
        try t.type("get Pasted --output json")
        try t.press("Enter")
        #expect(t.waitFor(text: "\"note\":\"déjà vu\",\"tags\":[1,2]"), "\(t.screen)")
    }

    @Test func editingKeysWork() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("cho home")
        try t.press("Home")
        try t.type("e")
        try t.press("End")
        try t.type(" end")
        try t.press("Enter")
        #expect(t.waitFor(text: "\nhome end"), "\(t.screen)")
        try t.type("echo one two")
        try t.press("C-Left")
        try t.type("X")
        try t.press("Home")
        try t.press("DC")
        try t.type("e")
        try t.press("Enter")
        #expect(t.waitFor(text: "\none Xtwo"), "\(t.screen)")
    }

    @Test func tokenPromptHidesInputAndDeleteAsks() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("create Doomed --visibility SHARED")
        try t.press("Enter")
        #expect(t.waitFor { $0.contains("pshellsandbox-") })
        try t.type("delete Doomed")
        try t.press("Enter")
        #expect(t.waitFor(text: "and all its items? [y/N]"), "\(t.screen)")
        try t.type("n")
        try t.press("Enter")
        #expect(t.waitFor(text: "Not deleted."), "\(t.screen)")
        // Ctrl-C and Ctrl-D are no answer: nothing is deleted, and the next question is asked again.
        for key in ["C-c", "C-d"] {
            let questions = t.screen.components(separatedBy: "[y/N]").count
            try t.type("delete Doomed")
            try t.press("Enter")
            #expect(t.waitFor { $0.components(separatedBy: "[y/N]").count > questions }, "\(t.screen)")
            let asked = t.screen.components(separatedBy: "Not deleted.").count
            try t.press(key)
            #expect(t.waitFor { $0.components(separatedBy: "Not deleted.").count > asked }, "\(t.screen)")
        }
        try t.type("delete Doomed")
        try t.press("Enter")
        #expect(t.waitFor(text: "and all its items? [y/N]"))
        try t.type("y")
        try t.press("Enter")
        #expect(t.waitFor(text: "Deleted pshellsandbox-"), "\(t.screen)")
        try t.type("token")
        try t.press("Enter")
        #expect(t.waitFor(text: "Token (input hidden):"))
        try t.type("xx-typed-secret-4321")
        try t.press("Enter")
        try t.type("session")
        try t.press("Enter")
        #expect(t.waitFor(text: "••••4321 (typed at the prompt)"), "\(t.screen)")
        #expect(!t.screen.contains("typed-secret"))
    }

    @Test func colourOnTheTerminalUnlessNO_COLOR() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("limits -o pretty")
        try t.press("Enter")
        #expect(t.waitFor(text: "numberOfSourcesLimit"))
        #expect(t.colouredScreen.contains("\u{1B}[34m\"numberOfSourcesLimit\""), "\(t.colouredScreen)")
        let plain = try TmuxSession(environment: ["NO_COLOR": "1"])
        #expect(plain.waitFor(text: Self.prompt))
        try plain.type("limits -o pretty")
        try plain.press("Enter")
        #expect(plain.waitFor(text: "numberOfSourcesLimit"))
        #expect(!plain.colouredScreen.contains("\u{1B}[34m"), "\(plain.colouredScreen)")
    }
}
