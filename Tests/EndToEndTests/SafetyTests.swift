import CoveoAPI
import Foundation
import Testing

/// Safe by default, run as a person runs pshell: one identity changed at a time, what a replacement dropped,
/// a folder with a broken file, the notes on side effects.
@Suite struct SafetyTests {
    @Test func permissionsChangeOneIdentityAndKeepTheOthers() throws {
        let script = """
            create S --visibility SHARED
            permissions S --allow alice@example.com --allow sales:group
            permissions S --allow carol@example.com
            permissions S --add-allow alice@example.com --add-deny bob@example.com
            permissions S --remove carol@example.com --anyone
            fails permissions S --remove zed
            fails permissions S --add-allow x --clear
            permissions S --add-deny alice@example.com --output json
            """
        let run = try runPShell(["-"], stdin: script)
        #expect(run.status == 0, "\(run.stderr)")
        // The replacing form says what it dropped.
        #expect(
            run.stderr.contains(
                "note: replaced the source's permissions; no longer there: allow alice@example.com, allow sales"),
            "\(run.stderr)")
        #expect(run.stderr.contains("'zed' is in no permission of this source; nothing was sent (`permissions S`"))
        #expect(run.stderr.contains("use one kind or the other"))
        let documents = run.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        let last = try JSONParser.parse(String(try #require(documents.last)))
        let set = try #require(last.value(at: ["permissions", "0", "permissionSets", "0"]))
        // alice moved from allowed to denied; bob stayed denied; carol is gone; anyone stayed allowed.
        #expect(set["allowAnonymous"] == true)
        #expect(set["allowedPermissions"]?.arrayValue?.isEmpty == true, "\(set)")
        #expect(
            set["deniedPermissions"]?.arrayValue?.compactMap { $0["identity"]?.stringValue }
                == ["bob@example.com", "alice@example.com"], "\(set)")
    }

    @Test func aFolderWithBrokenFilesPushesTheRestAndSaysWhere() throws {
        let folder = try temporaryHome()
        let items = folder.appending(path: "items")
        try FileManager.default.createDirectory(at: items, withIntermediateDirectories: true)
        func item(_ n: Int) -> String {
            #"{"documentId": "https://example.com/\#(n)", "title": "t\#(n)", "data": "x"}"#
        }
        try (item(1) + "\n" + item(2) + "\n").write(
            to: items.appending(path: "a.ndjson"), atomically: true, encoding: .utf8)
        // Cut short in its second element, as a copy interrupted halfway leaves it.
        try ("[\n  " + item(3) + ",\n  {\"documentId\": \"https://example.com/4\",\n")
            .write(to: items.appending(path: "b.json"), atomically: true, encoding: .utf8)
        try "[".appending(item(5)).appending("]").write(
            to: items.appending(path: "c.json"), atomically: true, encoding: .utf8)
        try "not json".write(to: items.appending(path: "d.json"), atomically: true, encoding: .utf8)
        let run = try runPShell(
            ["-c", "create S --visibility SHARED; push S @items --wait --output json"], workingDirectory: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "warning: items/b.json:4:1: the file ends before its JSON closes "
                    + "(its element from line 3 is cut short); the rest of this file is skipped (1 read before)"),
            "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "warning: items/d.json:1:1: expected a JSON object or an array of objects; this file is skipped"))
        #expect(
            run.stderr.contains(
                "error: 2 file(s) broke, the rest of each skipped (each is reported above); 4 item(s) were sent"))
        let summary = try JSONParser.parse(String(try #require(run.stdout.split(separator: "\n").last)))
        #expect(summary["sent"] == 4 && summary["indexed"] == 4 && summary["skippedFiles"] == 2, "\(summary)")
        #expect(summary["brokenFiles"]?.arrayValue?.count == 2)
    }

    @Test func deletingASecuredSourceTakesTheProviderNothingElseUses() throws {
        let script = """
            create A --with-provider
            set a $last.id
            create B --visibility SECURED --provider AProvider
            set b $last.id
            delete $a --yes
            provider list --output json
            assert ${#last} == 2
            delete $b --yes --output json
            provider list --output json
            assert ${#last} == 1
            create C --with-provider
            delete C --yes --keep-provider
            provider get CProvider --output json
            """
        let run = try runPShell(["-"], stdin: script)
        #expect(run.status == 0, "\(run.stderr)")
        // A's provider stays while B uses it; B's delete takes it, and says so; C's is kept when asked.
        #expect(run.stderr.components(separatedBy: "note: deleted its security identity provider").count == 2)
        #expect(run.stderr.contains("'AProvider' too: no other source referenced it (--keep-provider keeps it)"))
        #expect(run.stdout.contains(#""deletedProviders":["AProvider"]"#), "\(run.stdout)")
        #expect(run.stdout.contains(#""id":"CProvider""#))
    }
}

/// The sandbox, kept or discarded as said, and reached as its own words say.
@Suite(.serialized) struct SandboxLifeTests {
    /// One sandbox per state file: a second one on the same file (standalone or built in) is refused in one line
    /// naming the first's pid and port; once the first is gone (`kill -9` too), the file is free again.
    @Test func aSecondSandboxOnTheSameStateFileIsRefused() throws {
        let state = try temporaryHome().appending(path: "state.db").path
        let first = try StandaloneSandbox(arguments: ["--org", "o", "--state", state])
        let port = URL(string: first.url)?.port ?? 0
        let owner = "is in use by another pshell sandbox (pid \(first.process.processIdentifier), port \(port))"
        let second = try runPShell(["sandbox", "--org", "o", "--state", state])
        #expect(second.status != 0 && second.stderr.contains(owner), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        let builtIn = try runPShell(["--sandbox-state", state, "-c", "create Lost --visibility SHARED"])
        #expect(builtIn.status != 0 && builtIn.stderr.contains(owner), "\(builtIn.stderr)")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let after = try runPShell(["--sandbox-state", state, "-c", "list --quiet"])
        #expect(after.status == 0 && after.stdout.isEmpty, "nothing was created by the refused one: \(after)")
    }

