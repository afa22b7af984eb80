package import CoveoAPI
package import Foundation

/// Where a running sandbox is and the keys it accepts.
package struct SandboxConnection: Sendable {
    package var url: URL
    package var organization: String
    package var adminKey: Secret
    package var viewerKey: Secret
    /// The file its state is kept in from one run to the next; nil: memory only, gone with the process.
    package var stateFile: String?
    /// Said once when it starts: how it came to differ from what was asked (a state file held by another pshell).
    package var note: String?

    /// Where it keeps what is made in it, as said to the user.
    var keeping: String { stateFile.map { "kept in \($0)" } ?? "in memory" }

    package init(
        url: URL, organization: String, adminKey: Secret, viewerKey: Secret, stateFile: String? = nil,
        note: String? = nil
    ) {
        self.url = url
        self.organization = organization
        self.adminKey = adminKey
        self.viewerKey = viewerKey
        self.stateFile = stateFile
        self.note = note
    }
}

/// Starts the built-in sandbox on demand. The interpreter does not know how: the executable supplies this,
/// so that `pshell -c help` starts no server at all.
package protocol SandboxLauncher: Sendable {
    /// The organization the sandbox will serve, known before it starts (for the prompt).
    var organization: String { get }
    func launch() async throws -> SandboxConnection
    /// Empties it: stopped, its state file removed, started again fresh (new keys, no sources).
    func reset() async throws -> SandboxConnection
}
