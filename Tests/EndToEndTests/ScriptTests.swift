import Foundation
import Testing

/// The built binary on the example scripts, compared with golden files; and the ways a script reaches it.
@Suite struct ScriptTests {
    static let examples = [
        "seed-secured", "seed-public", "sources", "rename-refused", "errors", "push", "prerequisites", "providers",
        "permissions",
        "teaching", "tour", "fields", "provision-if-absent", "teardown-by-prefix", "bulk-push-report", "arguments",
        "catalog", "who-sees-what",
    ]

    @Test(arguments: examples)
    func exampleScript(name: String) throws {
        // A fixed instant: the golden files show dates (a license that expired the day before), not the test's day.
        let result = try runPShell(["--clock", fixedInstant, "scripts/examples/\(name).pshell"])
        try expectGolden(result, name)
    }

    /// A dry run goes through the whole of each example: a placeholder stands for what was not sent, an assertion
    /// on one is not checked, and nothing is created.
    @Test(arguments: examples)
    func exampleScriptUnderADryRun(name: String) throws {
        let result = try runPShell(["--clock", fixedInstant, "--dry-run", "scripts/examples/\(name).pshell"])
        #expect(result.status == 0, "\(result.stderr)")
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") || $0.contains(": error:") }
        #expect(errors.isEmpty, "\(result.stderr)")
    }

    @Test func stdinAndDashCAndShebangShareOneGrammar() throws {
        let script =
            "set greeting 'hello there'\necho $greeting\ncreate x --visibility SHARED "
            + "--output json\nassert $last.name == x\n"
        let piped = try runPShell([], stdin: script)
        #expect(piped.status == 0)
        #expect(piped.stdout.hasPrefix("hello there\n{\"id\":"))
        let dashC = try runPShell(["-c", "echo $1 and ${env.WHO}", "one"], environment: ["WHO": "two"])
        #expect(dashC.stdout == "one and two\n")
        let home = try temporaryHome()
        let file = home.appending(path: "greet.pshell")
        try "#!/usr/bin/env pshell\necho hi $1\n".write(to: file, atomically: true, encoding: .utf8)
        let shebang = try runPShell([file.path, "you"], home: home)
        #expect(shebang.stdout == "hi you\n")
        #expect(shebang.status == 0)
    }

    @Test func echoShowsEachStatementBeforeItsOutput() throws {
        let result = try runPShell(["--echo", "-c", "echo one\n# a note\nset x 2\necho $x"])
        #expect(
            result.stdout
                == "pshell sandbox:pshellsandbox> echo one\none\n# a note\npshell sandbox:pshellsandbox> "
                + "set x 2\npshell sandbox:pshellsandbox> echo $x\n2\n"
        )
        let step = try runPShell(["--step", "scripts/examples/tour.pshell"])
        #expect(step.status == 64)
        #expect(step.stderr.contains("--step needs a terminal"))
    }

    @Test func exitStatuses() throws {
        #expect(try runPShell(["-c", "exit 7"]).status == 7)
        let outOfRange = try runPShell(["-c", "exit 256"])
        #expect(outOfRange.status == 64)
        #expect(outOfRange.stderr == "error: exit: STATUS must be from 0 to 255, not 256\n")
        let usage = try runPShell(["-c", "get"])
        #expect(usage.status == 64)
        #expect(
            usage.stderr
                == "error: get: missing SOURCE (usage: get SOURCE [--output auto|json|pretty|none] [--quiet] "
                + "[--dry-run])\n")
        let missing = try runPShell(["no-such-script.pshell"])
        #expect(missing.status == 64)
        #expect(missing.stderr == "pshell: error: no-such-script.pshell: no such file\n")
        let keepGoing = try runPShell(["--keep-going"], stdin: "get nope\necho still here\n")
        #expect(keepGoing.status == 2, "the status of the 404 that did not stop it")
        #expect(keepGoing.stdout == "still here\n")
        #expect(keepGoing.stderr.hasPrefix("<stdin>:1: error: HTTP 404 SOURCE_NOT_FOUND"))
        let badJSON = try runPShell(["-c", "create x --body '{\"a\": }'"])
        #expect(badJSON.status == 64)
        #expect(badJSON.stderr == "error: --body: invalid JSON at line 1, column 7: unexpected '}'; expected a value\n")
    }

    @Test func noColourWhenPipedAndHelpIsUseful() throws {
        let help = try runPShell(["-c", "help create"])
        #expect(help.stdout.contains("operation: POST /rest/organizations/{org}/sources"))
        #expect(help.stdout.contains("example:   create"))
        #expect(!help.stdout.contains("\u{1B}["))
        let forced = try runPShell(["--color", "always", "-c", "help"])
        #expect(forced.stdout.contains("\u{1B}[1m"))
        let noColor = try runPShell(["--color", "auto", "-c", "help"], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
        // A diagnostic's colour follows its severity, not words in its text: a name with "warning:" in it stays plain.
        let error = try runPShell(["--color", "always", "-c", #"get "warning: b""#])
        #expect(
            error.stderr.hasPrefix("\u{1B}[1;31merror:\u{1B}[0m HTTP 404 SOURCE_NOT_FOUND: The source 'warning: b'"),
            "\(error.stderr)")
        #expect(
            error.stderr.components(separatedBy: "\u{1B}[").count == 3, "only the label is coloured: \(error.stderr)")
    }

    @Test func tokenIsNeverAFlagAndNeverPrinted() throws {
        let flag = try runPShell(["--token", "xx-secret", "-c", "session"])
        #expect(flag.status == 64)
        let env = try runPShell(
            ["-c", "session"], environment: ["PSHELL_TOKEN": "xx-very-secret-abcd", "PSHELL_ORG": "myorg"])
        #expect(env.stdout.contains("••••abcd ($PSHELL_TOKEN)"))
        #expect(env.stdout.contains("https://platform.cloud.coveo.com"))
        #expect(!env.stdout.contains("very-secret"))
    }

    @Test func coveoCLILoginIsPickedUp() throws {
        let home = try temporaryHome()
        let folder = home.appending(path: ".config/@coveo/cli")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config =
            #"{"organization":"clitestorg","region":"au","environment":"prod","accessToken":"xx-cli-token-wxyz"}"#
        try config.write(to: folder.appending(path: "config.json"), atomically: true, encoding: .utf8)
        let result = try runPShell(["-c", "session"], home: home)
        #expect(result.stdout.contains("https://platform-au.cloud.coveo.com"))
        #expect(result.stdout.contains("https://api-au.cloud.coveo.com"))
        #expect(result.stdout.contains("clitestorg"))
        #expect(result.stdout.contains("••••wxyz"))
    }
}
