import CoveoAPI
import Foundation

/// What several commands share: confirmation, JSON files, sandbox-only routes, the rename rule, the name caches.
extension Shell {
    /// Source and provider names cached for Tab and name lookup belong to one organization and target.
    func forgetCachedNames() {
        sources.forget()
        providerCache = nil
    }

    /// What commands read from the user's files, from the running script's folder.
    var inputs: Inputs {
        Inputs(
            scriptFolder: scriptStack.last.map { ($0 as NSString).deletingLastPathComponent },
            home: session.environmentVariables["HOME"])
    }

    /// How a destructive command asks before it goes on.
    var confirmation: Confirmation {
        Confirmation(
            assumeYes: assumeYes, dryRun: currentDryRun != .off,
            production: session.production ? session.profile ?? "production" : nil, console: console)
    }

    /// A route only pshell's sandbox serves: pointed at the platform, its 404 becomes `message`.
    func sandboxOnly(
        _ message: String, _ call: (any SandboxControl) async throws(APIError) -> JSON
    ) async throws -> JSON {
        guard let sandboxControl else { throw ShellError.failure(message) }
        do {
            return try await call(sandboxControl)
        } catch {
            if error.status == 404, session.target != .sandbox { throw ShellError.failure(message) }
            throw error
        }
    }
}
