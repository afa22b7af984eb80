import Foundation
import Testing

/// A CA and a server certificate made by openssl for this test run: never the system's store.
struct TestCertificates {
    let ca: String
    let certificate: String
    let key: String

    /// The server certificate names 127.0.0.1, localhost and sandbox.test (reached through the proxy).
    init(in folder: URL) throws {
        let path = { (name: String) in folder.appending(path: name).path }
        ca = path("ca.pem")
        certificate = path("server.pem")
        key = path("server.key")
        try
            ("subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:sandbox.test\n"
            + "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
            .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                path("ca.key"),
                "-out", ca, "-days", "30", "-subj", "/CN=pshell test CA", "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
                path("server.csr"),
                "-subj", "/CN=localhost",
            ],
            [
                "x509", "-req", "-in", path("server.csr"), "-CA", ca, "-CAkey", path("ca.key"), "-CAcreateserial",
                "-out", certificate,
                "-days", "30", "-extfile", path("server.ext"),
            ],
        ]
        for step in steps {
            let run = try runProgram("/usr/bin/openssl", step)
            guard run.status == 0 else { throw POSIXError(.EIO) }
        }
    }

    /// A server certificate of the same CA that expired on 2020-02-01 (`openssl ca` sets the dates): its path.
    func expired(in folder: URL) throws -> String {
        let path = { (name: String) in folder.appending(path: name).path }
        let configuration = [
            "[ca]", "default_ca=d", "[d]", "database=\(path("index.txt"))", "new_certs_dir=\(folder.path)",
            "serial=\(path("serial"))", "default_md=sha256", "policy=p", "[p]", "commonName=supplied", "",
        ]
        try configuration.joined(separator: "\n").write(toFile: path("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(toFile: path("index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(toFile: path("serial"), atomically: true, encoding: .utf8)
        let run = try runProgram(
            "/usr/bin/openssl",
            [
                "ca", "-batch", "-config", path("ca.cnf"), "-in", path("server.csr"), "-out", path("expired.pem"),
                "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-keyfile", path("ca.key"), "-cert", ca,
                "-extfile", path("server.ext"), "-notext",
            ])
        guard run.status == 0 else { throw POSIXError(.EIO) }
        return path("expired.pem")
    }
}

/// The network path real users take, against servers pshell did not write: HTTPS with a CA of the test's own,
/// a proxy, and a server that misbehaves on purpose. Each failure ends in one line, within its deadline.
@Suite struct NetworkTests {
    static let id = "hostile-aaaaaaaaaaaaaaaaaaaaaaaaaa"

    /// Runs the hostile server in MODE (over https when `tls` is given), then `get` against it.
    func hostile(
        _ mode: String, tls: TestCertificates? = nil, flags: [String] = [],
        command: String = "get \(NetworkTests.id) --output json"
    ) throws -> (RunResult, Duration, [String]) {
        try runAgainstServer(
            "hostile_server.py", [mode] + (tls.map { [$0.certificate, $0.key] } ?? []), https: tls != nil,
            organization: "hostile", token: "xxhostile-token-value",
            ["--timeout", "2", "--max-wait", "0"] + flags + (tls.map { ["--cacert", $0.ca] } ?? [])
                + ["-c", command])
    }

    /// One line on stderr that says `text`, and the exit status of a network failure (5) unless told.
    func expectOneLine(
        _ run: RunResult, _ text: String, status: Int32 = 5, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(text), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("xxhostile-token-value"), sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("negative", "the answer is not valid HTTP"),
        ("badchunk", "the answer is not valid HTTP"),
        ("garbage", "the answer is not valid HTTP"),
        ("huge", "the answer is larger than the 64 MB an API answer may be"),
        ("endless", "the answer is larger than the 64 MB an API answer may be"),
        ("drip", "no complete answer within 2 s (--timeout)"),
    ])
    func aBrokenServerEndsInOneLineWithinTheDeadline(mode: String, message: String) throws {
        let (run, elapsed, wire) = try hostile(mode)
        expectOneLine(run, "127.0.0.1:")
        expectOneLine(run, message)
        #expect(elapsed < .seconds(8), "\(mode): \(elapsed)")
        #expect(wire.count == 1, "never sent again: \(wire)")
    }

    @Test func aSourceModelWithAMistypedFieldIsOneLineNamingIt() throws {
        let (run, _, wire) = try hostile("mistyped", command: "permissions \(Self.id)")
        expectOneLine(run, "permissions: the source model's name is a number, not a string", status: 1)
        #expect(wire.count == 1, "only the GET was sent: \(wire)")
    }

    @Test func aRedirectToPlainHTTPElsewhereIsRefusedAndTheTokenStays() throws {
        let folder = try temporaryHome()
        let certificates = try TestCertificates(in: folder)
        // https down to http on 127.0.0.2: refused before anything is sent there.
        let (secure, _, wire) = try hostile("redirect", tls: certificates)
        expectOneLine(secure, "refused to follow an HTTP 307 redirect to http://127.0.0.2:")
        #expect(!wire.contains { $0.hasPrefix("STOLEN") }, "nothing reached 127.0.0.2: \(wire)")
        // The same server under another name: followed, without the token (the server answers 400 if it comes).
        let (renamed, _, renamedWire) = try hostile("redirect-host", tls: certificates)
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(renamed.stdout.contains("\"followed\""), "\(renamed.stdout)")
        #expect(
            renamedWire.count == 2 && renamedWire[0].hasSuffix("authorization=yes")
                && renamedWire[1].hasSuffix("authorization=none"), "\(renamedWire)")
        // Plain http from this machine to this machine is followed, without the token.
        let (plain, _, plainWire) = try hostile("redirect")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(
            plainWire.contains {
                $0.hasPrefix("STOLEN GET /rest/organizations/hostile/sources/") && $0.hasSuffix("authorization=none")
            }, "\(plainWire)")
    }

    /// An expired certificate is named as expired, with its dates (it was "not trusted ... --cacert", which
    /// cannot mend it); a trust store without a CA is one line, not BoringSSL's codes and source path.
    @Test func anExpiredCertificateAndAnEmptyTrustStoreSayWhat() throws {
        let folder = try temporaryHome()
        let certificates = try TestCertificates(in: folder)
        let expired = try StandaloneSandbox(
            arguments: [
                "--org", "o", "--tls", "--tls-cert", certificates.expired(in: folder), "--tls-key", certificates.key,
            ])
        defer { expired.stop() }
        let run = try runPShell(
            expired.pshellArguments + ["--cacert", certificates.ca, "-c", "list"],
            environment: ["PSHELL_TOKEN": expired.adminKey])
        expectOneLine(run, "the TLS certificate expired on 2020-02-01 (it was valid from 2020-01-01)")
        let sandbox = try StandaloneSandbox(
            arguments: ["--org", "o", "--tls", "--tls-cert", certificates.certificate, "--tls-key", certificates.key])
        defer { sandbox.stop() }
        let empty = try runPShell(
            sandbox.pshellArguments + ["-c", "list"],
            environment: ["PSHELL_TOKEN": sandbox.adminKey, "SSL_CERT_FILE": "/dev/null"])
        expectOneLine(empty, "no CA certificate could be read from the trust store")
        #expect(!empty.stderr.contains("OPENSSL_internal") && !empty.stderr.contains(".cc:"), "\(empty.stderr)")
    }

    /// A port past 65535 made SwiftNIO trap (SIGILL, no message), wherever the URL came from; port 0 looked
    /// like a refused connection worth retrying. Each is now one line, and nothing is sent.
    @Test func aPortOutOfRangeIsOneLineWhereverItComesFrom() throws {
        let (redirected, _, wire) = try hostile("badport")
        expectOneLine(redirected, "refused to follow an HTTP 307 redirect: 'http://127.0.0.1:99999/rest/")
        #expect(redirected.stderr.contains("a port is a number from 1 to 65535"), "\(redirected.stderr)")
        #expect(wire.count == 1, "\(wire)")
        let home = try temporaryHome()
        let profiles = home.appending(path: ".config/pshell/profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        try #"{"organization": "o", "platformUrl": "http://127.0.0.1:70000"}"#.write(
            to: profiles.appending(path: "far.json"), atomically: true, encoding: .utf8)
        let cases: [([String], [String: String], String)] = [
            (
                ["--platform-url", "http://127.0.0.1:99999", "-c", "list"], [:],
                "'http://127.0.0.1:99999' has port 99999"
            ),
            (["--platform-url", "http://127.0.0.1:0", "-c", "list"], [:], "has port 0"),
            (
                ["-c", "endpoint --platform https://localhost:123456789012345678901"], [:],
                "has port 123456789012345678901"
            ),
            (["--org", "o", "-c", "list"], ["HTTPS_PROXY": "http://u:pw@proxy.example:99999"], "HTTPS_PROXY="),
            (["--profile", "far", "-c", "list"], [:], "'http://127.0.0.1:70000' has port 70000"),
        ]
        for (arguments, environment, message) in cases {
            let run = try runPShell(
                arguments, environment: environment.merging(["PSHELL_TOKEN": "xxport-token"]) { a, _ in a },
                home: home)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("a port is a number from 1 to 65535"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
            #expect(!run.stderr.contains("pw@"), "no proxy password in the message: \(run.stderr)")
        }
    }

    /// The seeds' operations over HTTPS, end to end: the standalone sandbox serving TLS, trusted through `--cacert`
    /// and through SSL_CERT_FILE (which replaces the system's store), never the system store.
    @Test(arguments: ["seed-secured", "seed-public", "providers", "push", "sources", "permissions", "fields"])
    func theExamplesRunOverHTTPS(name: String) throws {
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appending(path: "state.db").path
        let sandbox = try StandaloneSandbox(
            arguments: [
                "--org", "pshellsandbox", "--indexing-delay", "0", "--tls", "--state", state, "--clock", fixedInstant,
            ])
        defer { sandbox.stop() }
        #expect(sandbox.url.hasPrefix("https://"))
        let script = packageRoot.appending(path: "scripts/examples/\(name).pshell").path
        let run = try runPShell(
            sandbox.pshellArguments + ["--clock", fixedInstant, "--cacert", state + ".ca.pem", script],
            environment: ["PSHELL_TOKEN": sandbox.adminKey])
        if name == "push" {
            // The script ends 1 on purpose: its stale push is rejected, after the clean-up ran.
            #expect(
                run.status == 1 && run.stderr.contains("was rejected: orderingId 1 is not greater"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").filter { $0.contains("error:") }.count == 1, "\(run.stderr)")
        } else {
            #expect(run.status == 0, "\(run.stderr)")
        }
        let viaStore = try runPShell(
            sandbox.pshellArguments + ["-c", "list --output json"],
            environment: ["PSHELL_TOKEN": sandbox.adminKey, "SSL_CERT_FILE": state + ".ca.pem"])
        #expect(viaStore.status == 0 && viaStore.stdout.contains("sourceModels"), "\(viaStore.stderr)")
    }

    /// HTTPS_PROXY: pshell asks the proxy for a tunnel (CONNECT) and speaks TLS through it; a proxy that refuses
    /// is one line at once; NO_PROXY sends the request around it.
    @Test func aProxySeesTheTunnelAndARefusalIsOneLine() throws {
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try TestCertificates(in: folder)
        let sandbox = try StandaloneSandbox(
            arguments: [
                "--org", "proxied", "--tls", "--tls-cert", certificates.certificate, "--tls-key", certificates.key,
            ])
        defer { sandbox.stop() }
        let port = try #require(URL(string: sandbox.url)?.port)
        let named = "https://sandbox.test:\(port)"
        let arguments = [
            "--platform-url", named, "--push-url", named, "--org", "proxied", "--cacert", certificates.ca, "--max-wait",
            "0",
        ]

        let log = folder.appending(path: "proxy.log").path
        let proxy = try LoopbackHelper(
            script: "connect_proxy.py", arguments: [log, "tunnel", "sandbox.test=127.0.0.1"])
        defer { proxy.stop() }
        let session = try runPShell(
            arguments + ["-c", "session"], environment: ["HTTPS_PROXY": proxy.url, "PSHELL_TOKEN": sandbox.adminKey])
        #expect(
            session.stdout.contains("proxy         https through \(proxy.url); direct to this machine"),
            "\(session.stdout)")
        let run = try runPShell(
            arguments + ["-c", "create proxied-source --visibility SHARED\nlist --output json"],
            environment: ["HTTPS_PROXY": proxy.url, "PSHELL_TOKEN": sandbox.adminKey])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"proxied-source\""), "\(run.stdout)")
        let tunnels = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(tunnels.first == "CONNECT sandbox.test:\(port) proxy-authorization=none", "\(tunnels)")

        let deniedLog = folder.appending(path: "denied.log").path
        let denying = try LoopbackHelper(script: "connect_proxy.py", arguments: [deniedLog, "deny"])
        defer { denying.stop() }
        let started = ContinuousClock.now
        let denied = try runPShell(
            arguments.dropLast(2) + ["-c", "list"],
            environment: ["HTTPS_PROXY": denying.url, "PSHELL_TOKEN": sandbox.adminKey])
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(denied.status == 5)
        #expect(denied.stderr.contains("the proxy refused the tunnel to sandbox.test:\(port)"), "\(denied.stderr)")
        #expect(denied.stderr.split(separator: "\n").count == 1, "one line, no retry: \(denied.stderr)")
        let deniedLines = try String(contentsOfFile: deniedLog, encoding: .utf8).split(separator: "\n")
        #expect(deniedLines.count == 1, "\(deniedLines)")
        #expect(!denied.stderr.contains(sandbox.adminKey))
    }
}