    /// A client that keeps an idle connection open (requests.Session, any keep-alive pool) does not keep a stopped
    /// sandbox running: it exits within the 2 s it gives requests in progress, saying its state was saved.
    @Test func aTermStopsTheSandboxThoughAClientKeepsAConnectionOpen() throws {
        let state = try temporaryHome().appending(path: "state.db").path
        let sandbox = try StandaloneSandbox(arguments: ["--org", "o", "--state", state])
        let port = UInt16(URL(string: sandbox.url)?.port ?? 0)
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let request = "GET /rest/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        var answer = [UInt8](repeating: 0, count: 4096)
        #expect(recv(socket, &answer, answer.count, 0) > 0, "the sandbox answered; the connection stays open")
        let stopped = Date()
        kill(sandbox.process.processIdentifier, SIGTERM)
        sandbox.process.waitUntilExit()
        #expect(Date().timeIntervalSince(stopped) < 6, "it exited in \(Date().timeIntervalSince(stopped)) s")
        #expect(sandbox.process.terminationStatus == 0)
    }

    /// A state file deleted while the sandbox ran: its exit does not say "saved", and its status says so too.
    @Test func theExitSaysTheStateFileIsGone() throws {
        let state = try temporaryHome().appending(path: "state.db").path
        let sandbox = try StandaloneSandbox(arguments: ["--org", "o", "--state", state])
        try FileManager.default.removeItem(atPath: state)
        kill(sandbox.process.processIdentifier, SIGTERM)
        sandbox.process.waitUntilExit()
        #expect(sandbox.process.terminationStatus == 1)
    }

