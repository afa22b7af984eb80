import CoveoAPI
import Interpreter
import Sandbox

/// Starts the sandbox inside the pshell process the first time a command needs it.
actor EmbeddedSandbox: SandboxLauncher {
    nonisolated let organization: String
    nonisolated let keepsState: Bool
    private let configuration: SandboxConfiguration
    private var server: SandboxServer?

    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
        self.organization = configuration.organization
        self.keepsState = configuration.stateFile != nil
    }

    /// Stops the server if it ran: with `--sandbox-state`, what is still being indexed is written first.
    func stop() async {
        await server?.stop()
        server = nil
    }

    func launch() async throws -> SandboxConnection {
        let server: SandboxServer
        if let running = self.server {
            server = running
        } else {
            server = try await SandboxServer.start(configuration)
            self.server = server
        }
        return SandboxConnection(
            url: server.url, organization: server.organization, adminKey: Secret(server.adminKey),
            viewerKey: Secret(server.viewerKey))
    }
}