/// Ctrl-C in the middle of a long command leaves nothing half-done without a word.
@Suite struct InterruptTests {
    /// `push @FILE --status REBUILD` interrupted while it reads its items (a FIFO the test holds open): the source
    /// goes back to IDLE, the run says "interrupted" and what it left, and exits 130.
    @Test func ctrlCDuringAStatusPushSetsTheSourceBackToIdle() throws {
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = try StandaloneSandbox(arguments: ["--org", "intr", "--indexing-delay", "0"])
        defer { sandbox.stop() }
        let environment = ["PSHELL_TOKEN": sandbox.adminKey]
        let created = try runPShell(
            sandbox.pshellArguments + ["-c", "create interrupted --visibility SHARED"], environment: environment)
        let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0 && id.hasPrefix("intr-"), "\(created.stderr)")
        let fifo = folder.appending(path: "items.ndjson").path
        #expect(mkfifo(fifo, 0o600) == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: pshellBinary)
        process.arguments = sandbox.pshellArguments + ["-c", "push \(id) @\(fifo) --status REBUILD --wait"]
        process.environment = ["HOME": folder.path, "PSHELL_TOKEN": sandbox.adminKey]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Opening the FIFO waits for pshell to open it: by then it has set the status and is reading the items.
        let writer = open(fifo, O_WRONLY)
        #expect(writer >= 0)
        let line = #"{"documentId": "https://example.com/1", "title": "one"}"# + "\n"
        _ = line.withCString { write(writer, $0, strlen($0)) }
        let during = try runPShell(
            sandbox.pshellArguments + ["-c", "get \(id) --output json"], environment: environment)
        #expect(during.stdout.contains("\"REFRESHING\""), "\(during.stdout)")
        kill(process.processIdentifier, SIGINT)
        close(writer)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(
            stderr.contains("interrupted: push stopped after ") && stderr.contains("the source is back to IDLE"),
            "\(stderr)")
        #expect(!stderr.contains("CancellationError"), "\(stderr)")
        let after = try runPShell(
            sandbox.pshellArguments + ["-c", "get \(id) --output json"], environment: environment)
        #expect(after.stdout.contains("\"IDLE\"") && !after.stdout.contains("\"REFRESHING\""), "\(after.stdout)")
    }
}
