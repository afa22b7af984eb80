import Foundation
import Testing

/// Every request pshell sends, checked against Coveo's own specifications rather than against the sandbox: the
/// examples and a script of every command run through a recording proxy, then `check_requests.py` matches each
/// request to an operation (method, path, query parameters and their enums) and validates its JSON body against
/// the operation's schema, allowing no key the schema does not declare. Nothing else caught `"target.provider"`.
@Suite struct RequestConformanceTests {
    /// What the scripts send on purpose, through `--body`: a visibility the platform refuses (errors.pshell shows
    /// the 400), and a key of the user's own that `update` must keep (sources.pshell).
    static let deliberate = ["'PUBLIC' is not one of", "'customParameter' was unexpected"]

    @Test func everyRequestMatchesAnOperationOfTheSpecifications() throws {
        let folder = try temporaryHome()
        let log = folder.appending(path: "requests.jsonl").path
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: packageRoot.appending(path: "scripts/examples").path
        ).filter { $0.hasSuffix(".pshell") }.sorted().map { "scripts/examples/" + $0 }
        for script in examples + ["Tests/EndToEndTests/Conformance/every_command.pshell"] {
            // A sandbox of its own for each: one script's sources must not reach another's limits.
            let sandbox = try StandaloneSandbox(arguments: ["--org", "pshellsandbox", "--indexing-delay", "0"])
            defer { sandbox.stop() }
            let proxy = try LoopbackHelper(script: "recording_proxy.py", arguments: [log, sandbox.url])
            defer { proxy.stop() }
            let run = try runPShell(
                [
                    "--platform-url", proxy.url, "--push-url", proxy.url, "--org", "pshellsandbox",
                    packageRoot.appending(path: script).path,
                ],
                environment: ["PSHELL_TOKEN": sandbox.adminKey])
            #expect(run.status != 70 && !run.stderr.contains("crash"), "\(script): \(run.stderr)")
        }
        let check = try runProgram(
            ConformanceTests.python,
            [packageRoot.appending(path: "Tests/EndToEndTests/Conformance/check_requests.py").path, log])
        let failures = check.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        let unexpected = failures.filter { line in !Self.deliberate.contains { line.contains($0) } }
        #expect(unexpected.isEmpty, "\(check.stdout)\(check.stderr)")
        #expect(failures.count == Self.deliberate.count + 1, "the deliberate ones were seen: \(check.stdout)")
        let summary = check.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let operations = summary.firstMatch(of: /(\d+) requests, (\d+) operations/).map { Int($0.2) ?? 0 } ?? 0
        #expect(operations >= 30, "\(summary)")
    }
}
