import CoveoAPI
import Foundation
@testable import Interpreter
import Testing

/// Requests as text (trace, dry run, curl), recording, and the prerequisite checks, with the token never shown.
@Suite struct TeachingToolTests {
    static let token = "xx-secret-token-value-1234"

    func request(_ url: String, body: String? = nil) -> APIRequest {
        var headers: [(name: String, value: String)] = [
            ("Accept", "application/json"), ("User-Agent", "pshell/0.1"), ("Authorization", "Bearer \(Self.token)"),
        ]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return APIRequest(
            method: body == nil ? "GET" : "POST", url: URL(string: url)!, headers: headers,
            body: body.map { Data($0.utf8) })
    }

    @Test func traceMasksTheTokenInHeadersAndQuery() {
        let text = HTTPText.request(
            request(
                "https://platform.cloud.coveo.com/rest/organizations/o/privileges/token?accessToken=\(Self.token)",
                body: "{}"))
        #expect(!text.contains("secret-token"))
        #expect(text.contains("Authorization: Bearer ••••1234"))
        #expect(text.contains("accessToken=••••1234"))
        #expect(
            text.hasPrefix(
                "POST https://platform.cloud.coveo.com/rest/organizations/o/privileges/token"
                    + "?accessToken=••••1234 "
                    + "HTTP/1.1\n"
            ))
        let answer = HTTPText.response(
            APIResponse(
                status: 201, headers: ["x-request-id": "r-1", "content-type": "application/json"],
                body: Data(#"{"id":"x"}"#.utf8)),
            elapsed: .milliseconds(12))
        #expect(
            answer
                == "HTTP/1.1 201 Created  (12.0 ms)\nX-Request-ID: r-1\nContent-Type: application/json\n\n{\n "
                + " \"id\": \"x\"\n}\n"
        )
    }

    @Test func curlUsesTheVariableAndQuotesSafely() {
        let command = HTTPText.curl(request("https://h/rest/organizations/o/sources", body: #"{"name":"it's"}"#))
        #expect(!command.contains("secret-token"))
        #expect(
            command == """
                curl -sS -X POST 'https://h/rest/organizations/o/sources' \\
                  -H 'Accept: application/json' \\
                  -H "Authorization: Bearer $PSHELL_TOKEN" \\
                  -H 'Content-Type: application/json' \\
                  --data-raw '{"name":"it'\\''s"}'
                """)
        let query = HTTPText.curl(
            request("https://h/rest/organizations/o/privileges/token?accessToken=\(Self.token)&x=$y"))
        #expect(
            query.hasPrefix(
                #"curl -sS -X GET "https://h/rest/organizations/o/privileges/token?accessToken=$PSHELL_TOKEN&x=\$y""#))
    }

    @Test func recorderTurnsCreatedIdsIntoVariables() {
        var recorder = Recorder(path: "/tmp/x.pshell", started: 0)
        recorder.add("create a --visibility SHARED", command: "create", createdID: "org-aaaa")
        recorder.add("update org-aaaa --visibility PRIVATE", command: "update", createdID: nil)
        recorder.add("create b", command: "create", createdID: "org-bbbb")
        recorder.add("get \"org-bbbb\"", command: "get", createdID: nil)
        #expect(
            recorder.statements == [
                "create a --visibility SHARED", "set source1 $last.id", "update $source1 --visibility PRIVATE",
                "create b",
                "set source2 $last.id", "get \"$source2\"",
            ])
        #expect(recorder.text.hasPrefix("#!/usr/bin/env pshell\n# Recorded by pshell on "))
    }

    @Test func dryRunSendsNothingAndTimingCounts() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create kept --visibility SHARED --dry-run") == .success)
        #expect(console.out.hasPrefix("dry run: not sent\nPOST http://127.0.0.1:"))
        #expect(await shell.execute("list --output json") == .success)
        #expect(console.out.hasSuffix(#"{"sourceModels":[],"totalEntries":0,"totalPages":0}"# + "\n"))
        #expect(await shell.execute("dry-run on") == .success)
        console.clear()
        // A read-only command sends nothing either.
        #expect(await shell.execute("limits") == .success)
        #expect(console.out.hasPrefix("dry run: not sent\nGET "))
        #expect(await shell.execute("dry-run off") == .success)
        console.clear()
        #expect(await shell.execute("identity SomeProvider set alice@example.com --type user --dry-run") == .success)
        #expect(console.out.contains("PUT http://127.0.0.1:"), "\(console.out)\(console.err)")
        #expect(console.out.contains("/push/v1/organizations/testorg/providers/SomeProvider/permissions HTTP/1.1"))
        #expect(await shell.execute("timing on") == .success)
        console.clear()
        #expect(await shell.execute("create timed --visibility SHARED") == .success)
        // Three checks, then the POST.
        #expect(console.err.contains(", 4 requests"), "\(console.err)")
        #expect(await shell.execute("create again --visibility SHARED --no-check") == .success)
        #expect(console.err.contains(", 1 request\n"), "\(console.err)")
    }

