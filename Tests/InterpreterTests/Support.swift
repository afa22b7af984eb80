import CoveoAPI
import Foundation
import Interpreter
import Sandbox
import Synchronization

/// A console that records what the interpreter prints.
final class RecordingConsole: Console {
    let isTerminal: Bool
    let usesColor = false
    let isInteractive: Bool
    private let state = Mutex<(out: String, err: String, answers: [String])>(("", "", []))

    init(terminal: Bool = false, interactive: Bool = false, answers: [String] = []) {
        isTerminal = terminal
        isInteractive = interactive
        state.withLock { $0.answers = answers }
    }

    var out: String { state.withLock { $0.out } }
    var err: String { state.withLock { $0.err } }
    func write(_ text: String) { state.withLock { $0.out += text } }
    func diagnose(_ diagnostic: Diagnostic) { state.withLock { $0.err += diagnostic.text + "\n" } }
    func ask(_ prompt: String) -> String? {
        state.withLock { s in
            s.out += prompt
            return s.answers.isEmpty ? nil : s.answers.removeFirst()
        }
    }
    func askSecret(_ prompt: String) -> String? { ask(prompt) }
    func clear() {
        state.withLock {
            $0.out = ""
            $0.err = ""
        }
    }
}

/// Starts a real sandbox server for a test, as pshell's own launcher does.
actor TestSandbox: SandboxLauncher {
    nonisolated let organization = "testorg"
    private var server: SandboxServer?
    let sourcesLimit: Int
    let indexingDelay: Int

    init(sourcesLimit: Int = 15, indexingDelay: Int = 200) {
        self.sourcesLimit = sourcesLimit
        self.indexingDelay = indexingDelay
    }

    func launch() async throws -> SandboxConnection {
        let server: SandboxServer
        if let running = self.server {
            server = running
        } else {
            server = try await SandboxServer.start(
                SandboxConfiguration(
                    organization: organization, sourcesLimit: sourcesLimit, indexingDelayMilliseconds: indexingDelay))
            self.server = server
        }
        return SandboxConnection(
            url: server.url, organization: server.organization, adminKey: Secret(server.adminKey),
            viewerKey: Secret(server.viewerKey))
    }

    func reset() async throws -> SandboxConnection {
        await stop()
        server = nil
        return try await launch()
    }

    func stop() async { await server?.stop() }
}

func makeShell(
    _ console: RecordingConsole, sandbox: TestSandbox = TestSandbox(), environment: [String: String] = [:]
) -> Shell {
    Shell(
        session: Session(target: .sandbox, environmentVariables: environment), console: console, launcher: sandbox,
        makeTransport: { AsyncHTTPTransport(options: $0) }, sandboxControl: SandboxHTTPControl())
}
