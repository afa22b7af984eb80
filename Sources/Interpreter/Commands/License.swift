/// `license`: show the organization's license.
struct LicenseCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "license", group: .organization, summary: "Show the organization's license",
        positionals: [], options: [outputOption], operation: "GET /rest/organizations/{org}/license", example: "license")

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [.init(call: "GET /rest/organizations/{org}/license", privilege: organizationView)],
        fields: "connectors[type=PUSH].allowed and .sourceVisibilities say which Push sources may exist; expirationDate, expirationStatus.",
        reference: "seed prerequisites (docs.coveo.com/en/77); reference section 5.1")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        true
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.license(args)
        return .success
    }
}