    @Test func traceAndCurlAsThePlatform() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("trace on --as-platform") == .success)
        #expect(await shell.execute("create Lesson --visibility SHARED --no-check") == .success)
        #expect(await shell.execute("push Lesson doc1 --title T --data x --anyone") == .success)
        #expect(
            console.err.contains("POST https://platform.cloud.coveo.com/rest/organizations/testorg/sources HTTP/1.1"))
        #expect(console.err.contains("PUT https://api.cloud.coveo.com/push/v1/organizations/testorg/sources/testorg-"))
        #expect(console.err.contains("── request (shown as the platform's; sent to the sandbox at 127.0.0.1:"))
        #expect(!console.err.contains("http://127.0.0.1"), "\(console.err)")
        console.clear()
        #expect(await shell.execute("curl --as-platform") == .success)
        #expect(console.out.contains("curl -sS -X PUT 'https://api.cloud.coveo.com/push/v1/"), "\(console.out)")
        #expect(console.out.contains("# export PSHELL_TOKEN first: your token"))
        // Without the option, the trace shows where the request really went.
        #expect(await shell.execute("trace on") == .success)
        console.clear()
        #expect(await shell.execute("get Lesson") == .success)
        #expect(console.err.contains("GET http://127.0.0.1:"), "\(console.err)")
    }

    @Test func recordLeavesOutDryRunsAndFailures() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let file = FileManager.default.temporaryDirectory.appending(path: "rec-\(UUID().uuidString).pshell").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(await shell.execute("record \(file)") == .success)
        #expect(await shell.execute("create ghost --visibility SHARED --dry-run") == .success)
        #expect(await shell.execute("dry-run on") == .success)
        #expect(await shell.execute("create ghost2 --visibility SHARED") == .success)
        #expect(await shell.execute("dry-run off") == .success)
        #expect(await shell.execute("get nope") != .success)
        #expect(await shell.execute("create real --visibility SHARED") == .success)
        #expect(await shell.execute("token --env NO_SUCH_VARIABLE") != .success)
        #expect(await shell.execute("record stop") == .success)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(
            text.split(separator: "\n").dropFirst(2) == ["create real --visibility SHARED", "set source1 $last.id"],
            "\(text)")
    }

    @Test func recordKeepsABlockOnceAsWritten() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let file = FileManager.default.temporaryDirectory.appending(path: "rec-\(UUID().uuidString).pshell").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(await shell.execute("record \(file)") == .success)
        let loop = "for name in a b c\nif $name == b\ncontinue\nend\ncreate \"ci-$name\" --visibility SHARED\nend"
        #expect(await shell.runStatements(loop) == .success)
        #expect(await shell.runStatements("for name in x\nget nope\nend") != .success)
        #expect(await shell.execute("record stop") == .success)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst(2)
        #expect(
            Array(lines) == [
                "for name in a b c", "    if $name == b", "        continue", "    end",
                "    create \"ci-$name\" --visibility SHARED", "end",
            ], "\(lines)")
    }

    /// A pipe and a watch are kept once, as typed: not the statement without its pipe, nor each round's statement.
    @Test func recordKeepsAPipeAndAWatchAsTyped() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let file = FileManager.default.temporaryDirectory.appending(path: "rec-\(UUID().uuidString).pshell").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(await shell.execute("record \(file)") == .success)
        #expect(await shell.execute("echo one two | wc -w") == .success)
        #expect(await shell.execute("watch --count 2 0.1 echo round") == .success)
        #expect(await shell.execute("record stop") == .success)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst(2)
        #expect(Array(lines) == ["echo one two | wc -w", "watch --count 2 0.1 echo round"], "\(lines)")
    }

    /// A pipe whose command fails is not kept (a replay would stop there); an existing recording is asked about.
    @Test func recordLeavesOutAFailedPipeAndAsksBeforeWritingOver() async throws {
        let console = RecordingConsole(interactive: true, answers: ["n", "y"])
        let shell = makeShell(console)
        let file = FileManager.default.temporaryDirectory.appending(path: "rec-\(UUID().uuidString).pshell").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("echo last lesson\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(await shell.execute("record \(file)") == .success)
        #expect(console.err.contains("Not recording."), "\(console.err)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "echo last lesson\n")
        #expect(await shell.execute("record \(file)") == .success)
        #expect(await shell.execute("echo one | grep -q two") != .success)
        #expect(await shell.execute("echo one | grep -q one") == .success)
        #expect(await shell.execute("record stop") == .success)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst(2)
        #expect(Array(lines) == ["echo one | grep -q one"], "\(lines)")
        // Where no one can be asked (a script, -c), an existing recording needs --yes.
        let script = makeShell(RecordingConsole())
        guard case .failure(let refused) = await script.execute("record \(file)") else {
            Issue.record("a script wrote over a recording without --yes")
            return
        }
        #expect(refused.message.hasSuffix("--yes writes over it"), "\(refused.message)")
        #expect(await script.execute("record \(file) --yes") == .success)
        #expect(await script.execute("record stop") == .success)
    }

    @Test func withProviderFailureSaysWhatExists() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        // The provider the second step would create already exists: the source is made, the provider is not.
        #expect(await shell.execute("provider create DocsProvider") == .success)
        guard case .failure(let error) = await shell.execute("create Docs --visibility SECURED --with-provider") else {
            Issue.record("expected the second step to fail")
            return
        }
        #expect(error.message.hasPrefix("the source 'Docs' was created (testorg-"), "\(error.message)")
        #expect(error.message.contains("To finish: provider create DocsProvider --source testorg-"), "\(error.message)")
        #expect(await shell.execute("fails create Docs2 --visibility SHARED --with-provider") == .success)
        #expect(console.err.contains("expected error: create: --with-provider is for SECURED sources"))
    }
}
