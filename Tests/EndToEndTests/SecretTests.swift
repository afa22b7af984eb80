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
}
