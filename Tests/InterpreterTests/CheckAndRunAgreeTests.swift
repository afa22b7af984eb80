import CoveoAPI
@testable import Interpreter
import Sandbox
import Testing

/// `--check` refuses what the run refuses, from the same checks: settings' values, numbers, times, and a
/// misspelt block word named where it is.
@Suite struct CheckAndRunAgreeTests {
    @Test func settingsAreCheckedBeforeTheRun() async {
        let script =
            "set timeout 0\nset max-wait inf\nset output weird\nset on-error maybe\nset pager maybe\n"
            + "set status 3\nset name ok\nset output none"
        let found = ScriptChecker.check(script).map { "\($0.line): \($0.message)" }
        #expect(
            found == [
                "1: set timeout: expected a number of seconds from 0.001 to 86400, not '0'",
                "2: set max-wait: expected a number of seconds from 0 to 86400, not 'inf'",
                "3: set output: expected one of auto, json, pretty, csv, tsv, none, not 'weird'",
                "4: set on-error: expected continue or stop, not 'maybe'",
                "5: set pager: expected on or off, not 'maybe'",
                "6: set: $status is reserved",
            ])
        // The run says the same, line for line.
        let shell = makeShell(RecordingConsole())
        for (index, statement) in script.split(separator: "\n").prefix(6).enumerated() {
            guard case .failure(let error) = await shell.execute(String(statement)) else {
                Issue.record("\(statement) was taken")
                continue
            }
            #expect(found[index].hasSuffix(error.message))
        }
    }

    /// A pipe that cannot run (nothing after it, `||`, nothing before it, watch) is refused by both alike.
    @Test func aPipeIsCheckedAsItRuns() async {
        let script = "echo x |\necho x || echo y\n| cat\nwatch 1 list | cat\necho fine | cat"
        let found = ScriptChecker.check(script)
        #expect(found.map(\.line) == [1, 2, 3, 4], "\(found)")
        #expect(found[1].message.hasPrefix("`||` is not pshell's"))
        let shell = makeShell(RecordingConsole())
        for (index, statement) in script.split(separator: "\n").prefix(4).enumerated() {
            guard case .failure(let error) = await shell.execute(String(statement)) else {
                Issue.record("\(statement) was taken")
                continue
            }
            #expect(found[index].message == error.message)
        }
    }

    @Test func aMisspeltBlockWordIsNamedWhereItIs() {
        let found = ScriptChecker.check("fore x in a b\n  echo $x\nend").map { "\($0.line): \($0.message)" }
        #expect(found == ["3: `end` without an open `if` or `for` (line 1: `fore` is not `for`)"])
        #expect(
            ScriptChecker.check("iff 1 == 1").map(\.message) == [
                "unknown command 'iff' (did you mean if?)"
            ])
    }

    /// `assert`'s operator is checked by the parse both share.
    @Test func anAssertsOperatorIsChecked() async {
        #expect(
            ScriptChecker.check("assert 10 > 9").map(\.message) == ["assert: the operator must be == or !=, not '>'"])
        guard case .failure(let error) = await makeShell(RecordingConsole()).execute("assert 10 > 9") else {
            Issue.record("assert 10 > 9 was taken")
            return
        }
        #expect(error.message == "assert: the operator must be == or !=, not '>'")
    }

    /// The process's --dry-run holds for the whole run: a script's `dry-run off` sends nothing, and neither does
    /// a change of the sandbox's license and limits.
    @Test func theProcessDryRunCannotBeTurnedOff() async {
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        var session = Session(target: .sandbox)
        session.dryRun = true
        session.dryRunForWholeRun = true
        let shell = Shell(
            session: session, console: console, launcher: sandbox,
            makeTransport: { AsyncHTTPTransport(options: $0) }, sandboxControl: SandboxHTTPControl())
        #expect(await shell.execute("dry-run off") == .success)
        #expect(console.err.contains("pshell runs with --dry-run: nothing is sent until it ends"))
        #expect(await shell.execute("sandbox --sources-limit 0") == .success)
        #expect(await shell.execute("create real --visibility SHARED -q") == .success)
        // The same sandbox, seen without a dry run: nothing was created, and its limit is what it was.
        let after = RecordingConsole()
        let real = makeShell(after, sandbox: sandbox)
        #expect(await real.execute("list -o json") == .success)
        #expect(after.out.contains("\"sourceModels\":[]"), "\(after.out)")
        #expect(await real.execute("create other --visibility SHARED -q") == .success)
    }

    /// A dry run deletes nothing, so it asks nothing: it shows what it would send.
    @Test func aDryRunAsksNothing() async {
        let console = RecordingConsole(interactive: true, answers: ["n"])
        let shell = makeShell(console)
        #expect(await shell.execute("create gone --visibility SHARED -q") == .success)
        #expect(await shell.execute("delete gone --dry-run") == .success)
        #expect(!console.out.contains("[y/N]"), "\(console.out)")
        #expect(console.out.contains("DELETE http://127.0.0.1:"))
    }
}
