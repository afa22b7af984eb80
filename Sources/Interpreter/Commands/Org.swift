/// `org`: set the organization.
struct OrgCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "org", group: .connection, summary: "Set the organization", positionals: [.init("ID")], options: [],
        example: "org mycoveoorganizationg8tp8wu3")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setOrganization(args)
        return .success
    }
}
