import Foundation
import Testing

/// A client nobody here wrote, Coveo's own Python client, against the standalone sandbox; then pshell
/// reads back what it created.
@Suite struct ConformanceTests {
    static var python: String {
        ProcessInfo.processInfo.environment["PSHELL_PYTHON"] ?? packageRoot.appending(path: ".venv/bin/python").path
    }

    @Test func pythonClientCreatesAndPShellGets() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "run scripts/setup --test to install Coveo's Python client")
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance"])
        defer { sandbox.stop() }

        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/create_source.py").path
        let created = try runProgram(
            Self.python, [script, sandbox.url, "conformance", sandbox.adminKey, "py source", "SECURED"])
        #expect(created.status == 0, "\(created.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        #expect(answer?["status"] as? Int == 201)
        let body = answer?["body"] as? [String: Any]
        let id = try #require(body?["id"] as? String)
        #expect(id.hasPrefix("conformance-"))

        let got = try runPShell(
            sandbox.pshellArguments + ["-c", "get \(id) --output json"],
            environment: ["PSHELL_TOKEN": sandbox.adminKey])
        #expect(got.status == 0, "\(got.stderr)")
        let model = try JSONSerialization.jsonObject(with: Data(got.stdout.utf8)) as? [String: Any]
        #expect(model?["name"] as? String == "py source")
        #expect(model?["sourceVisibility"] as? String == "SECURED")
        #expect(model?["sourceType"] as? String == "PUSH")
        #expect(model?["pushEnabled"] as? Bool == true)
    }

    @Test func pythonClientPushesAndPShellSeesItIndexed() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "run scripts/setup --test to install Coveo's Python client")
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance"])
        defer { sandbox.stop() }
        let pshell = sandbox.pshellArguments
        let environment = ["PSHELL_TOKEN": sandbox.adminKey]
        let created = try runPShell(pshell + ["-c", "create content --visibility SHARED"], environment: environment)
        let source = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(source.hasPrefix("conformance-"), "\(created.stderr)")

        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/push_items.py").path
        let pushed = try runProgram(Self.python, [script, sandbox.url, "conformance", sandbox.adminKey, source])
        #expect(
            pushed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"single": 202, "batch": 202}"#,
            "\(pushed.stderr)")

        Thread.sleep(forTimeInterval: 0.5)
        let items = try runPShell(pshell + ["-c", "items \(source) --output json"], environment: environment)
        let answer = try JSONSerialization.jsonObject(with: Data(items.stdout.utf8)) as? [String: Any]
        let ids = (answer?["items"] as? [[String: Any]])?.compactMap { $0["documentId"] as? String }
        #expect(
            ids == [
                "https://example.com/batch/0", "https://example.com/batch/1", "https://example.com/batch/2",
                "https://example.com/single",
            ])
        let logs = try runPShell(
            pshell + ["-c", "logs \(source) --document https://example.com/single --output json"],
            environment: environment)
        #expect(logs.stdout.contains(#""result":"COMPLETED""#), "\(logs.stdout)\(logs.stderr)")
    }

    /// The sandbox's answers, for every platform operation pshell uses, against the response schemas of
    /// Coveo's own OpenAPI specifications (copies in Conformance/openapi).
    @Test func sandboxAnswersMatchTheSpecifications() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python), "run scripts/setup --test")
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance"])
        defer { sandbox.stop() }
        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/check_schemas.py").path
        let checked = try runProgram(Self.python, [script, sandbox.url, "conformance", sandbox.adminKey])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        let lines = checked.stdout.split(separator: "\n")
        #expect(lines.count == 40, "\(checked.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix("ok ") }, "\(checked.stdout)")
    }

    @Test func pythonClientPushesIdentitiesAndPShellListsThem() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "run scripts/setup --test to install Coveo's Python client")
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance"])
        defer { sandbox.stop() }
        let pshell = sandbox.pshellArguments
        let environment = ["PSHELL_TOKEN": sandbox.adminKey]
        let created = try runPShell(
            pshell + ["-c", "create secured --visibility SECURED --with-provider"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasSuffix("\nSecuredProvider\n"), "\(created.stdout)")

        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/push_identities.py").path
        let pushed = try runProgram(
            Self.python, [script, sandbox.url, "conformance", sandbox.adminKey, "SecuredProvider"])
        #expect(
            pushed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"single": 202, "alias": 202, "upload": 200, "batch": 202, "delete": 202}"#, "\(pushed.stderr)")

        let listed = try runPShell(
            pshell + ["-c", "identity SecuredProvider list --output json"], environment: environment)
        let answer = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        // The security cache's listing (securitycache/entities/list): each identity's name.
        let names = (answer?["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(Set(names ?? []) == ["engineering", "djones", "support"], "\(listed.stdout)\(listed.stderr)")
        // An item naming those identities is indexed; one naming a deleted identity is rejected.
        let source = created.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let push = try runPShell(
            pshell + [
                "--keep-going", "-c",
                "push \(source) ok --data x --allow engineering:group --allow djones --wait\npush "
                    + "\(source) gone --data x --allow temporary:group --wait",
            ], environment: environment)
        #expect(push.stdout == "indexed ok\n", "\(push.stdout)")
        #expect(
            push.stderr.contains(
                "the group 'temporary' is unknown to the security identity provider 'SecuredProvider'"),
            "\(push.stderr)")
    }
}

/// `pshell sandbox` as its own process; reads the URL and keys it prints.
final class StandaloneSandbox {
    let process = Process()
    private(set) var url = ""
    private(set) var adminKey = ""
    private(set) var viewerKey = ""
    private(set) var organization = ""
    /// What it printed when it started.
    private(set) var banner = ""

    /// The flags that point pshell at this sandbox.
    var pshellArguments: [String] { ["--platform-url", url, "--push-url", url, "--org", organization] }

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: pshellBinary)
        process.arguments = ["sandbox"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while !text.contains("Stop it with Ctrl-C."), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        banner = text
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("pshell sandbox listening on "), words.count > 4 { url = String(words[4]) }
            if line.hasPrefix("admin key:"), words.count > 2 { adminKey = String(words[2]) }
            if line.hasPrefix("organization:"), words.count > 1 { organization = String(words[1]) }
            if line.hasPrefix("view-only key:"), words.count > 2 { viewerKey = String(words[2]) }
        }
        guard !url.isEmpty, !adminKey.isEmpty else {
            stop()
            throw POSIXError(.EIO)
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// Runs any program to completion.
func runProgram(_ path: String, _ arguments: [String]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}
