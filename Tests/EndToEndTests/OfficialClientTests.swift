import Foundation
import Testing

/// The sandbox as Coveo's official TypeScript clients see it, the fields and API keys pshell adds on top of
/// it, and the privilege read that keeps the token out of every URL.
@Suite struct OfficialClientTests {
    /// The requests @coveo/platform-client and @coveo/push-api-client send, replayed exactly (paths, query
    /// encoding, bodies, a DELETE with a JSON body and one with a JSON Content-Type and none), each answer
    /// checked for what those clients need of it.
    @Test func officialClientsRequestsAreAnsweredAsTheyNeed() throws {
        #expect(FileManager.default.isExecutableFile(atPath: ConformanceTests.python), "run scripts/setup --test")
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance", "--indexing-delay", "0"])
        defer { sandbox.stop() }
        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/official_clients.py").path
        let replayed = try runProgram(ConformanceTests.python, [script, sandbox.url, "conformance", sandbox.adminKey])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        let lines = replayed.stdout.split(separator: "\n")
        #expect(lines.count == 52, "\(replayed.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix("ok ") }, "\(replayed.stdout)")
    }

    /// `apikey create --source A`: the key pushes to A (indexed), gets 403 on B and on create; its value shows
    /// on one line of standard output and nowhere else (not in a trace, not in $last).
    @Test func aSourceKeyPushesToItsSourceOnly() throws {
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance", "--indexing-delay", "0"])
        defer { sandbox.stop() }
        let admin = ["PSHELL_TOKEN": sandbox.adminKey]
        let made = try runPShell(
            sandbox.pshellArguments + [
                "-c",
                "create A --visibility SHARED --with-api-key\nset a $last.id\ncreate B --visibility SHARED\ntrace on\n"
                    + "apikey create --source B\necho last=$last.value",
            ], environment: admin)
        #expect(made.status == 0, "\(made.stderr)")
        let lines = made.stdout.split(separator: "\n").map(String.init)
        // create: the source id, the key id, the key value; then B's id, the second key's id and value.
        #expect(lines.count == 7, "\(made.stdout)")
        let key = lines[2]
        let secondKey = lines[5]
        #expect(key.hasPrefix("xx") && secondKey.hasPrefix("xx"))
        #expect(made.stdout.components(separatedBy: key).count == 2, "the value shows once")
        #expect(!made.stderr.contains(secondKey), "the trace masks the value of the key it created")
        #expect(!made.stdout.contains("last=\(secondKey)"), "$last keeps it masked")
        #expect(made.stderr.contains("may push to"), "\(made.stderr)")

        let asKey = ["PSHELL_TOKEN": key]
        let source = lines[0]
        let other = lines[3]
        let pushed = try runPShell(
            sandbox.pshellArguments + [
                "-c", "push \(source) https://example.com/k --title K --data text --meta color=red --anyone --wait",
            ],
            environment: asKey)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stdout == "indexed https://example.com/k\n")
        // It may not read the organization's fields its metadata needs: the push goes on and says so.
        #expect(pushed.stderr.contains("may not read the organization's fields"), "\(pushed.stderr)")
        let refused = try runPShell(
            sandbox.pshellArguments + ["-c", "push \(other) https://example.com/k --title K --no-create-fields"],
            environment: asKey)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("HTTP 403 ACCESS_DENIED"), "\(refused.stderr)")
        let create = try runPShell(
            sandbox.pshellArguments + ["-c", "create C --visibility SHARED --no-check"], environment: asKey)
        #expect(create.status == 3)
        #expect(create.stderr.contains("HTTP 403 ACCESS_DENIED"), "\(create.stderr)")
        let disabled = try runPShell(
            sandbox.pshellArguments + ["-c", "apikey disable \(lines[1])"], environment: admin)
        #expect(disabled.status == 0, "\(disabled.stderr)")
        let afterDisable = try runPShell(sandbox.pshellArguments + ["-c", "get \(source)"], environment: asKey)
        #expect(afterDisable.stderr.contains("HTTP 401 INVALID_TOKEN"), "\(afterDisable.stderr)")
    }

    /// `--save-to-profile FILE`: a new file, mode 0600, that `--profile` then uses alone (the hosts are in it); an
    /// existing file is never replaced.
    @Test func aKeySavedToAProfileIsUsableAndPrivate() throws {
        let sandbox = try StandaloneSandbox(arguments: ["--org", "conformance", "--indexing-delay", "0"])
        defer { sandbox.stop() }
        let home = try temporaryHome()
        let profile = home.appending(path: "pusher.json").path
        let made = try runPShell(
            sandbox.pshellArguments + [
                "-c", "create P --visibility SHARED\napikey create --source $last.id --save-to-profile \(profile)",
            ],
            environment: ["PSHELL_TOKEN": sandbox.adminKey], home: home)
        #expect(made.status == 0, "\(made.stderr)")
        // A key's value is `xx` and a UUID (its id, random base32, may contain "xx" by chance).
        #expect(
            made.stdout.firstMatch(of: /xx[0-9a-f]{8}-[0-9a-f]{4}-/) == nil,
            "the value goes to the file, not the screen: \(made.stdout)")
        let attributes = try FileManager.default.attributesOfItem(atPath: profile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let source = made.stdout.split(separator: "\n").first.map(String.init) ?? ""
        // The profile alone: it holds the hosts the key works on, not only the organization.
        let used = try runPShell(["--profile", profile, "-c", "get \(source) --output json"], home: home)
        #expect(used.status == 0, "\(used.stderr)")
        let again = try runPShell(
            sandbox.pshellArguments + ["-c", "apikey create --source \(source) --save-to-profile \(profile)"],
            environment: ["PSHELL_TOKEN": sandbox.adminKey], home: home)
        #expect(again.status == 1)
        #expect(again.stderr.contains("it exists already"), "\(again.stderr)")
    }

    /// `privileges` (and `create`'s prerequisite check) read the token's privileges with the token in the
    /// Authorization header only: checked on the wire, by a server that writes down what arrives.
    @Test func privilegesKeepTheTokenOutOfEveryURL() throws {
        let log = try temporaryHome().appending(path: "wire.log").path
        let recorder = try LoopbackHelper(script: "record_requests.py", arguments: [log])
        defer { recorder.stop() }
        let url = recorder.url
        let token = "xx11111111-2222-3333-4444-555555555555"
        let run = try runPShell(
            ["--platform-url", url, "--push-url", url, "--org", "wire", "-c", "privileges --output json"],
            environment: ["PSHELL_TOKEN": token])
        #expect(run.status == 0, "\(run.stderr)")
        let wire = try String(contentsOfFile: log, encoding: .utf8)
        let requestLines = wire.split(separator: "\n").filter { $0.hasPrefix("GET ") || $0.hasPrefix("POST ") }
        #expect(requestLines == ["GET /rest/organizations/wire/privileges/token HTTP/1.1"], "\(wire)")
        #expect(wire.contains("Authorization: Bearer \(token)"))
        #expect(wire.components(separatedBy: token).count == 2, "the token went in the Authorization header only")
    }
}
