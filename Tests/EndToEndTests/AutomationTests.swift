import Foundation
import Testing

/// Scripts that automate and output that machines read: the built binary, its exit codes, `--check`, `-o json`
/// read back by Python, blocks and arguments from every way a script arrives.
@Suite struct AutomationTests {
    /// Every command that calls the API, once, against the built-in sandbox.
    static let everyCommand = """
        create Docs --visibility SECURED --with-provider
        set id $last.id
        get $id
        list
        update $id --visibility SECURED
        raw $id
        push $id https://e.com/0 --title Zero --data z
        push $id https://e.com/0b --title ZeroB --data z --wait
        status $id REBUILD
        push $id @items.ndjson
        push $id @items.ndjson --wait
        status $id IDLE
        items $id
        logs $id
        remove $id https://e.com/1
        remove $id --older-than 2020-01-01T00:00:00Z --yes
        provider list
        provider create Extra
        provider get Extra
        identity Extra set g --type group --member a@e.com:user
        identity Extra alias a --to b@e.com:user
        identity Extra push @ids.json
        identity Extra list
        identity Extra delete a
        identity Extra remove --older-than 2020-01-01T00:00:00Z --yes
        provider delete Extra --yes
        field list
        field create color --facet
        field delete color --yes
        apikey create --source $id --name k
        set key $last.id
        apikey list
        apikey disable $key
        apikey delete $key --yes
        license
        limits
        privileges
        create Pub --visibility SHARED
        permissions $last.id --allow alice@example.com
        delete $id --yes
        """

