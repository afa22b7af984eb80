import CoveoAPI
import Foundation
import Interpreter
import LineEditor
import Logging
import Sandbox
import Synchronization

/// `pshell sandbox`: the emulator on its own, for other clients (curl, Coveo's SDKs, another pshell).
struct SandboxCommand {
    /// `--tls`: the user's certificate and key, or a CA made now whose certificate clients are told to trust.
    private func tlsMaterial() throws -> SandboxTLS? {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw SandboxStartError(message: "--tls-cert and --tls-key go together")
        }
        guard tls || tlsCert != nil else { return nil }
        if let tlsCert, let tlsKey { return try SandboxTLS.files(certificate: tlsCert, key: tlsKey) }
        let caFile =
            state.map { $0 + ".ca.pem" }
            ?? FileManager.default.temporaryDirectory.appending(path: "pshell-sandbox-\(getpid())-ca.pem").path
        return try SandboxTLS.generated(caFile: caFile, keyFile: state.map { $0 + ".ca-key.pem" })
    }

    private func tlsLine(_ configuration: SandboxConfiguration) -> String {
        guard let tls = configuration.tls else { return "" }
        guard let caFile = tls.caFile else { return "\ntls:            the certificate of --tls-cert" }
        return "\ntls:            a CA made at start: trust \(caFile) (curl --cacert \(caFile))"
    }

    static let usage = "pshell sandbox [--port N] [--org ID] [--state FILE] [--tls] [options]"
    static let overview = "Run the sandbox on its own, for other clients (curl, Coveo's SDKs, another pshell)."

    static let options: [ProcessOption] = [
        ProcessOption("port", value: "N", "The port to listen on (0, the default, picks a free one)."),
        ProcessOption("org", value: "ID", "The organization id it serves (default pshellsandbox)."),
        ProcessOption(
            "state", value: "FILE", completion: .files(extension: nil),
            "A file (SQLite) that keeps its state across restarts and crashes; a JSON state file of an earlier "
                + "version is imported."),
        ProcessOption("sources-limit", value: "N", "The numberOfSourcesLimit it enforces (default 15)."),
        ProcessOption(
            "providers-limit", value: "N", "numberOfSecurityProvidersLimit of the emulated license (default 15)."),
        ProcessOption("faults", value: "FAULTS", "Faults to inject, e.g. 429=0.2,503=0.05,reset=0.02,retry-after=1."),
        ProcessOption(
            "indexing-delay", value: "MS",
            "Milliseconds between accepting a Push operation and indexing or rejecting it (default 200)."),
        ProcessOption(
            "clock", value: "DATE-TIME",
            "Start the sandbox's clock at this instant (ISO 8601) instead of now; time moves on from there."),
        ProcessOption(
            "tls",
            "Serve HTTPS with a certificate authority made at start (its certificate is written beside --state, or to "
                + "a temporary file)."),
        ProcessOption(
            "tls-cert", value: "FILE", completion: .files(extension: nil),
            "With --tls: serve this certificate (PEM, the chain) instead of a generated one."),
        ProcessOption(
            "tls-key", value: "FILE", completion: .files(extension: nil),
            "With --tls: the private key (PEM) of --tls-cert."),
        ProcessOption("help", short: "h", "Show this help."),
    ]

    var port: UInt16 = 0
    var org = "pshellsandbox"
    var state: String?
    var sourcesLimit = 15
    var providersLimit = 15
    var faults: String?
    var indexingDelay = 200
    var clock: String?
    var tls = false
    var tlsCert: String?
    var tlsKey: String?

    /// `pshell sandbox WORDS...`: its help, one line for a mistake (status 64), or the sandbox until Ctrl-C.
    static func main(_ words: [String]) async -> Never {
        let help = { ProcessHelp.page(overview: overview, usage: [usage], options: options, columns: $0) }
        let command = ProcessArguments.read(words, program: "pshell sandbox", options: options, help: help) {
            arguments throws(PShell.UsageError) in try SandboxCommand(arguments)
        }
        exit(await command.run())
    }

    init(_ arguments: ProcessArguments) throws(PShell.UsageError) {
        if let word = arguments.positionals.first {
            throw PShell.UsageError(message: "unexpected argument '\(word)' (usage: \(Self.usage))")
        }
        port = UInt16(try arguments.integer("port", in: 0...65_535) ?? 0)
        org = arguments.value("org") ?? org
        if org.isEmpty { throw PShell.UsageError(message: "--org needs an organization id") }
        state = arguments.value("state")
        sourcesLimit = try arguments.integer("sources-limit", in: 0...1_000_000) ?? sourcesLimit
        providersLimit = try arguments.integer("providers-limit", in: 0...1_000_000) ?? providersLimit
        faults = arguments.value("faults")
        indexingDelay = try arguments.integer("indexing-delay", in: 0...3_600_000) ?? indexingDelay
        clock = arguments.value("clock")
        tls = arguments.has("tls")
        tlsCert = arguments.value("tls-cert")
        tlsKey = arguments.value("tls-key")
    }

    /// The sandbox, until Ctrl-C or TERM: 0, or 1 when it cannot start or its state was not all saved.
    private func run() async -> Int32 {
        var configuration = SandboxConfiguration(
            organization: org, port: port, stateFile: state, sourcesLimit: sourcesLimit,
            securityProvidersLimit: max(0, providersLimit), indexingDelayMilliseconds: max(0, indexingDelay))
        let server: SandboxServer
        do {
            configuration.clock = try PShell.wallClock(clock)
            configuration.tls = try tlsMaterial()
            if let faults { configuration.faults = try SandboxFaults.parse(faults) }
            server = try await SandboxServer.start(configuration)
        } catch {
            StandardConsole.write("pshell sandbox: error: \(error)\n", to: STDERR_FILENO)
            return 1
        }
        // Why the port is the one it is, when the state file's last run chose it.
        func portLine(_ server: SandboxServer) -> String {
            server.portNote.map { "\nport:           \($0) (--port N chooses one)" } ?? ""
        }
        let text = """
            pshell sandbox listening on \(server.url.absoluteString) (platform and Push API)\(portLine(server))
            organization:   \(server.organization)
            admin key:      \(server.adminKey)   (every privilege)
            view-only key:  \(server.viewerKey)   (VIEW only)
            state:          \(state ?? "in memory (use --state FILE to keep it)")\(tlsLine(configuration))
            Use it from pshell (paste this):
            PSHELL_TOKEN=\(server.adminKey) \(Self.invokedAs) \
            --platform-url \(server.url.absoluteString) --push-url \(server.url.absoluteString) \
            --org \(server.organization)\(configuration.tls?.caFile.map { " --cacert " + Tokenizer.quote($0) } ?? "")
            Stop it with Ctrl-C.

            """
        // Ctrl-C or a TERM stops it cleanly, watched before the banner says it runs: a client that reads the
        // banner and stops it at once must not kill it outright.
        let (stopped, continuation) = AsyncStream<Int32>.makeStream()
        let sources = watchSignals([SIGINT, SIGTERM]) { continuation.yield($0) }
        StandardConsole.write(text, to: STDOUT_FILENO)
        for await _ in stopped { break }
        sources.cancel()
        let problem = await server.stop()
        // A CA made for this run, in a temporary file, goes with it; beside --state it stays for the next run's
        // clients.
        if state == nil, let caFile = configuration.tls?.caFile { unlink(caFile) }
        guard let state else { return 0 }
        // Said only if true: a state file deleted, replaced or made read-only while the sandbox ran does not hold
        // what it acknowledged, and the exit status says so too.
        if let problem {
            StandardConsole.write(
                "pshell sandbox: \(problem): the writes refused since were not saved anywhere\n", to: STDERR_FILENO)
            return 1
        }
        StandardConsole.write("pshell sandbox: state saved to \(state)\n", to: STDERR_FILENO)
        return 0
    }
}

extension SandboxCommand {
    /// How to run this pshell again, so that the line to paste works where `pshell` is not on PATH.
    static var invokedAs: String {
        // The binary itself, by its absolute path: found on PATH or run as ./pshell, the line works anywhere.
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return Tokenizer.quote(path)
        }
        let first = CommandLine.arguments.first ?? "pshell"
        return first.contains("/") ? Tokenizer.quote(URL(fileURLWithPath: first).standardizedFileURL.path) : "pshell"
    }
}
