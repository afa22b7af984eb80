import CoveoAPI
import Foundation

/// What the interpreter hands its commands: the user's files, from the running script's folder, and how to ask.
extension Shell {
    /// What commands read from the user's files, from the running script's folder.
    var inputs: Inputs {
        Inputs(
            script: scriptStack.last,
            home: session.environmentVariables["HOME"])
    }

    /// How a destructive command asks before it goes on.
    var confirmation: Confirmation {
        Confirmation(
            assumeYes: options.assumeYes, dryRun: currentDryRun != .off,
            production: session.production ? session.profile ?? "production" : nil, console: console)
    }
}
