import CoveoAPI
import Foundation

/// What the interpreter connects through: the HTTP transport, made again when the session's network options change
/// (`set timeout`), and the built-in sandbox, started on first use. Owned by the interpreter and used on its
/// executor only.
final class Connections {
    /// Starts the built-in sandbox; nil: this pshell has none.
    let launcher: (any SandboxLauncher)?
    /// What only a pshell sandbox can do (`items`, `identity list`, `sandbox --license-...`); nil: nothing of it.
    let sandboxControl: (any SandboxControl)?
    /// The built-in sandbox once it runs.
    private(set) var sandbox: SandboxConnection?
    private let makeTransport: @Sendable (TransportOptions) -> any HTTPTransport
    /// The transport and the options it was made with.
    private var transport: (transport: any HTTPTransport, options: TransportOptions)?
    /// The sandbox's keys are masked from the moment it starts.
    private let masking: MaskingConsole

    init(
        launcher: (any SandboxLauncher)?, sandboxControl: (any SandboxControl)?,
        makeTransport: @escaping @Sendable (TransportOptions) -> any HTTPTransport, masking: MaskingConsole
    ) {
        self.launcher = launcher
        self.sandboxControl = sandboxControl
        self.makeTransport = makeTransport
        self.masking = masking
    }

    /// A client for the session's target, starting the sandbox and the HTTP transport on first use; no retry
    /// policy, observer or dry run yet (the interpreter adds them).
    nonisolated(nonsending) func client(for session: Session) async throws -> CoveoClient {
        let endpoints: Endpoints
        let organization: String
        var token = session.token
        switch session.target {
        case .sandbox:
            let connection = try await startSandbox()
            endpoints = Endpoints(platform: connection.url, push: connection.url)
            organization = session.organization ?? connection.organization
            token = token ?? connection.adminKey
        case .coveo(let region, let environment):
            endpoints = .coveo(region: region, environment: environment)
            organization = try Self.organization(of: session)
        case .custom(let custom):
            endpoints = custom
            organization = try Self.organization(of: session)
        }
        return CoveoClient(
            transport: transport(session.network), endpoints: endpoints, organization: organization, token: token)
    }

    private func transport(_ options: TransportOptions) -> any HTTPTransport {
        if let current = transport, current.options == options { return current.transport }
        if let old = transport?.transport { Task { await old.shutdown() } }
        let made = makeTransport(options)
        transport = (made, options)
        return made
    }

    /// The built-in sandbox, started now if it does not run yet.
    nonisolated(nonsending) func startSandbox() async throws -> SandboxConnection {
        if let sandbox { return sandbox }
        guard let launcher else { throw ShellError.failure("this pshell has no built-in sandbox") }
        do {
            let connection = adopt(try await launcher.launch())
            if let note = connection.note { masking.diagnose(.note, note) }
            return connection
        } catch {
            throw ShellError.failure("the sandbox could not start: \(error)")
        }
    }

    /// The built-in sandbox emptied and started again: the connection it answers on now.
    nonisolated(nonsending) func resetSandbox() async throws -> SandboxConnection {
        guard let launcher else { throw ShellError.failure("this pshell has no built-in sandbox") }
        sandbox = nil
        do {
            return adopt(try await launcher.reset())
        } catch {
            throw ShellError.failure("the sandbox could not start again: \(error)")
        }
    }

    /// The sandbox now running: its keys are masked from this moment.
    private func adopt(_ connection: SandboxConnection) -> SandboxConnection {
        sandbox = connection
        masking.remember([connection.adminKey.value, connection.viewerKey.value])
        return connection
    }

    /// Closes the network connections; called once, before the program ends.
    nonisolated(nonsending) func close() async {
        await transport?.transport.shutdown()
        transport = nil
    }

    private static func organization(of session: Session) throws -> String {
        guard let organization = session.organization else {
            throw ShellError.failure("no organization: set one with `org ID` (or PSHELL_ORG, or --org)")
        }
        return organization
    }
}

/// The routes only pshell's sandbox serves (`items`, `identity list`, `sandbox --license-...`).
struct SandboxRoutes: Sendable {
    let control: (any SandboxControl)?
    let target: Target

    /// Calls one; pointed at the platform, its 404 becomes `refusal`.
    nonisolated(nonsending) func call(
        _ refusal: String, _ call: (any SandboxControl) async throws(APIError) -> JSON
    ) async throws -> JSON {
        guard let control else { throw ShellError.failure(refusal) }
        do {
            return try await call(control)
        } catch {
            if error.status == 404, target != .sandbox { throw ShellError.failure(refusal) }
            throw error
        }
    }
}
