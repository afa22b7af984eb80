package import CoveoAPI
package import Foundation

/// Where a running sandbox is and the keys it accepts.
package struct SandboxConnection: Sendable {
    package var url: URL
    package var organization: String
    package var adminKey: Secret
    package var viewerKey: Secret

    package init(url: URL, organization: String, adminKey: Secret, viewerKey: Secret) {
        self.url = url
        self.organization = organization
        self.adminKey = adminKey
        self.viewerKey = viewerKey
    }
}

/// Starts the built-in sandbox on demand. The interpreter does not know how: the executable supplies this,
/// so that `pshell -c help` starts no server at all.
package protocol SandboxLauncher: Sendable {
    /// The organization the sandbox will serve, known before it starts (for the prompt).
    var organization: String { get }
    /// Whether its state outlives the process (`--sandbox-state FILE`).
    var keepsState: Bool { get }
    func launch() async throws -> SandboxConnection
}
