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
    /// The prompt's file when it could not be used (damaged, unwritable): `sandbox reset` empties it and uses it.
    private var unusableDefault: String?

    init(configuration: SandboxConfiguration, stateFileIsDefault: Bool = false) {
        self.configuration = configuration
        self.organization = configuration.organization
        self.stateFileIsDefault = stateFileIsDefault
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
        note = nil
        // A default file that could not be used is set aside (FILE.damaged: someone may want what it held), and
        // its place used again.
        if let file = unusableDefault {
            configuration.stateFile = file
            unusableDefault = nil
            if FileManager.default.fileExists(atPath: file) {
                // A name no earlier one has: FILE.damaged, then FILE.damaged.2, ...
                var aside = file + ".damaged"
                var number = 1
                while FileManager.default.fileExists(atPath: aside) {
                    number += 1
                    aside = file + ".damaged.\(number)"
                }
                do {
                    try FileManager.default.moveItem(atPath: file, toPath: aside)
                } catch {
                    throw ResetError(message: "cannot set \(file) aside: \(error.localizedDescription)")
                }
                note = "the file that could not be used is kept as \(aside)"
            }
        }
        if let file = configuration.stateFile {
            // The database and what SQLite keeps beside it; the lock file stays, it is the next owner's.
            for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: file + suffix) {
                // Files only: a folder of that name is the user's, never removed with what it holds.
                let facts = try? FileManager.default.attributesOfItem(atPath: file + suffix)
                guard facts?[.type] as? FileAttributeType != .typeDirectory else {
                    throw ResetError(message: "\(file + suffix) is a folder: pshell removes no folder; move it away")
                }
                do {
                    try FileManager.default.removeItem(atPath: file + suffix)
                } catch {
                    throw ResetError(message: "cannot remove \(file + suffix): \(error.localizedDescription)")
                }
            }
        }
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
        // pshell's own folder, made before with looser rights, is made private too (only that folder: the ones
        // above it are the user's).
        if (folder as NSString).lastPathComponent == "pshell" { chmod(folder, 0o700) }
        do {
            return try await SandboxServer.start(configuration)
        } catch {
            // The prompt's own file, not one the user named: whatever keeps it from being used (another pshell
            // holds it, a damaged or unwritable file), the prompt goes on with a sandbox in memory and says why.
            configuration.stateFile = nil
            if let held = error as? SandboxStateError, held.heldByAnother {
                note =
                    "another pshell's sandbox holds \(file): this one's is in memory and goes with it "
                    + "(`pshell --sandbox-state FILE` keeps it elsewhere)"
            } else {
                unusableDefault = file
                note =
                    "the sandbox cannot be kept in \(file) (\(error)): this one's is in memory; "
                    + "`sandbox reset` empties the file and keeps the sandbox there again"
            }
            return try await SandboxServer.start(configuration)
        }
    }
}

/// The state file could not be emptied.
private struct ResetError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
