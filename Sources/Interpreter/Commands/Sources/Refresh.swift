import CoveoAPI
import Foundation

/// `refresh`: forget the cached source names and ids used by Tab, and fetch them again.
struct RefreshCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "refresh", group: .sources,
        summary: "Forget the cached source names and ids used by Tab, and fetch them again",
        positionals: [], options: [], operation: "GET /rest/organizations/{org}/sources/pages",
        example: "refresh")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.listSourcePages)],
        fields: "Reads source ids and names again for Tab completion.",
        reference: "Coveo's Source API specification (coveo-source.yml)")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await refresh(in: shell)
        return .success
    }
}

extension RefreshCommand {
    private static func refresh(in shell: isolated Shell) async throws {
        shell.sources.forget()
        let fetched = try await shell.sources.fetch(client: shell.client())
        shell.console.write("\(fetched.count) source(s) cached for completion\n")
    }
}
