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
        init(_ operation: CoveoOperation, query: String = "", note: String? = nil) {
            let host = [.push, .logs].contains(operation.api) ? "{push}" : ""
            let path = operation.path.replacingOccurrences(of: "{organizationId}", with: "{org}")
            let said = note.map { " (\($0))" } ?? ""
            self.init(call: "\(operation.method) \(host)\(path)\(query)\(said)", privilege: operation.requirement)
        }
    }

    struct Explanation: Sendable {
        var operations: [Operation]
        var fields: String
        var reference: String
    }

    static let sourceView = CoveoOperation.listSources.requirement
    static let sourceEdit = CoveoOperation.updateSource.requirement
    static let organizationView = CoveoOperation.getOrganization.requirement

    /// The explanation each command declares, by name.
    static func explanation(for name: String) -> Explanation? {
        CommandRegistry.command(named: name)?.command.explanation
    }
}
