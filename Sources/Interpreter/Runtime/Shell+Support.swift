import CoveoAPI
import Foundation

/// What several commands share: confirmation, JSON files, sandbox-only routes, the rename rule, the name caches.
extension Shell {
    /// What commands read from the user's files, from the running script's folder.
    var inputs: Inputs {
        Inputs(
            scriptFolder: scriptStack.last.map { ($0 as NSString).deletingLastPathComponent },
            home: session.environmentVariables["HOME"])
    }

    /// How a destructive command asks before it goes on.
    var confirmation: Confirmation {
        Confirmation(
            assumeYes: options.assumeYes, dryRun: currentDryRun != .off,
            production: session.production ? session.profile ?? "production" : nil, console: console)
    }
}
