/// `limits`: show the organization's limits and counts.
struct LimitsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "limits", group: .organization, summary: "Show the organization's limits and counts",
        positionals: [], options: [outputOption], operation: "GET /rest/organizations/{org}/limits", example: "limits")

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [.init(call: "GET /rest/organizations/{org}/limits", privilege: organizationView)],
        fields: "content.numberOfSourcesLimit and content.numberOfSecurityProvidersLimit: actualCount must stay below limit.",
        reference: "seed prerequisites (docs.coveo.com/en/165); reference section 5.2")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        true
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.limits(args)
        return .success
    }
}
