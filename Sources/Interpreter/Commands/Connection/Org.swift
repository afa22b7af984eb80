import CoveoAPI
import Foundation

/// `org`: set the organization.
struct OrgCommand: ShellCommand {
    static let id = CommandSpec.Positional("ID")

    static let spec = CommandSpec(
        name: "org", group: .connection, summary: "Set the organization", positionals: [id], options: [],
        example: "org mycoveoorganizationg8tp8wu3")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let id = args[OrgCommand.id]
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ShellError.usage("org: '\(id)' is not an organization id (letters, digits, - and _ only)")
        }
        shell.session.organization = id
        shell.sources.forget()
        // The sandbox emulates one organization: another one there answers 404 to every call.
        let sandboxOrganization = shell.connections.sandbox?.organization ?? shell.connections.launcher?.organization
        if shell.session.target == .sandbox, let sandboxOrganization, id != sandboxOrganization {
            shell.console.diagnose(
                .note,
                "pshell is on the built-in sandbox, whose one organization is '\(sandboxOrganization)': "
                    + "calls to '\(id)' will answer 404. To reach the real '\(id)': `region us` (or eu, au, ca), "
                    + "then `token`; `org \(sandboxOrganization)` goes back")
        }
        return .success
    }
}
