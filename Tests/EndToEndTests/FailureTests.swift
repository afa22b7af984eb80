import Foundation
import Testing

/// What pshell does when the platform fails: a create is never sent twice, and the user is told whether the
/// source exists; a Retry-After given as an HTTP date is waited for. Against a stand-in that fails on purpose.
@Suite struct FailureTests {
    /// Runs the stand-in in MODE, then pshell against it; returns pshell's run and the request lines the stand-in saw.
    func against(_ mode: String, _ line: String) throws -> (RunResult, [String]) {
        let (run, _, wire) = try runAgainstServer(
            "stub_platform.py", [mode], organization: "stub", token: "xxstub-token-value", ["-c", line])
        return (run, wire)
    }

    @Test func aCreateAnswered502IsNotSentAgainAndTheSourceIsFound() throws {
        let (run, wire) = try against("created", "create flaky --visibility SHARED --no-check")
        #expect(wire.filter { $0.hasPrefix("POST ") }.count == 1, "\(wire)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "stub-aaaaaaaaaaaaaaaaaaaaaaaaaa\n")
        #expect(
            run.stderr.contains(
                "the platform answered 502, but a source named 'flaky' now exists (stub-aaaaaaaaaaaaaaaaaaaaaaaaaa): "
                    + "it was created"
            ), "\(run.stderr)")
    }

    @Test func aCreateAnswered503IsNotSentAgainAndNothingExists() throws {
        let (run, wire) = try against("absent", "create flaky --visibility SHARED --no-check")
        #expect(wire.filter { $0.hasPrefix("POST ") }.count == 1, "\(wire)")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "the platform answered 503 and no source named 'flaky' exists: nothing "
                    + "was created, it is safe to run the command again"
            ), "\(run.stderr)")
    }

    @Test func aRetryAfterHTTPDateIsWaitedFor() throws {
        let (run, wire) = try against("date", "get stub-aaaaaaaaaaaaaaaaaaaaaaaaaa --output json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(wire.filter { $0.hasPrefix("GET /rest/organizations/stub/sources/stub-") }.count == 2, "\(wire)")
        // The date is two seconds ahead, to the second: the wait is more than one second, at most two and a half
        // with the jitter.
        #expect(
            run.stderr.contains("HTTP 503 BUSY")
                && (run.stderr.contains("retrying in 1.") || run.stderr.contains("retrying in 2.")), "\(run.stderr)")
    }

    /// A create whose connection dropped after the work was done is never sent again (the second would answer 409
    /// or FIELD_ALREADY_EXISTS, and the provider would never be linked): pshell reads back and goes on.
    @Test(arguments: [
        (
            "provider create P --source stub-aaaaaaaaaaaaaaaaaaaaaaaaaa",
            "POST /rest/organizations/stub/securityproviders",
            "the provider 'P' now exists: it was created"
        ),
        (
            "field create f1 f2", "POST /rest/organizations/stub/sources/fields/batch/create",
            "the fields f1, f2 now exist"
        ),
        (
            "push stub-aaaaaaaaaaaaaaaaaaaaaaaaaa doc --meta color=red", "POST /rest/organizations/stub/sources/fields",
            "the field color now exists"
        ),
    ])
    func aCreateWhoseAnswerWasLostIsReadBackNotSentAgain(line: String, create: String, note: String) throws {
        let (run, wire) = try against("dropped", line)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(wire.filter { $0.hasPrefix(create) }.count == 1, "sent once: \(wire)")
        #expect(run.stderr.contains("lost the connection") && run.stderr.contains(note), "\(run.stderr)")
        if line.hasPrefix("provider") {
            #expect(wire.contains { $0.hasPrefix("PUT /rest/organizations/stub/sources/stub-") }, "linked: \(wire)")
        }
        if line.hasPrefix("push") {
            #expect(wire.contains { $0.hasPrefix("PUT /push/v1/organizations/stub/sources/stub-") }, "sent: \(wire)")
        }
    }

    /// A delete whose answer was lost is sent again, and the 404 that answers it means the first one did it.
    @Test(arguments: [
        "delete stub-aaaaaaaaaaaaaaaaaaaaaaaaaa --yes", "remove stub-aaaaaaaaaaaaaaaaaaaaaaaaaa doc",
    ])
    func aDeleteAnswered404WhenSentAgainIsDone(line: String) throws {
        let (run, wire) = try against("dropped", line)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(wire.filter { $0.hasPrefix("DELETE ") }.count == 2, "\(wire)")
        #expect(run.stderr.contains("the earlier attempt had done it"), "\(run.stderr)")
    }

    /// `Retry-After: 0` is at least a second's wait, and the deadline is spent: a throttled pshell sent
    /// 104,497 requests in 30 s before, which against Coveo burns an organization's daily quota in minutes.
    @Test func retryAfterZeroIsNoRequestStorm() throws {
        let (run, _, wire) = try runAgainstServer(
            "stub_platform.py", ["storm"], organization: "stub", token: "xxstub-token-value",
            ["--max-wait", "2", "-c", "get stub-aaaaaaaaaaaaaaaaaaaaaaaaaa"])
        #expect(run.status == 4, "throttled past --max-wait: \(run.stderr)")
        #expect(wire.count >= 2 && wire.count <= 3, "\(wire.count) requests in 2 s")
        #expect(run.stderr.components(separatedBy: "retrying in 1.").count - 1 == wire.count - 1, "\(run.stderr)")
    }

    /// A kept-alive connection carries a script's requests, one after the other, and so does the next one when the
    /// server ends it (the stand-in ends each after 10 answers, as nginx does after 1,000): a new connection per
    /// request would cost a TLS handshake per command on the real platform.
    @Test func aScriptsRequestsShareOneConnection() throws {
        let (run, wire) = try against(
            "absent",
            Array(repeating: "get stub-aaaaaaaaaaaaaaaaaaaaaaaaaa --output json", count: 30).joined(separator: "\n"))
        #expect(run.status == 0, "\(run.stderr)")
        let gets = wire.filter { $0.hasPrefix("GET /rest/organizations/stub/sources/stub-") }
        #expect(gets.count == 30)
        #expect(Set(gets.compactMap { $0.split(separator: " ").last }).count == 3, "three connections: \(gets)")
    }

    /// IPv6 loopback works like 127.0.0.1: plain http with a token is allowed there, and requests arrive.
    @Test func ipv6LoopbackWorksLikeIPv4() throws {
        let log = try temporaryHome().appending(path: "requests.log").path
        let stub = try LoopbackHelper(script: "stub_platform.py", arguments: [log, "absent", "::1"])
        defer { stub.stop() }
        let url = stub.url.replacingOccurrences(of: "127.0.0.1", with: "[::1]")
        let run = try runPShell(
            [
                "--platform-url", url, "--push-url", url, "--org", "stub", "-c",
                "get stub-aaaaaaaaaaaaaaaaaaaaaaaaaa --output json",
            ],
            environment: ["PSHELL_TOKEN": "xxstub-token-value"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"flaky\""), "\(run.stdout)")
    }

    @Test func escapeSequencesFromAServerAreMadeVisible() throws {
        let (run, _) = try against("escape", "get stub-aaaaaaaaaaaaaaaaaaaaaaaaaa")
        #expect(run.status == 2 || run.status == 1)
        #expect(!run.stderr.contains("\u{1B}") && !run.stderr.contains("\u{07}"), "no raw escape reaches the terminal")
        #expect(run.stderr.contains("gone\\u{1B}]0;pwned\\u{7}\\u{1B}[2J"), "\(run.stderr)")
    }

    /// The token is masked by its value, whatever carries it: a traced URL, an error line, a header of any name.
    @Test func theTokenIsMaskedWhereverItAppears() throws {
        let sandbox = try StandaloneSandbox(arguments: ["--org", "mask"])
        defer { sandbox.stop() }
        let run = try runPShell(
            sandbox.pshellArguments + ["-c", "trace on\nget ${env.PSHELL_TOKEN}"],
            environment: ["PSHELL_TOKEN": sandbox.adminKey])
        #expect(run.status == 2, "a 404: no source has the token for an id")
        #expect(!run.stdout.contains(sandbox.adminKey) && !run.stderr.contains(sandbox.adminKey), "\(run.stderr)")
        #expect(run.stderr.contains("/sources/••••"), "the traced URL shows it masked: \(run.stderr)")
        #expect(run.stderr.contains("The source '••••"), "so does the error line: \(run.stderr)")
    }

    /// What waiting cannot fix fails at once, with one line naming the host and the fix: an untrusted certificate
    /// (the sandbox's own, not in the system store) and a name that does not resolve. No retry is even announced.
    @Test func untrustedCertificatesAndUnknownHostsFailAtOnce() throws {
        let sandbox = try StandaloneSandbox(arguments: ["--org", "tlsfail", "--tls"])
        defer { sandbox.stop() }
        let started = ContinuousClock.now
        let untrusted = try runPShell(
            sandbox.pshellArguments + ["-c", "get tlsfail-aaaaaaaaaaaaaaaaaaaaaaaaaa"],
            environment: ["PSHELL_TOKEN": sandbox.adminKey])
        #expect(ContinuousClock.now - started < .seconds(5), "no retries: it took \(ContinuousClock.now - started)")
        #expect(untrusted.status == 5)
        #expect(!untrusted.stderr.contains("retrying"), "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("the TLS certificate is not trusted"), "\(untrusted.stderr)")
        #expect(untrusted.stderr.split(separator: "\n").count == 1, "one line: \(untrusted.stderr)")
        let unknown = try runPShell(
            [
                "--platform-url", "https://no-such-host.invalid", "--push-url", "https://no-such-host.invalid", "--org",
                "o", "-c",
                "get o-aaaaaaaaaaaaaaaaaaaaaaaaaa",
            ], environment: ["PSHELL_TOKEN": "xxsome-token-value"])
        #expect(unknown.status == 5)
        #expect(!unknown.stderr.contains("retrying"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no-such-host.invalid: the host name does not resolve"), "\(unknown.stderr)")
    }
}