    @Test func aSandboxStateFileKeepsTheBuiltInSandboxBetweenRuns() throws {
        let state = try temporaryHome().appending(path: "sandbox.sqlite").path
        let first = try runPShell(["--sandbox-state", state, "-c", "create Kept --visibility SHARED"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try runPShell(["--sandbox-state", state, "-c", "get Kept --output json"])
        #expect(second.status == 0 && second.stdout.contains(#""name":"Kept""#), "\(second.stderr)")
        // Without it, the next run starts empty.
        #expect(try runPShell(["-c", "get Kept"]).status == 2)
    }

    @Test func ctrlDSaysTheSandboxIsDiscarded() throws {
        let t = try TmuxSession(arguments: ["--no-sandbox-state"])
        #expect(t.waitFor(text: TeachingTests.prompt), "\(t.screen)")
        try t.type("create Scratch --visibility SHARED")
        try t.press("Enter")
        #expect(t.waitFor(text: "pshellsandbox-"), "\(t.screen)")
        try t.press("C-d")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
        #expect(
            t.screen.contains(
                "note: the built-in sandbox is discarded now, with its 1 source(s); `pshell --sandbox-state FILE` keeps"
            ),
            "\(t.screen)")
    }

    /// Over HTTPS too: the line then names the CA the sandbox made, or pshell would refuse its certificate.
    @Test(arguments: [[], ["--tls"]])
    func theStandaloneSandboxLineWorksWhenPasted(_ flags: [String]) throws {
        let sandbox = try StandaloneSandbox(arguments: flags)
        defer { sandbox.stop() }
        let marker = "Use it from pshell (paste this):\n"
        let start = try #require(sandbox.banner.range(of: marker))
        let rest = sandbox.banner[start.upperBound...]
        let end = try #require(rest.range(of: "\nStop it with Ctrl-C."))
        let pasted = String(rest[..<end.lowerBound])
        let folder = URL(fileURLWithPath: pshellBinary).deletingLastPathComponent().path
        let run = try runProgram("/bin/sh", ["-c", "PATH=\(folder):$PATH " + pasted + " -c 'create Pasted; list'"])
        #expect(run.status == 0, "\(pasted)\n\(run.stderr)")
        #expect(run.stdout.contains(#""name":"Pasted""#), "\(run.stdout)")
        // `sandbox key` prints the built-in sandbox's key, which curl's hint names.
        let key = try runPShell(["-c", "sandbox key"])
        #expect(key.status == 0 && key.stdout.hasPrefix("xx"), "\(key.stdout)")
    }

    @Test func aRefusedCoveoCLILoginSaysToLogInAgain() throws {
        let sandbox = try StandaloneSandbox(arguments: [])
        defer { sandbox.stop() }
        let home = try temporaryHome()
        let folder = home.appending(path: ".config/@coveo/cli")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = #"{"organization":"\#(sandbox.organization)","accessToken":"xx-expired-login-0000"}"#
        try config.write(to: folder.appending(path: "config.json"), atomically: true, encoding: .utf8)
        let run = try runPShell(
            ["-c", "list"], environment: ["PSHELL_PLATFORM_URL": sandbox.url, "PSHELL_PUSH_URL": sandbox.url],
            home: home)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("HTTP 401"), "\(run.stderr)")
        #expect(run.stderr.contains("which has expired or was revoked: run `coveo auth:login`, then pshell again"))
        #expect(!run.stderr.contains("expired-login"))
    }

    @Test func aProductionProfileAsksBeforeDeletingEvenInAScript() throws {
        let sandbox = try StandaloneSandbox(arguments: [])
        defer { sandbox.stop() }
        let home = try temporaryHome()
        let folder = home.appending(path: ".config/pshell/profiles")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let profile =
            #"{"organization": "\#(sandbox.organization)", "platformUrl": "\#(sandbox.url)", "#
            + #""pushUrl": "\#(sandbox.url)", "tokenEnv": "PROD_TOKEN", "production": true}"#
        try profile.write(to: folder.appending(path: "prod.json"), atomically: true, encoding: .utf8)
        let environment = ["PROD_TOKEN": sandbox.adminKey]
        let made = try runPShell(
            ["--profile", "prod", "-c", "create Precious --visibility SHARED"], environment: environment, home: home)
        #expect(made.status == 0, "\(made.stderr)")
        // No one at a terminal: nothing is deleted without --yes.
        let refused = try runPShell(
            ["--profile", "prod", "-c", "delete Precious"], environment: environment, home: home)
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("the profile 'prod' is marked production and no one is at a terminal"))
        // At a terminal, -c asks; no keeps it.
        let t = try TmuxSession(
            arguments: ["--profile", "prod", "-c", "delete Precious"], home: home, environment: environment)
        #expect(t.waitFor(text: "[prod] Delete source 'Precious'"), "\(t.screen)")
        try t.type("n")
        try t.press("Enter")
        #expect(t.waitFor(text: "PSHELL-EXITED=0"), "\(t.screen)")
        #expect(t.screen.contains("Not deleted."), "\(t.screen)")
        // The prompt names the profile.
        let prompt = try TmuxSession(arguments: ["--profile", "prod"], home: home, environment: environment)
        #expect(prompt.waitFor(text: "pshell prod custom:\(sandbox.organization)>"), "\(prompt.screen)")
        try prompt.press("C-d")
        let deleted = try runPShell(
            ["--profile", "prod", "-c", "delete Precious --yes"], environment: environment, home: home)
        #expect(deleted.status == 0, "\(deleted.stderr)")
    }
}
