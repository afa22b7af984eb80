import CoveoAPI
import Foundation

/// `privileges`: show what the current token may do.
struct PrivilegesCommand: APICommand {
    static let spec = CommandSpec(
        name: "privileges", group: .organization, summary: "Show what the current token may do",
        positionals: [], options: [outputOption],
        operation: "POST /rest/organizations/{org}/privileges/token",
        example: "privileges")

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.getPrivilegesOfToken, note: "no accessToken: the calling token's own, so it stays out of the URL")
        ],
        fields: "Each privilege: owner, targetDomain, type (VIEW, EDIT, CREATE), targetId (* for all).",
        reference: "docs.coveo.com/en/109")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let privileges = try await context.client.privileges()
        let rows = (privileges.arrayValue ?? []).map(Privilege.init).map { p in
            [p.owner, p.targetDomain ?? "", p.type ?? "", p.targetId]
        }
        let token = TokenPrivileges(privileges)
        let note =
            "this token \(token.mayCreateSources ? "may" : "may not") create and edit sources, and "
            + "\(token.mayCreateProviders ? "may" : "may not") create security identity providers"
        return .table(privileges, Table(headers: ["OWNER", "DOMAIN", "TYPE", "TARGET"], rows: rows, note: note))
    }
}
