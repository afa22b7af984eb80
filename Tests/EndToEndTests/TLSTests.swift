import Foundation
import Testing

/// `pshell sandbox --tls`: HTTPS with a CA made at start, trusted by clients through the file it prints.
@Suite struct TLSTests {
    @Test func theOfficialClientsRequestsOverHTTPSWithTheSandboxCA() throws {
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appending(path: "state.db").path
        let sandbox = try StandaloneSandbox(arguments: [
            "--org", "conformance", "--indexing-delay", "0", "--tls", "--state", state,
        ])
        defer { sandbox.stop() }
        #expect(sandbox.url.hasPrefix("https://127.0.0.1:"))
        let ca = state + ".ca.pem"
        #expect(FileManager.default.fileExists(atPath: ca))
        // Every request of the replay, the file container's upload included, goes over TLS, checked against the CA.
        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/official_clients.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ConformanceTests.python)
        process.arguments = [script, sandbox.url, "conformance", sandbox.adminKey]
        process.environment = [
            "REQUESTS_CA_BUNDLE": ca, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == 52, "\(text)")
        // curl with the CA: the answer; without it: a certificate failure, no answer.
        let trusted = try runProgram(
            "/usr/bin/curl",
            [
                "-sS", "--cacert", ca, "-H", "Authorization: Bearer \(sandbox.adminKey)",
                sandbox.url + "/rest/organizations/conformance/license",
            ])
        #expect(trusted.status == 0 && trusted.stdout.contains("\"accountId\""), "\(trusted.stderr)")
        let untrusted = try runProgram(
            "/usr/bin/curl", ["-sS", sandbox.url + "/rest/organizations/conformance/license"])
        #expect(untrusted.status == 60, "curl: \(untrusted.status) \(untrusted.stderr)")
        // Plain HTTP to a TLS port is refused, not served.
        let plain = try runProgram(
            "/usr/bin/curl",
            [
                "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                sandbox.url.replacingOccurrences(of: "https:", with: "http:") + "/",
            ])
        #expect(plain.stdout != "200")
    }

    /// From the prompt: a TLS port named with http is one line naming https, at once (no retries); the CA is
    /// trusted with `endpoint --cacert`, and `curl` then carries it; `set cacert` says which command sets it.
    @Test func theCAFromThePromptAndHTTPToATLSPort() throws {
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appending(path: "state.db").path
        let sandbox = try StandaloneSandbox(arguments: ["--org", "tlsorg", "--tls", "--state", state])
        defer { sandbox.stop() }
        let plain = sandbox.url.replacingOccurrences(of: "https:", with: "http:")
        let started = Date()
        let refused = try runPShell(
            ["--platform-url", plain, "--org", "tlsorg", "-c", "list"], environment: ["PSHELL_TOKEN": sandbox.adminKey])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("this port speaks TLS, not plain http: use https://127.0.0.1:"), "\(refused.stderr)"
        )
        #expect(!refused.stderr.contains("retrying"), "\(refused.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        let script = """
            endpoint --platform \(sandbox.url)
            org tlsorg
            token --env SANDBOX_KEY
            fails list
            endpoint --cacert \(state).ca.pem
            list -q
            curl
            fails set cacert x
            """
        let run = try runPShell(["-c", script], environment: ["SANDBOX_KEY": sandbox.adminKey])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("the TLS certificate is not trusted"), "\(run.stderr)")
        #expect(run.stderr.contains("`endpoint --cacert FILE`"), "\(run.stderr)")
        #expect(run.stdout.contains("--cacert '\(state).ca.pem'"), "\(run.stdout)")
        #expect(run.stderr.contains("set: cacert is not a setting of `set`; use `endpoint --cacert FILE`"))
    }

    /// With a state file the CA lasts: its key is kept beside it (0600), and a restart signs with the same CA, so a
    /// client given `--cacert` goes on trusting the sandbox.
    @Test func aRestartOnTheSameStateKeepsTheCA() throws {
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appending(path: "state.db").path
        let first = try StandaloneSandbox(arguments: ["--tls", "--state", state])
        let ca = try Data(contentsOf: URL(fileURLWithPath: state + ".ca.pem"))
        first.stop()
        let mode = try FileManager.default.attributesOfItem(atPath: state + ".ca-key.pem")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let second = try StandaloneSandbox(arguments: ["--tls", "--state", state])
        defer { second.stop() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: state + ".ca.pem")) == ca)
        let trusted = try runProgram(
            "/usr/bin/curl",
            [
                "-sS", "--cacert", state + ".ca.pem", "-H", "Authorization: Bearer \(second.adminKey)",
                second.url + "/rest/organizations/pshellsandbox/license",
            ])
        #expect(trusted.status == 0 && trusted.stdout.contains("\"accountId\""), "\(trusted.stderr)")
    }
}
