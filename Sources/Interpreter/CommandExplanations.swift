import CoveoAPI
import Foundation

/// What `explain` says of a command that calls the API (each command declares its own): the operations, the
/// privilege each requires (the specifications' `x-required-privileges`, or the documentation where a specification
/// has none),
/// what the fields mean, and where it comes from.
enum CommandExplanations {
    struct Operation: Sendable {
        var call: String
        var privilege: String

        init(call: String, privilege: String) {
            self.call = call
            self.privilege = privilege
        }

        /// An operation as Coveo's catalog declares it (the one the sandbox serves from): its method, path and
        /// privilege; the Push API and the Source Logs are on the Push host. `{org}` is short for the
        /// specifications' `{organizationId}`, as every other explanation writes it.
        init(_ operation: CoveoOperation) {
            let host = [.push, .logs].contains(operation.api) ? "{push}" : ""
            let path = operation.path.replacingOccurrences(of: "{organizationId}", with: "{org}")
            self.init(call: "\(operation.method) \(host)\(path)", privilege: operation.requirement)
        }
    }

    struct Explanation: Sendable {
        var operations: [Operation]
        var fields: String
        var reference: String
    }

    static let sourceView = "PLATFORM / SOURCE / VIEW on *"
    static let sourceEdit = "PLATFORM / SOURCE / EDIT on the source (Sources - Edit)"
    static let organizationView = "PLATFORM / ORGANIZATION / VIEW on *"
    static let pushEdit = "Sources - Edit on the target source (the Push API's documentation)"

    /// The explanation each command declares, by name.
    static func explanation(for name: String) -> Explanation? {
        CommandRegistry.command(named: name)?.command.explanation
    }
}
