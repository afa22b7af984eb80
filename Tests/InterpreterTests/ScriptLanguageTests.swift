import CoveoAPI
import Interpreter
import Testing

/// The script language: statements, blocks, expansions; and that no input makes the parser crash or lose a block.
@Suite struct ScriptLanguageTests {
    @Test func semicolonsSeparateStatementsOutsideQuotesBracesAndComments() {
        #expect(Tokenizer.splitStatements("a; b ;c") == ["a", " b ", "c"])
        #expect(Tokenizer.splitStatements("echo 'x;y' \"p;q\" a\\;b") == ["echo 'x;y' \"p;q\" a\\;b"])
        #expect(Tokenizer.splitStatements("create x --body {\"a\": \"b;c\", \"d\": [1;2]}; list").count == 2)
        #expect(Tokenizer.splitStatements("echo a # b; c") == ["echo a # b; c"])
        #expect(Tokenizer.splitStatements("echo a;;") == ["echo a"])
        #expect(Tokenizer.splitStatements("") == [""])
    }

    @Test func blocksNestAndKeepTheirLines() throws {
        let script = try Script(
            """
            for s in a b
              if $s == a
                continue
              else if $s == b; echo b
              else
                break
              end
            end
            """)
        guard case .loop(let variable, let list, let body, let line) = script.nodes.first else {
            Issue.record("not a loop: \(script.nodes)")
            return
        }
        #expect(variable == "s" && list == "a b" && line == 1)
        guard case .conditional(let branches, let otherwise, _) = body.first else {
            Issue.record("not a conditional: \(body)")
            return
        }
        #expect(branches.map(\.condition) == ["$s == a", "$s == b"])
        #expect(branches.map(\.line) == [2, 4])
        #expect(branches[0].body == [.continueLoop(line: 3)])
        #expect(branches[1].body == [.statement(" echo b", line: 4)])
        #expect(otherwise == [.breakLoop(line: 6)])
    }

    @Test(arguments: [
        ("if a == b\necho x\n", 1, "this `if` is never closed by `end`"),
        ("echo x\nend\n", 2, "`end` without an open `if` or `for`"),
        ("else\n", 1, "`else` outside an `if`"),
        ("if a == a\nelse\nelse\nend\n", 3, "a second `else` in the `if` of line 1"),
        ("for x a b\nend\n", 1, "write a loop as `for NAME in LIST`"),
        ("for 1x in a\nend\n", 1, "write a loop as `for NAME in LIST`"),
        ("break\n", 1, "`break` outside a `for` loop"),
        ("if\nend\n", 1, "`if` needs a condition"),
        ("if a == a\nelse if\nend\n", 2, "`else if` needs a condition"),
        ("for x in a\nend now\n", 2, "`end` takes nothing after it"),
        ("#!/usr/bin/env pshell\nfor x in a\n  if x == y\n  end\n", 2, "this `for` is never closed by `end`"),
    ])
    func aScriptThatDoesNotParseSaysWhere(text: String, line: Int, message: String) {
        #expect(throws: Script.ParseError(line: line, message: message)) { try Script(text) }
    }

    @Test func anyMixOfLinesParsesOrNamesALineAndNeverCrashes() {
        let pieces = [
            "if $a == b", "else", "else if not exists x", "end", "for x in a b", "break", "continue",
            "echo 'a;b'; echo c",
            "echo {", "}", "if x == y; echo z; end", "# for", "echo \"unclosed", "end # done", "", "set a b",
        ]
        var generator = SplitMix(seed: 20_261_202)
        for _ in 0..<3000 {
            let lines = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            let text = lines.joined(separator: "\n")
            do {
                let script = try Script(text)
                #expect(!Script.isOpen(text), "\(text)")
                _ = script.nodes
            } catch {
                #expect((1...lines.count).contains(error.line), "\(text): \(error)")
                #expect(!error.message.contains("\n"))
                if error.message.hasSuffix("is never closed by `end`") {
                    let opener = lines[error.line - 1].split(separator: " ").first.map(String.init)
                    #expect(["if", "for"].contains(opener), "line \(error.line) of \(text)")
                }
            }
        }
    }

