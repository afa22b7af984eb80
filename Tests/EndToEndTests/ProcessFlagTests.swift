import Foundation
import Testing

/// The process's flags as getopt-trained hands type them, and one line for each mistake.
@Suite struct ProcessFlagTests {
    @Test func theFormsPeopleType() throws {
        // `--long=VALUE`, `-cVALUE`, short flags together, `--` before words that look like flags, `-` a word.
        let forms: [([String], String)] = [
            (["--output=json", "-c", "echo one"], "one\n"),
            (["-cecho two"], "two\n"),
            (["-yc", "echo three"], "three\n"),
            (["-c", "echo $1 $2", "--", "--four", "-4"], "--four -4\n"),
            (["-v", "a=1", "--set", "b=2", "-c", "echo $a$b"], "12\n"),
        ]
        for (arguments, expected) in forms {
            let run = try runPShell(arguments)
            #expect(run.status == 0 && run.stdout == expected, "\(arguments): \(run.stdout) \(run.stderr)")
        }
        // The last of a flag given twice wins (an alias `p='pshell --org a'`, then `p --org b`).
        let twice = try runPShell(["--org", "first", "--org", "last", "-c", "session"])
        #expect(twice.stdout.contains("last") && !twice.stdout.contains("first"), "\(twice.stdout)")
        let stdin = try runPShell(["-", "x"], stdin: "echo from stdin $1\n")
        #expect(stdin.stdout == "from stdin x\n", "\(stdin.stderr)")
        // A script that is not a regular file: a pipe (as `<(...)` and /dev/stdin are), and /dev/null.
        let piped = try runPShell(["/dev/stdin", "y"], stdin: "echo through a pipe $1\n")
        #expect(piped.status == 0 && piped.stdout == "through a pipe y\n", "\(piped.stderr)")
        let empty = try runPShell(["/dev/null"])
        #expect(empty.status == 0 && empty.stdout.isEmpty && empty.stderr.isEmpty, "\(empty.stderr)")
        // A command that takes no option takes a dashed word as a value, as `x=--three` in a POSIX shell.
        for value in ["--three", "--help", "-h", "--"] {
            let dashed = try runPShell(["-c", "set name \"$1\"; echo $name", "--", value])
            #expect(dashed.stdout == value + "\n", "\(value): \(dashed.stderr)")
        }
        // `source FILE -- --x` as `pshell FILE -- --x`; a script that is not a regular file sources too.
        let sourced = try runPShell(
            ["-c", "source /dev/stdin -- --x; source /dev/null"], stdin: "echo $# $1\n")
        #expect(sourced.stdout == "1 --x\n", "\(sourced.stderr)")
        let timeout = try runPShell(["-c", "set timeout 0x10"])
        #expect(timeout.status == 64 && timeout.stderr.contains("not '0x10'"), "\(timeout.stderr)")
    }

    @Test func eachMistakeIsOneLineAndStatus64() throws {
        let mistakes: [([String], String)] = [
            (["--sandbx"], "pshell: error: unknown option '--sandbx' (did you mean --sandbox?)\n"),
            (["--frobnicate"], "pshell: error: unknown option '--frobnicate' (pshell --help lists them)\n"),
            (["-x"], "pshell: error: unknown option '-x' (pshell --help lists them)\n"),
            (["-c"], "pshell: error: -c needs a value (-c STATEMENT)\n"),
            (["--org"], "pshell: error: --org needs a value (--org ID)\n"),
            (["--check=yes", "-c", "echo"], "pshell: error: --check takes no value\n"),
            (["--timeout", "soon", "-c", "echo"], "pshell: error: --timeout takes a number of seconds, not 'soon'\n"),
            (
                ["--generate-completion-script", "tcsh"],
                "pshell: error: --generate-completion-script takes bash, zsh or fish, not 'tcsh'\n"
            ),
            (["--timeout", "0x10", "-c", "echo"], "pshell: error: --timeout takes a number of seconds, not '0x10'\n"),
            (
                ["--timeout", "1e-9", "-c", "echo"],
                "pshell: error: --timeout must be a number of seconds from 0.001 to 86400 (a day), not 1e-09\n"
            ),
            (
                ["--max-wait", "-5", "-c", "echo"],
                "pshell: error: --max-wait must be a number of seconds from 0 to 86400, not -5\n"
            ),
            (["-c", "echo", "-f", "x.pshell"], "pshell: error: -c and -f cannot be used together: give one\n"),
            (
                ["--machine", "-c", "echo"],
                "pshell: error: --machine reads its requests on standard input: it takes no -c, -f or SCRIPT\n"
            ),
            (
                ["scripts/examples/arguments.pshell", "one", "-two"],
                "pshell: error: unknown option '-t' (a script's arguments that start with - go after --: "
                    + "pshell scripts/examples/arguments.pshell one -- -two)\n"
            ),
            (
                ["-c", "echo $1", "-two"],
                "pshell: error: unknown option '-t' (a script's arguments that start with - go after --: "
                    + "pshell -c 'echo $1' -- -two)\n"
            ),
            (["-c", "echo a", "-c", "echo b"], "pshell: error: -c is given twice: one STATEMENT a run\n"),
            (["--org=", "-c", "echo"], "pshell: error: --org needs an organization id, not an empty word\n"),
            (["sandbox", "--prot", "1"], "pshell sandbox: error: unknown option '--prot' (did you mean --port?)\n"),
            (
                ["sandbox", "--port", "99999"],
                "pshell sandbox: error: --port takes a whole number from 0 to 65535, not '99999'\n"
            ),
            (
                ["kernel", "remove"],
                "pshell kernel: error: the only action is install, not 'remove' "
                    + "(usage: pshell kernel install [--python PATH] [--prefix DIR])\n"
            ),
            (["--\u{1B}[2Jclear"], "pshell: error: unknown option '--\\u{1B}[2Jclear' (pshell --help lists them)\n"),
            ([""], "pshell: error: a script's name is empty\n"),
            (["scripts"], "pshell: error: scripts: a folder, not a script\n"),
            (
                ["--no-rc", "version"],
                "pshell: error: version: no such file (`version` is a subcommand: pshell version ...)\n"
            ),
        ]
        for (arguments, expected) in mistakes {
            let run = try runPShell(arguments)
            #expect(run.status == 64 && run.stderr == expected && run.stdout.isEmpty, "\(arguments): \(run.stderr)")
        }
    }

    @Test func helpListsEveryFlagWithinEightyColumns() throws {
        let help = try runPShell(["--help"])
        #expect(help.status == 0 && help.stderr.isEmpty)
        #expect(help.stdout.hasPrefix("OVERVIEW: An interactive shell and script runner for Coveo Push sources.\n"))
        for flag in ["-c, --command STATEMENT", "--sandbox-state FILE", "--no-rc", "-o, --output FORMAT", "-h, --help"]
        {
            #expect(help.stdout.contains("\n  \(flag)"), "\(flag): \(help.stdout)")
        }
        let wide = help.stdout.split(separator: "\n").filter { $0.count > 80 }
        #expect(wide.isEmpty, "\(wide)")
        #expect(try runPShell(["-h"]).stdout == help.stdout)
        let version = try runPShell(["--version"])
        #expect(version.stdout.hasPrefix("0.1.0 (commit "), "\(version.stdout)")
    }
}
