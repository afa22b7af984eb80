import CoveoAPI
import Foundation
import Interpreter
import Sandbox

/// Starts the sandbox inside the pshell process the first time a command needs it.
actor EmbeddedSandbox: SandboxLauncher {
    nonisolated let organization: String
    private var configuration: SandboxConfiguration
    /// The state file is the prompt's default, not one the user named: when another pshell holds it, this one
    /// goes on in memory rather than refuse to start.
    private let stateFileIsDefault: Bool
    private var server: SandboxServer?
    private var note: String?

    init(configuration: SandboxConfiguration, stateFileIsDefault: Bool = false) {
        self.configuration = configuration
        self.organization = configuration.organization
        self.stateFileIsDefault = stateFileIsDefault
    }

    /// The prompt's own state file: `$XDG_DATA_HOME/pshell/sandbox.db` (`~/.local/share` without it).
    static func defaultStateFile(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/pshell/sandbox.db" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/share/pshell/sandbox.db" }
        return nil
    }

    /// Stops the server if it ran: with a state file, what is still being indexed is written first.
    func stop() async {
        await server?.stop()
        server = nil
    }

    func launch() async throws -> SandboxConnection {
        let server: SandboxServer
        if let running = self.server {
            server = running
        } else {
            server = try await start()
            self.server = server
        }
        return SandboxConnection(
            url: server.url, organization: server.organization, adminKey: Secret(server.adminKey),
            viewerKey: Secret(server.viewerKey), stateFile: configuration.stateFile, note: note)
    }

    func reset() async throws -> SandboxConnection {
        await stop()
        if let file = configuration.stateFile {
            // The database and what SQLite keeps beside it; the lock file stays, it is the next owner's.
            for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: file + suffix) {
                do {
                    try FileManager.default.removeItem(atPath: file + suffix)
                } catch {
                    throw StateFileError(message: "cannot remove \(file + suffix): \(error.localizedDescription)")
                }
            }
        }
        note = nil
        return try await launch()
    }

    private func start() async throws -> SandboxServer {
        guard stateFileIsDefault, let file = configuration.stateFile else {
            return try await SandboxServer.start(configuration)
        }
        // Its folder is made private: the file holds the sandbox's administrator key.
        let folder = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            return try await SandboxServer.start(configuration)
        } catch let error as SandboxStateError where error.heldByAnother {
            configuration.stateFile = nil
            note =
                "another pshell's sandbox holds \(file): this one's is in memory and goes with it "
                + "(`pshell --sandbox-state FILE` keeps it elsewhere)"
            return try await SandboxServer.start(configuration)
        } catch let error as SandboxStateError {
            throw StateFileError(
                message: "\(error.message); `sandbox reset` starts it again empty, `pshell --no-sandbox-state` "
                    + "without it")
        }
    }
}

/// The prompt's state file cannot be used, and what to do about it.
private struct StateFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