    /// A dry run of a script that pushes a folder and an item goes through the whole script and shows every
    /// request each push would send, in order; nothing is written (it stopped with exit 1 at the first field).
    /// A dry run of one item on a real host sends nothing: the source's visibility (read for a warning) and the
    /// fields (read only for metadata) build no request. Checked on the wire, by a server that writes down
    /// whatever reaches it.
    /// `STATEMENT | COMMAND`: the statement's output (as off a terminal) on the command's standard input, secrets
    /// masked as the terminal would show them and no token in its environment; a quoted `|` is a character, one
    /// inside `$(...)` belongs to it; the command's failure is the statement's; `--check` reads the statement alone.
    @Test func aStatementsOutputGoesThroughAPipe() throws {
        let script = """
            create piped --visibility SHARED -q
            get piped | grep -o '"name":"piped"'
            echo 'a|b' "c | d"
            token --env FAKE_TOKEN
            echo xx-fake-token-123456 | cat
            sandbox
            sandbox key | grep -c '^xx'
            for id in $(list --quiet | head -1); echo got $id; end
            """
        let run = try runPShell(["-c", script], environment: ["FAKE_TOKEN": "xx-fake-token-123456"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("\"name\":\"piped\""), "\(run.stdout)")
        #expect(lines.contains("a|b c | d"), "\(run.stdout)")
        // The session's token is masked in what the pipe carries; a key shown on purpose goes through whole.
        #expect(lines.contains("••••3456") && !run.stdout.contains("xx-fake-token-123456"), "\(run.stdout)")
        #expect(lines.contains("1"), "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("got pshellsandbox-") }, "\(run.stdout)")
        let empty = try runPShell(["-c", "echo x |"])
        #expect(empty.status == 64 && empty.stderr.contains("a `|` with no command after it"), "\(empty.stderr)")
        let failing = try runPShell(["-c", "echo x | false"])
        #expect(failing.status == 1 && failing.stderr.contains("| `false` exited with status 1"), "\(failing.stderr)")
        let watched = try runPShell(["-c", "watch 1 echo a | head -1"])
        #expect(watched.status == 64 && watched.stderr.contains("cannot go through a `|`"), "\(watched.stderr)")
        let check = try runPShell(["--check", "-c", "get x | grep id"])
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// The config file's settings apply to a run; a flag given wins over them.
    @Test func theConfigFileAndTheFlagsThatWin() throws {
        let home = try temporaryHome()
        let folder = home.appending(path: ".config/pshell")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try #"{"output": "pretty"}"#.write(to: folder.appending(path: "config.json"), atomically: true, encoding: .utf8)
        let pretty = try runPShell(["-c", "limits"], home: home)
        #expect(pretty.stdout.hasPrefix("{\n  \"content\""), "\(pretty.stdout)")
        let compact = try runPShell(["-o", "json", "-c", "limits"], home: home)
        #expect(compact.stdout.hasPrefix("{\"content\""), "\(compact.stdout)")
    }

    /// `--version` and `version` say the release and the git commit the binary was built from.
    @Test func theVersionNamesTheCommit() throws {
        let flag = try runPShell(["--version"])
        let word = try runPShell(["version"])
        let command = try runPShell(["-c", "version"])
        #expect(flag.status == 0 && word.status == 0 && command.status == 0)
        #expect(word.stdout == "pshell " + flag.stdout, "\(word.stdout) \(flag.stdout)")
        #expect(command.stdout == word.stdout, "the prompt's `version`: \(command.stdout)")
        let commit = try #require(flag.stdout.firstMatch(of: /^0\.1\.0 \(commit ([0-9a-f]{12}|unknown)\)\n$/))
        let head = try runProgram("/usr/bin/git", ["-C", packageRoot.path, "rev-parse", "HEAD"])
        // Built from this checkout (a clean clone in CI): its HEAD.
        if head.status == 0 { #expect(head.stdout.hasPrefix(String(commit.1)), "\(head.stdout)") }
    }

    @Test func aDryRunOfAnItemSendsNothingToTheHost() throws {
        let log = try temporaryHome().appending(path: "wire.log").path
        let recorder = try LoopbackHelper(script: "record_requests.py", arguments: [log])
        defer { recorder.stop() }
        let run = try runPShell(
            [
                "--platform-url", recorder.url, "--push-url", recorder.url, "--org", "wire", "-c",
                "push wire-abc doc --data x --dry-run",
            ],
            environment: ["PSHELL_TOKEN": "xx11111111-2222-3333-4444-555555555555"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("PUT \(recorder.url)/push/v1/organizations/wire/sources/wire-abc/documents?"))
        let wire = try String(contentsOfFile: log, encoding: .utf8)
        #expect(wire.isEmpty, "\(wire)")
    }

    /// A dry run sends the read an `if` asks about: the branch it shows is the one the script would take (a `get`
    /// held back counted as success, and the create was never shown).
    @Test func aDryRunTakesTheBranchTheScriptWouldTake() throws {
        let run = try runPShell([
            "--dry-run", "-c",
            "set name \"Dry docs\"\nif get \"$name\" --output json\n  echo exists\nelse\n"
                + "  create \"$name\" --visibility SHARED\nend\necho done",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("exists") && run.stdout.contains("POST "), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("done\n"), "\(run.stdout)")
    }

    @Test func aDryRunOfPushesShowsEveryRequestAndGoesOn() throws {
        let folder = try temporaryHome()
        let items = folder.appending(path: "items")
        try FileManager.default.createDirectory(at: items, withIntermediateDirectories: true)
        try #"[{"documentId": "https://a/1", "color": "red"}, {"documentId": "https://a/2", "size": 3}]"#.write(
            to: items.appending(path: "a.json"), atomically: true, encoding: .utf8)
        let state = folder.appending(path: "state.db").path
        let made = try runPShell(["--sandbox-state", state, "-c", "create S --visibility SHARED --no-check"])
        let id = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try """
        push \(id) @items --status REBUILD --wait
        push \(id) doc --meta shade=blue --data x --wait
        echo after
        """.write(to: folder.appending(path: "dry.pshell"), atomically: true, encoding: .utf8)
        let run = try runPShell(
            ["--sandbox-state", state, "--dry-run", folder.appending(path: "dry.pshell").path],
            workingDirectory: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("after\n"), "\(run.stdout)")
        let requests = run.stdout.split(separator: "\n").filter { $0.hasSuffix(" HTTP/1.1") }.map { line in
            let words = line.split(separator: " ")
            return words[0] + " " + (URL(string: String(words[1]))?.lastPathComponent ?? "?")
        }
        #expect(
            requests == [
                "POST status", "POST create", "POST files", "PUT file-container", "PUT batch", "POST status",
                "POST create", "PUT documents",
            ], "\(requests)\n\(run.stdout)")
        #expect(run.stdout.contains("dry run: would push 2 item(s)") && run.stdout.contains("dry run: would push doc"))
        let after = try runPShell(
            ["--sandbox-state", state, "-c", "items \(id) --output json\nfield list --filter shade --output json"])
        #expect(after.stdout.contains(#""totalItems":0"#) && !after.stdout.contains("shade\""), "\(after.stdout)")
    }

    @Test func everyCommandPrintsJSONThatPythonReads() throws {
        let folder = try temporaryHome()
        try #"{"documentId":"https://e.com/1","title":"One","data":"x"}"#.appending("\n")
            .appending(#"{"documentId":"https://e.com/2","title":"Two","data":"y"}"#).appending("\n")
            .write(to: folder.appending(path: "items.ndjson"), atomically: true, encoding: .utf8)
        try #"{"members":[{"identity":{"name":"g","type":"GROUP"},"members":[{"name":"a@e.com","type":"USER"}]}]}"#
            .write(to: folder.appending(path: "ids.json"), atomically: true, encoding: .utf8)
        let script = folder.appending(path: "all.pshell")
        try Self.everyCommand.write(to: script, atomically: true, encoding: .utf8)
        let run = try runPShell(["-o", "json", script.path], workingDirectory: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 38, "one JSON document per command that prints: \(run.stdout)")
        let output = folder.appending(path: "out.json")
        try run.stdout.write(to: output, atomically: true, encoding: .utf8)
        let check = try runPython(
            "import json, sys\nfor n, line in enumerate(open(sys.argv[1]), 1):\n    json.loads(line)\nprint(n)",
            [output.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "38\n")
        // The batch summary a script reads back: counts, and with --wait each item's fate.
        #expect(lines.contains { $0.contains(#""sent":2,"bad":0,"badItems":[]"#) && $0.contains(#""indexed":2"#) })
    }

    @Test func anErrorIsOneJSONObjectOnStandardError() throws {
        let folder = try temporaryHome()
        let script = folder.appending(path: "fail.pshell")
        try "list\nget no-such-source\n".write(to: script, atomically: true, encoding: .utf8)
        let run = try runPShell(["--output", "json", script.path])
        #expect(run.status == 2)
        let parsed = try runPython(
            "import json, sys\ne = json.loads(sys.stdin.read())['error']\n"
                + "print(e['status'], e['errorCode'], e['command'], e['file'].endswith('fail.pshell'), e['line'], "
                + "e['exitCode'], len(e['requestId']) > 0, 'does not exist' in e['message'])",
            [], stdin: run.stderr)
        #expect(parsed.stdout == "404 SOURCE_NOT_FOUND get True 2 2 True True\n", "\(run.stderr) \(parsed.stderr)")
    }

    @Test func exitCodesMeanTheSameEverywhere() throws {
        let cases: [(arguments: [String], environment: [String: String], status: Int32)] = [
            (["-c", "list"], [:], 0),
            (["-c", "assert 1 == 2"], [:], 1),
            (["-c", "get no-such-source"], [:], 2),
            (["-c", "sandbox --viewer; create x --no-check"], [:], 3),
            (["--sandbox-faults", "429=1", "--max-wait", "0", "-c", "list"], [:], 4),
            (
                [
                    "--platform-url", "http://127.0.0.1:9", "--push-url", "http://127.0.0.1:9", "--org", "o",
                    "--max-wait", "0", "-c", "list",
                ],
                ["PSHELL_TOKEN": "xxsome-token-value"], 5
            ),
            (["-c", "get"], [:], 64),
            (["--no-such-flag"], [:], 64),
            (["-c", "if 1 == 1"], [:], 65),
            (["--check", "-c", "frobnicate"], [:], 65),
        ]
        for (arguments, environment, status) in cases {
            let run = try runPShell(arguments, environment: environment)
            #expect(run.status == status, "pshell \(arguments): \(run.stderr)")
        }
    }

    @Test func everyExampleScriptPassesTheCheck() throws {
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: packageRoot.appending(path: "scripts/examples").path
        ).filter { $0.hasSuffix(".pshell") }.sorted().map { "scripts/examples/" + $0 }
        #expect(examples.count >= 16)
        let run = try runPShell(["--check"] + examples)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty && run.stdout.isEmpty)
    }

    @Test func checkReportsEachMistakeWithItsLineAndSendsNothing() throws {
        let folder = try temporaryHome()
        let mistakes: [(script: String, report: String)] = [
            ("echo start\nfrobnicate now\n", ":2: error: unknown command 'frobnicate'"),
            (
                "create Docs --visiblity SHARED\n",
                ":1: error: create: unknown option --visiblity (did you mean --visibility?)"
            ),
            ("set id x\nget $id extra\n", ":2: error: get: unexpected argument 'extra'"),
            ("echo $name\n", ":1: error: $name is not set before this line (set it with `set name VALUE`)"),
            ("for s in a b\n  echo $s\n", ":1: error: this `for` is never closed by `end`"),
            ("echo a\nend\n", ":2: error: `end` without an open `if` or `for`"),
            (
                "if 1 == 1\n  status x LATER\nend\n",
                ":2: error: status: STATUS must be one of REBUILD, REFRESH, INCREMENTAL, IDLE"
            ),
            ("echo \"open\n", ":1: error: a double quote is not closed (column 6)"),
        ]
        for (index, mistake) in mistakes.enumerated() {
            let file = folder.appending(path: "mistake\(index).pshell")
            try mistake.script.write(to: file, atomically: true, encoding: .utf8)
            // Pointed at a port nobody listens on: a check that sent anything would fail with 5.
            let run = try runPShell(
                [
                    "--platform-url", "http://127.0.0.1:9", "--push-url", "http://127.0.0.1:9", "--org", "o", "--check",
                    file.path,
                ], environment: ["PSHELL_TOKEN": "xxsome-token-value"])
            #expect(run.status == 65, "\(mistake.script): \(run.stderr)")
            #expect(run.stderr.hasPrefix(file.path + mistake.report), "\(mistake.script): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let clean = folder.appending(path: "clean.pshell")
        let script = "create Docs --visibility SHARED\nset id $last.id\n"
        try (script + "for n in 1 2; push $id https://e.com/$n --title T$n; end\n")
            .write(to: clean, atomically: true, encoding: .utf8)
        let run = try runPShell(
            [
                "--platform-url", "http://127.0.0.1:9", "--push-url", "http://127.0.0.1:9", "--org", "o", "--check",
                clean.path, "-v", "unused=1",
            ], environment: ["PSHELL_TOKEN": "xxsome-token-value"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty && run.stderr.isEmpty)
    }

    @Test func argumentsAndBlocksFromEveryWayAScriptArrives() throws {
        let counted = try runPShell(["-c", "echo $# $0; for a in \"$@\"; echo [$a]; end", "x y", "z"])
        #expect(counted.stdout == "2 pshell\n[x y]\n[z]\n", "\(counted.stderr)")
        let defaults = try runPShell(["-c", "echo ${1:-one} ${2:-two}", "given"])
        #expect(defaults.stdout == "given two\n")
        let required = try runPShell(["-c", "echo ${1:?give the source name}"])
        #expect(required.status == 1)
        #expect(required.stderr == "error: $1: give the source name\n")
        let piped = try runPShell(["-", "a"], stdin: "if $1 == a\n  echo first\nelse\n  echo other\nend\n")
        #expect(piped.stdout == "first\n", "\(piped.stderr)")
        let folder = try temporaryHome()
        let file = folder.appending(path: "loop.pshell")
        try "for n in 1 2 3 4\n  if $n == 2; continue; end\n  if $n > 3; break; end\n  echo $prefix$n\nend\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let looped = try runPShell(["-v", "prefix=n", "-f", file.path])
        #expect(looped.stdout == "n1\nn3\n", "\(looped.stderr)")
        // A command as a condition: its error is the answer, not a failure; $status says what it was.
        let tried = try runPShell(["-c", "if not get missing; echo absent $status; end; echo after"])
        #expect(tried.status == 0, "\(tried.stderr)")
        #expect(tried.stdout == "absent 2\nafter\n")
        #expect(tried.stderr.isEmpty)
    }

    @Test func tablesAsCSVTSVChosenColumnsIdsAloneAndEveryPage() throws {
        let setUp =
            "for n in 1 2 3 4 5; create src-$n --visibility SHARED; end; "
            + "create 'Say \"hi\", then go' --visibility SHARED"
        let quiet = try runPShell(["-c", setUp + "; list --all --per-page 2 --quiet"])
        let ids = quiet.stdout.split(separator: "\n").dropFirst(6)
        #expect(ids.count == 6 && ids.allSatisfy { $0.hasPrefix("pshellsandbox-") }, "\(quiet.stdout)")
        let csv = try runPShell(["-c", setUp + "; list --all --per-page 4 -o csv --columns name,Visibility"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let table = csv.stdout.components(separatedBy: "\r\n")
        #expect(table.first?.hasSuffix("\nNAME,VISIBILITY") == true, "\(csv.stdout)")
        #expect(
            Array(table.dropFirst()) == [
                "\"Say \"\"hi\"\", then go\",SHARED", "src-1,SHARED", "src-2,SHARED", "src-3,SHARED", "src-4,SHARED",
                "src-5,SHARED", "",
            ], "\(csv.stdout)")
        let tsv = try runPShell(["-o", "tsv", "-c", "create a --visibility PRIVATE; list --columns visibility,name"])
        #expect(tsv.stdout.hasSuffix("VISIBILITY\tNAME\nPRIVATE\ta\n"), "\(tsv.stdout)")
        let unknown = try runPShell(["-c", "list --columns name,colour"])
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr
                == "error: --columns: no column 'colour'; the columns are ID, NAME, VISIBILITY, STATUS, DOCUMENTS\n")
        // Where no table is shown, -q prints nothing, as on every command (the result is still $last).
        let silent = try runPShell(["-c", "field create f --quiet; echo $last[0].name"])
        #expect(silent.status == 0 && silent.stdout == "f\n", "\(silent.stderr)")
    }

    @Test func aDryRunOfAScriptGoesOnPastWhatItDidNotGet() throws {
        let run = try runPShell([
            "--dry-run", "-c",
            "create Docs --visibility SHARED; set id $last.id; push $id https://e.com/1 --title T --data d; "
                + "status $id IDLE; echo done $id",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: "dry run: not sent").count - 1 == 3, "\(run.stdout)")
        #expect(run.stdout.contains("POST http://127.0.0.1:"), "\(run.stdout)")
        // What the held create would have made stands in: its body, and a placeholder for the id.
        #expect(run.stdout.contains("/sources/dry-run%3Asource.id/documents?documentId="), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("done dry-run:source.id\n"), "\(run.stdout)")
    }
}

/// Runs Python (the test venv's, as the conformance tests do) on a program.
func runPython(_ program: String, _ arguments: [String], stdin: String? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ConformanceTests.python)
    process.arguments = ["-c", program] + arguments
    let output = Pipe()
    let errors = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data((stdin ?? "").utf8))
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
        stderr: String(decoding: err, as: UTF8.self))
}
