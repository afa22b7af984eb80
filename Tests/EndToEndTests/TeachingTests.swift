import CoveoAPI
import Foundation
import Testing

/// The teaching tools as a presenter uses them: `--step` under tmux, `trace` on screen, `record` then replay,
/// and a `curl` command run by curl giving the answer pshell got.
@Suite(.serialized) struct TeachingTests {
    static let prompt = "pshell sandbox:pshellsandbox>"

    @Test func stepTypesEachLineAndWaits() throws {
        let folder = try temporaryHome()
        let script = folder.appending(path: "lesson.pshell")
        try
            ("#!/usr/bin/env pshell\n# Lesson one: three steps.\necho first step\n\necho "
            + "second step\necho third\necho 'two\nlines'\nfor w in a b\n  echo w=$w\nend\n")
            .write(to: script, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: ["--step", script.path])
        // The first line is typed at the prompt, and nothing runs until Enter.
        #expect(t.waitFor(text: Self.prompt + " echo first step"), "\(t.screen)")
        #expect(t.screen.contains("# Lesson one: three steps."))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!Self.lines(t.screen).contains("first step"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor { Self.lines($0).contains("first step") }, "\(t.screen)")
        // Ctrl-C skips a step.
        #expect(t.waitFor(text: Self.prompt + " echo second step"), "\(t.screen)")
        try t.press("C-c")
        // The presenter may edit a step before running it.
        #expect(t.waitFor(text: Self.prompt + " echo third"), "\(t.screen)")
        try t.type(" edited")
        try t.press("Enter")
        #expect(t.waitFor { Self.lines($0).contains("third edited") }, "\(t.screen)")
        #expect(!Self.lines(t.screen).contains("second step"), "\(t.screen)")
        // A statement on two lines: each is typed, Enter on each.
        #expect(t.waitFor(text: Self.prompt + " echo 'two"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor(text: "...> lines'"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor { Self.lines($0).contains("lines") && Self.lines($0).contains("two") }, "\(t.screen)")
        // A block: each line is typed, the block runs at its `end`.
        #expect(t.waitFor(text: Self.prompt + " for w in a b"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor(text: "...>   echo w=$w"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor(text: "...> end"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor { Self.lines($0).contains("w=a") && Self.lines($0).contains("w=b") }, "\(t.screen)")
        #expect(
            t.waitFor(text: "(end of \(script.lastPathComponent); the prompt is yours, Ctrl-D exits)"), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    @Test func theTourIsPrettyOnATerminalAndItsCommentsNarrateUnderEcho() throws {
        let t = try TmuxSession(arguments: ["--echo", "scripts/examples/tour.pshell"])
        #expect(t.waitFor(text: "PSHELL-EXITED=0", timeout: 20), "\(t.screen)")
        let screen = t.scrollback
        // Pretty JSON, one member a line, on a projector; not one-line walls.
        #expect(screen.contains("\n  \"sourceVisibility\": \"PRIVATE\","), "\(screen)")
        #expect(!screen.contains(#"{"id":"#), "\(screen)")
        #expect(screen.contains("# 4. An update: read, change, write back the whole model (PUT)."), "\(screen)")
    }

    @Test func stepAutoTypesRunsAndPausesOnItsOwn() throws {
        let folder = try temporaryHome()
        let script = folder.appending(path: "demo.pshell")
        try "echo one\n# the narration\nfor w in a b\n  echo w=$w\nend\necho three\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: ["--step", script.path, "--auto", "0.1"])
        #expect(
            t.waitFor(text: "(end of \(script.lastPathComponent); the prompt is yours, Ctrl-D exits)", timeout: 10),
            "\(t.screen)")
        let lines = Self.lines(t.screen)
        for expected in ["one", "# the narration", "w=a", "w=b", "three", Self.prompt + " echo three"] {
            #expect(lines.contains(expected), "\(expected): \(t.screen)")
        }
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    @Test func ctrlCDuringAnAutoPauseAndStopHandTheSessionOver() throws {
        let folder = try temporaryHome()
        let script = folder.appending(path: "demo.pshell")
        try "set x kept; echo first\necho never\n".write(to: script, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: ["--step", script.path, "--auto", "30"])
        #expect(t.waitFor { Self.lines($0).contains("first") }, "\(t.screen)")
        try t.press("C-c")
        #expect(t.waitFor(text: "(left \(script.lastPathComponent) before its end; the prompt is yours"), "\(t.screen)")
        try t.type("echo $x")
        try t.press("Enter")
        #expect(t.waitFor { Self.lines($0).contains("kept") }, "\(t.screen)")
        #expect(!Self.lines(t.screen).contains("never"))
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
        // Without --auto, `stop` typed over a step does the same.
        let stepped = try TmuxSession(arguments: ["--step", script.path])
        #expect(stepped.waitFor(text: Self.prompt + " set x kept; echo first"), "\(stepped.screen)")
        try stepped.press("Enter")
        #expect(stepped.waitFor(text: Self.prompt + " echo never"), "\(stepped.screen)")
        try stepped.press("C-u")
        try stepped.type("stop")
        try stepped.press("Enter")
        #expect(stepped.waitFor(text: "before its end; the prompt is yours"), "\(stepped.screen)")
        try stepped.type("echo $x")
        try stepped.press("Enter")
        #expect(stepped.waitFor { Self.lines($0).contains("kept") }, "\(stepped.screen)")
        try stepped.press("C-d")
        #expect(stepped.waitFor(text: "PSHELL-EXITED=0"), "\(stepped.screen)")
    }

    /// The presenter types `stop` at the end of the line the script typed (no Ctrl-U first), or presses Ctrl-D on
    /// it: either leaves the script (it became `set public $last.idstop` before).
    @Test(arguments: ["stop", "C-d"])
    func stopAndCtrlDWorkFromALineTheScriptTyped(key: String) throws {
        let folder = try temporaryHome()
        let script = folder.appending(path: "demo.pshell")
        try "set x kept; echo first\necho never\n".write(to: script, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: ["--step", script.path])
        #expect(t.waitFor(text: Self.prompt + " set x kept; echo first"), "\(t.screen)")
        try t.press("Enter")
        #expect(t.waitFor(text: Self.prompt + " echo never"), "\(t.screen)")
        if key == "stop" { try t.type("stop") } else { try t.press("C-d") }
        if key == "stop" { try t.press("Enter") }
        #expect(t.waitFor(text: "before its end; the prompt is yours"), "\(t.screen)")
        try t.type("echo $x")
        try t.press("Enter")
        #expect(t.waitFor { Self.lines($0).contains("kept") }, "\(t.screen)")
        #expect(!Self.lines(t.screen).contains("never") && !Self.lines(t.screen).contains("neverstop"), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    @Test func aLessonRecordedAsACastIsReadAndReplayedByAsciinema() throws {
        let folder = try temporaryHome()
        let cast = folder.appending(path: "lesson.cast").path
        let t = try TmuxSession(home: folder)
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        let lesson = [
            "record --cast \(cast)", "create Casted --visibility SHARED", "sandbox key", "get nothing-here",
            "echo piped-words | tr a-z A-Z", "\\! echo from-the-system-shell", "record stop",
        ]
        for line in lesson {
            try t.type(line)
            try t.press("Enter")
        }
        #expect(t.waitFor(text: "screen events in \(cast)"), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
        let python = ConformanceTests.python
        let read = try runProgram(
            python, [packageRoot.appending(path: "Tests/EndToEndTests/Conformance/read_cast.py").path, cast])
        #expect(read.status == 0, "\(read.stderr)")
        let summary = try JSONParser.parse(read.stdout)
        #expect(summary["version"] == 2 && summary["monotonic"] == true, "\(read.stdout)")
        // The terminal's own size (tmux's 120x40), not a default.
        #expect(summary["width"] == 120 && summary["height"] == 40, "\(read.stdout)")
        let text = try #require(summary["text"]?.stringValue)
        // The prompt and an error in their colours, as the terminal showed them.
        let prompt = "\u{1B}[1;32mpshell\u{1B}[0m \u{1B}[36msandbox:pshellsandbox\u{1B}[0m> "
        #expect(text.contains(prompt + "create Casted --visibility SHARED\r\n"), "\(text)")
        #expect(text.contains("\u{1B}[1;31merror:\u{1B}[0m HTTP 404 SOURCE_NOT_FOUND"), "\(text)")
        // pshell's own colours stay: the cast is what the terminal showed.
        #expect(text.contains("\r\npshellsandbox-") && text.contains("\u{1B}[2mprerequisites: "), "\(text)")
        // What a pipe's command and `\!` printed is in the cast too (they wrote to the terminal, unseen by it).
        #expect(text.contains("PIPED-WORDS\r\n") && text.contains("from-the-system-shell\r\n"), "\(text)")
        // The sandbox's key, printed during the lesson, is masked in the cast.
        let key = try runPShell(["-c", "sandbox key"])
        #expect(!text.contains("xx") || !text.contains(key.stdout.trimmingCharacters(in: .newlines)))
        #expect(text.contains("••••"), "\(text)")
        let info = try? FileManager.default.attributesOfItem(atPath: cast)
        #expect((info?[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // asciinema's own player, without the waits: what the students would see.
        let player = URL(fileURLWithPath: python).deletingLastPathComponent().appending(path: "asciinema").path
        let replay = try runProgram(player, ["cat", cast])
        #expect(replay.status == 0 && replay.stdout.contains("create Casted --visibility SHARED"), "\(replay.stderr)")
    }

    @Test func traceShowsEachRequestAndAnswer() throws {
        let t = try TmuxSession()
        #expect(t.waitFor(text: Self.prompt))
        try t.type("trace on")
        try t.press("Enter")
        try t.type("create traced --visibility SHARED")
        try t.press("Enter")
        #expect(t.waitFor(text: "HTTP/1.1 201 Created"), "\(t.screen)")
        let screen = t.scrollback
        #expect(screen.contains("POST http://127.0.0.1:"), "\(screen)")
        #expect(screen.contains("/rest/organizations/pshellsandbox/sources HTTP/1.1"), "\(screen)")
        #expect(screen.contains("Authorization: Bearer ••••"), "\(screen)")
        #expect(screen.contains("\"sourceVisibility\": \"SHARED\""), "\(screen)")
        #expect(screen.contains("X-Request-ID: "), "\(screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
    }

    @Test func recordThenReplayGivesTheSameResult() throws {
        let folder = try temporaryHome()
        let recorded = folder.appending(path: "session.pshell")
        let t = try TmuxSession(home: folder)
        #expect(t.waitFor(text: Self.prompt))
        for line in ["record \(recorded.path)", "create recorded --visibility SHARED"] {
            try t.type(line)
            try t.press("Enter")
        }
        #expect(t.waitFor { $0.contains("pshellsandbox-") }, "\(t.screen)")
        let id = try #require(t.screen.firstMatch(of: /pshellsandbox-[a-z2-7]{26}/).map { String($0.output) })
        for line in [
            "update \(id) --visibility PRIVATE --output json", "get nope", "get \(id) --output json", "record stop",
        ] {
            try t.type(line)
            try t.press("Enter")
        }
        #expect(t.waitFor(text: "recorded 4 statements in \(recorded.path)"), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")

        let script = try String(contentsOf: recorded, encoding: .utf8)
        #expect(!script.contains(id), "\(script)")
        #expect(
            script.contains(
                "create recorded --visibility SHARED\nset source1 $last.id\nupdate $source1 "
                    + "--visibility PRIVATE --output json\nget $source1 --output json\n"
            ), "\(script)")
        #expect(!script.contains("get nope"))
        let replay = try runPShell([recorded.path])
        #expect(replay.status == 0, "\(replay.stderr)")
        let lines = replay.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(replay.stdout)")
        let last = try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any]
        #expect(last?["name"] as? String == "recorded")
        #expect(last?["sourceVisibility"] as? String == "PRIVATE")
    }

    @Test func curlCommandGivesTheAnswerPShellGot() throws {
        let sandbox = try StandaloneSandbox(arguments: ["--org", "curltest"])
        defer { sandbox.stop() }
        let pshell = sandbox.pshellArguments
        let environment = ["PSHELL_TOKEN": sandbox.adminKey]
        let run = try runPShell(
            pshell + ["-c", "create viacurl --visibility SHARED\nget viacurl --output json\ncurl"],
            environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains(sandbox.adminKey))
        let parts = run.stdout.components(separatedBy: "\n# export PSHELL_TOKEN")
        let pshellAnswer = try #require(parts.first?.split(separator: "\n").last.map(String.init))
        let command = try #require(run.stdout.range(of: "curl -sS").map { String(run.stdout[$0.lowerBound...]) })
        let curl = try runProgram("/bin/bash", ["-c", "export PSHELL_TOKEN=\(sandbox.adminKey)\n" + command])
        #expect(curl.status == 0, "\(curl.stderr)")
        let viaCurl = try JSONSerialization.jsonObject(with: Data(curl.stdout.utf8)) as? NSDictionary
        let viaPShell = try JSONSerialization.jsonObject(with: Data(pshellAnswer.utf8)) as? NSDictionary
        #expect(viaCurl != nil)
        #expect(viaCurl == viaPShell, "\(curl.stdout)\n\(pshellAnswer)")
        // A write replays too: the source's raw configuration, read back the same way.
        let write = try runPShell(
            pshell + ["-c", "permissions viacurl --allow alice@example.com\ncurl"], environment: environment)
        let putCommand = try #require(write.stdout.range(of: "curl -sS").map { String(write.stdout[$0.lowerBound...]) })
        #expect(putCommand.contains("-X GET"), "the last request of `permissions` is the read-back: \(putCommand)")
        // The privileges call keeps the token out of its URL: trace and curl show it in no form.
        let traced = try runPShell(
            pshell + ["-c", "trace on\nprivileges --output json\ncurl"], environment: environment)
        #expect(traced.status == 0, "\(traced.stderr)")
        #expect(
            traced.stderr.contains("GET \(sandbox.url)/rest/organizations/curltest/privileges/token HTTP/1.1"),
            "\(traced.stderr)")
        #expect(!traced.stderr.contains("accessToken") && !traced.stdout.contains("accessToken"))
        #expect(!traced.stderr.contains(sandbox.adminKey) && !traced.stdout.contains(sandbox.adminKey))
        #expect(traced.stdout.contains("Authorization: Bearer $PSHELL_TOKEN"), "\(traced.stdout)")
    }

    static func lines(_ screen: String) -> [String] {
        screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
