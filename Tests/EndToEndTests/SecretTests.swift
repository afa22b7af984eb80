import Foundation
import Testing

/// A token, hunted by its value in everything pshell writes and leaves behind.
@Suite struct SecretTests {
    static let token = "xxsecret-token-abcdef"

    /// The token in a request's body, its URL and a mistyped option: `curl`, `trace`, `--verbose`, errors and
    /// `--check` all mask it by value (curl printed it when it was in the last request's body).
    @Test func theTokenIsMaskedInEverythingPShellWrites() throws {
        let run = try runPShell(
            [
                "--verbose", "--keep-going", "-c",
                """
                token --env MYTOK
                create "n-${env.MYTOK}" --no-check --visibility SHARED
                curl
                trace on
                list --filter ${env.MYTOK}
                curl
                list --${env.MYTOK}
                echo ${env.MYTOK}
                """,
            ], environment: ["MYTOK": Self.token])
        #expect(run.stdout.contains("--data-raw '{\"sourceType\":\"PUSH\",\"name\":\"n-••••cdef\""), "\(run.stdout)")
        #expect(run.stderr.contains("filter=••••cdef"), "the verbose log and the trace: \(run.stderr)")
        #expect(run.stderr.contains("unknown option --••••cdef"), "\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains("secret-token"), "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let folder = try temporaryHome()
        let script = folder.appending(path: "mistyped.pshell")
        try "list --\(Self.token)\n".write(to: script, atomically: true, encoding: .utf8)
        let check = try runPShell(["--check", script.path], environment: ["PSHELL_TOKEN": Self.token])
        #expect(check.status == 65)
        #expect(
            check.stderr.contains("unknown option --••••cdef") && !check.stderr.contains("secret"), "\(check.stderr)")
    }

    /// A token holding `"` or `\` is masked in its JSON-escaped form too (a trace's body, curl's --data-raw).
    @Test func aTokenIsMaskedAsJSONWritesIt() throws {
        let token = #"Sup3r+Secret/Tok=en&val ue"q\zZ9876"#
        let run = try runPShell(
            [
                "--keep-going", "-c",
                "token --env MYTOK\nsandbox\ncreate S1 --visibility SHARED --no-check\ntrace on\n"
                    + "push S1 doc1 --data \"${env.MYTOK}\"\ncurl",
            ], environment: ["MYTOK": token])
        #expect(run.stdout.contains("--data-raw"), "\(run.stdout)")
        #expect(!(run.stdout + run.stderr).contains("Secret"), "\(run.stdout)\(run.stderr)")
    }

    /// What the user asked to see is shown: `sandbox key` prints the key, once, and the rest stays masked.
    @Test func aSecretAskedForIsShown() throws {
        let run = try runPShell(["-c", "sandbox key\nsession"])
        let key = run.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(key.hasPrefix("xx") && key.count == 38, "\(run.stdout)")
        #expect(run.stdout.components(separatedBy: key).count == 2, "shown once, masked after: \(run.stdout)")
    }

    /// `--save-to-profile` to a file that exists, a link or a missing folder: refused before the key (or the
    /// source) is created, so a key's value, shown nowhere else, is never lost; the user's file stays as it was.
    @Test func aProfileThatCannotBeWrittenIsRefusedBeforeTheKeyIsMade() throws {
        let folder = try temporaryHome()
        try "mine\n".write(to: folder.appending(path: "exists.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appending(path: "link.json").path, withDestinationPath: folder.appending(path: "t.json").path
        )
        let run = try runPShell(
            [
                "--keep-going", "-c",
                """
                create S --visibility SHARED --no-check
                apikey create --source S --save-to-profile exists.json
                apikey create --source S --save-to-profile link.json
                apikey create --source S --save-to-profile missing/p.json
                create T --visibility SHARED --no-check --with-api-key --save-to-profile exists.json
                echo keys
                apikey list --quiet
                echo sources
                list --quiet
                """,
            ], workingDirectory: folder)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 4 && lines.allSatisfy { $0.hasSuffix("nothing was sent") }, "\(run.stderr)")
        #expect(run.stderr.contains("exists.json: it exists already") && run.stderr.contains("folder does not exist"))
        let listed = run.stdout.components(separatedBy: "sources\n")
        #expect(listed.count == 2 && listed[1].split(separator: "\n").count == 1, "only S: \(run.stdout)")
        #expect(listed[0].split(separator: "\n").count == 1 + 1 + 2, "S, 'keys', the sandbox's two: \(run.stdout)")
        #expect(try String(contentsOf: folder.appending(path: "exists.json"), encoding: .utf8) == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "t.json").path))
    }

    /// A state file made 0644 by another hand received the sandbox's admin key in clear: it is made 0600 first,
    /// its -wal and -shm too.
    @Test func aStateFileReadableByOthersIsMadePrivate() throws {
        let folder = try temporaryHome()
        let state = folder.appending(path: "state.db").path
        #expect(FileManager.default.createFile(atPath: state, contents: nil))
        chmod(state, 0o644)
        let first = try runPShell(["--sandbox-state", state, "-c", "create A --visibility SHARED --no-check"])
        #expect(first.status == 0, "\(first.stderr)")
        for file in [state, state + "-wal", state + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chmod(file, 0o644)
        }
        let second = try runPShell(["--sandbox-state", state, "-c", "list --quiet"])
        #expect(second.status == 0 && second.stdout.hasPrefix("pshellsandbox-"), "\(second.stderr)")
        for file in [state, state + "-wal", state + "-shm"] where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file): \(String(mode ?? 0, radix: 8))")
        }
    }

    /// An editor, a pager or `\\! CMD` gets pshell's environment without the token: not PSHELL_TOKEN, not the
    /// variable `token --env` read it from. And no core file may hold it.
    @Test func childrenNeverReceiveTheTokenAndNoCoreFileIsWritten() throws {
        let folder = try temporaryHome()
        let seen = folder.appending(path: "env.txt").path
        let run = try runPShell(
            ["-c", "token --env MYTOK\n\\! env > \(seen)\n\\! ulimit -c >> \(seen)"],
            environment: ["PSHELL_TOKEN": "xxfirst-secret-value", "MYTOK": Self.token, "PSHELL_ORG": "o"])
        #expect(run.status == 0, "\(run.stderr)")
        let environment = try String(contentsOfFile: seen, encoding: .utf8)
        #expect(environment.contains("HOME="), "the rest of the environment is there")
        #expect(!environment.contains("secret"), "\(environment)")
        #expect(environment.hasSuffix("\n0\n"), "core files are off: \(environment)")
    }
}