    @Test func expansionsOfArgumentsAndDefaults() throws {
        var seen: [Tokenizer.Reference] = []
        let words = try Tokenizer.tokenize(
            #"echo $# x$@y "$@" ${1:-one} ${name:?say it} ${#list} $last.a[0].b $last.l[*].id ${v.k[2]}"#,
            resolve: { reference in
                seen.append(reference)
                return "<\(reference.name)>"
            }, arguments: { ["p q", "r"] })
        #expect(
            words == ["echo", "<#>", "xp q", "ry", "p q", "r", "<1>", "<name>", "<list>", "<last>", "<last>", "<v>"])
        #expect(
            seen == [
                .init(name: "#"), .init(name: "1", modifier: .orDefault("one")),
                .init(name: "name", modifier: .orFail("say it")), .init(name: "list", modifier: .count),
                .init(name: "last", path: ["a", "0", "b"]), .init(name: "last", path: ["l", "*", "id"]),
                .init(name: "v", path: ["k", "2"]),
            ])
        #expect(try Tokenizer.tokenize("echo $@ end", arguments: { [] }) == ["echo", "end"])
        #expect(throws: Tokenizer.Failure(message: "'${a b}' is not a variable reference", column: 6)) {
            try Tokenizer.tokenize("echo ${a b}")
        }
    }

    @Test func variablesHoldJSONThatPathsAndLoopsRead() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let script = """
            create one --visibility SHARED
            create two --visibility SHARED
            list --output json
            set ids $last.sourceModels[*].id
            set names $last.sourceModels[*].name
            echo ${#ids} sources, first named ${names[0]}
            for id in $ids
              get $id --output json
              echo $last.name
            end
            if empty $last.securityProviderReferences and $status == 0; echo no providers; end
            """
        #expect(await shell.runScript(script, name: "json.pshell") == 0, "\(console.err)")
        let lines = console.out.split(separator: "\n").filter { !$0.hasPrefix("{") && !$0.hasPrefix("testorg-") }
        #expect(lines == ["2 sources, first named one", "one", "two", "no providers"], "\(console.out)")
    }

    @Test func aLoopOverWhatACommandPrints() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let script = """
            create ci-one --visibility SHARED
            create keep --visibility SHARED
            for id in $(list --quiet)  # block lines may end in a comment
              get $id --output json
              echo $id is ${last.name}
            end  # of the loop
            for id in $(get nope)
              echo never
            end
            """
        #expect(await shell.runScript(script, name: "loop.pshell") == 2, "\(console.err)")
        let lines = console.out.split(separator: "\n").filter { $0.contains(" is ") }
        #expect(
            lines.count == 2 && lines[0].hasSuffix(" is ci-one") && lines[1].hasSuffix(" is keep"), "\(console.out)")
        // What the inner command printed was kept for the loop, not shown; its error is shown, with the line.
        #expect(!console.out.contains("never"))
        #expect(console.err.contains("loop.pshell:7: error: HTTP 404"), "\(console.err)")
        #expect(
            ScriptChecker.check("for id in $(lst --quiet)\nend").map(\.message) == [
                "unknown command 'lst' (did you mean list?)"
            ])
    }

    /// 40,000 nested `if`s segfaulted (the stack) and 10,000 took 6.8 s: nesting stops at 256, said at its line,
    /// in a run and under `--check` alike; a script of many blocks side by side still parses.
    @Test func nestingHasALimitAndTheParseIsLinear() async throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "if 1 == 1\n", count: depth) + "echo deep\n" + String(repeating: "end\n", count: depth)
        }
        #expect(throws: Never.self) { try Script(nested(256)) }
        let message = "blocks nest at most 256 deep; this `if` is one more"
        #expect(throws: Script.ParseError(line: 257, message: message)) { try Script(nested(40_000)) }
        #expect(ScriptChecker.check(nested(40_000)).map { "\($0.line): \($0.message)" } == ["257: \(message)"])
        // A chain of `not` is counted, not recursed into: 3,000 of them overflowed the stack.
        let negations = "if " + String(repeating: "not ", count: 3001) + "1 == 2\n  echo ok\nend\n"
        #expect(ScriptChecker.check(negations).isEmpty)
        let console = RecordingConsole()
        #expect(await makeShell(console).runScript(negations, name: "n.pshell") == 0, "\(console.err)")
        #expect(console.out == "ok\n")
        let wide = String(repeating: "for x in a b\n  if $x == a\n    echo $x\n  end\nend\n", count: 20_000)
        #expect(try Script(wide).nodes.count == 20_000)
    }

    /// An inline `--body` that is not a JSON object is found by `--check`, in the run's words.
    @Test func checkReadsAnInlineBodyAsTheRunDoes() {
        let problems = ScriptChecker.check(
            "create A --body '{\"a\": }'\nupdate A --body '[1]'\nupdate A --body '{\"ok\": 1}'\n"
                + "update A --body @b.json\nupdate A --body \"{\\\"v\\\": $1}\"\n")
        #expect(
            problems.map { "\($0.line): \($0.message)" } == [
                "1: --body: invalid JSON at line 1, column 7: unexpected '}'; expected a value",
                "2: --body: expected a JSON object, not an array",
            ], "\(problems)")
    }

    /// `--check` parses a condition as the run does: what it passes, the run can evaluate (`if ==` passed it).
    @Test(arguments: [
        ("if ==", "if: '==' is neither a command nor a comparison"),
        ("if exists a and", "if: a condition is missing"),
        ("if a == b c", "if: unexpected 'c' in the condition"),
        ("if not", "if: a condition is missing"),
        ("if a ==", "if: == needs a value on its right"),
        ("if frobnicate x", "if: 'frobnicate' is neither a command nor a comparison"),
        ("if get --zork", "get: unknown option --zork"),
    ])
    func checkAndRunParseAConditionAlike(condition: String, message: String) async {
        let script = condition + "\n  echo inside\nend\n"
        let problems = ScriptChecker.check(script)
        #expect(problems.count == 1 && problems[0].message.hasPrefix(message), "\(problems)")
        let console = RecordingConsole()
        let status = await makeShell(console).runScript(script, name: "c.pshell")
        if !condition.contains("--zork") {
            #expect(status == 64 && console.err.contains(message), "\(console.err)")
        }
        #expect(!console.out.contains("inside"))
    }

    @Test func comparisonsPatternsAndNumbers() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let script = """
            if ci-build-1 == ci-* and ci-build-1 != *-2 and abc == a?c and not abc == a?; echo patterns; end
            if 10 > 9 and 9 < 10 and b > a and not 10 < 9; echo numbers and text; end
            if empty '' and empty [] and empty {} and empty null and not empty 0; echo empties; end
            set x 1
            if exists x and not exists y or nothing == here; echo names; end
            """
        #expect(await shell.runScript(script, name: "c.pshell") == 0, "\(console.err)")
        #expect(console.out == "patterns\nnumbers and text\nempties\nnames\n")
        #expect(await shell.runScript("if frobnicate; end", name: "d.pshell") == 64)
        #expect(console.err.hasPrefix("d.pshell:1: error: if: 'frobnicate' is neither a command nor a comparison"))
    }
}

/// A small seeded generator, so the property test is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
