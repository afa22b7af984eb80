import CoveoAPI

/// `whoami`: where pshell points, as whom, and what that token may do.
struct WhoamiCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "whoami", group: .organization, summary: "Show the target, the organization and what the token may do",
        positionals: [], options: [outputOption],
        operation: "GET /rest/organizations/{org}/privileges/token",
        example: "whoami",
        details: "The answer to \"where will my next command go, and may it?\": one call, the token's own privileges.")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getPrivilegesOfToken, note: "the calling token's own")],
        fields: "target and hosts from the session; privileges: owner, targetDomain, type, targetId.",
        reference: "docs.coveo.com/en/109")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let privileges = try await shell.client().privileges()
        let token = TokenPrivileges(privileges)
        var result = JSONObject()
        for (name, value) in SessionCommand.identityRows(in: shell) { result[name] = .string(value) }
        result["privileges"] = privileges
        result["mayCreateSources"] = .bool(token.mayCreateSources)
        result["mayCreateProviders"] = .bool(token.mayCreateProviders)
        guard shell.printer.isHumanOutput(args) else {
            try shell.render(.value(.object(result)), args)
            return .success
        }
        shell.session.last = .object(result)
        let count = privileges.arrayValue?.count ?? 0
        let may = { (yes: Bool) in yes ? "may" : "may not" }
        var rows = SessionCommand.identityRows(in: shell)
        rows.append(("privileges", "\(count) (`privileges` lists them)"))
        rows.append(("sources", "\(may(token.mayCreateSources)) create and edit them"))
        rows.append(("providers", "\(may(token.mayCreateProviders)) create them"))
        shell.console.write(SessionCommand.aligned(rows) + "\n")
        return .success
    }
}
