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
        #expect(check.stderr.contains("unknown option --••••cdef") && !check.stderr.contains("secret"), "\(check.stderr)")
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
            atPath: folder.appending(path: "link.json").path, withDestinationPath: folder.appending(path: "t.json").path)
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
}
