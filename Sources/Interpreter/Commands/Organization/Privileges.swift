import CoveoAPI
import Foundation

/// `privileges`: show what the current token may do.
struct PrivilegesCommand: ShellCommand {
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

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.privileges(args)
        return .success
    }
}

extension Shell {
    func privileges(_ args: ParsedArguments) async throws {
        let privileges = try await client().privileges()
        session.last = privileges
        guard isHumanOutput(args) else { return emit(privileges, args) }
        let rows = (privileges.arrayValue ?? []).map { p in
            [
                p["owner"]?.stringValue ?? "", p["targetDomain"]?.stringValue ?? "", p["type"]?.stringValue ?? "",
                p["targetId"]?.stringValue ?? "*",
            ]
        }
        console.write(renderer.table(headers: ["OWNER", "DOMAIN", "TYPE", "TARGET"], rows: rows) + "\n")
        let token = TokenPrivileges(privileges)
        let sources = token.mayCreateSources
        let providers = token.mayCreateProviders
        console.write(
            renderer.dim(
                "this token \(sources ? "may" : "may not") create and edit sources, and "
                    + "\(providers ? "may" : "may not") create security identity providers"
            )
                + "\n")
    }
}
