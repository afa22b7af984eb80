import CoveoAPI
import Foundation

/// `limits`: show the organization's limits and counts.
struct LimitsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "limits", group: .organization, summary: "Show the organization's limits and counts",
        positionals: [], options: [outputOption], operation: "GET /rest/organizations/{org}/limits",
        example: "limits")

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getLimits)],
        fields:
            "content.numberOfSourcesLimit and content.numberOfSecurityProvidersLimit: "
            + "actualCount must stay below limit.",
        reference: "the prerequisites of 'Create a Push source' (docs.coveo.com/en/165)")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.limits(args)
        return .success
    }
}

extension Shell {
    func limits(_ args: ParsedArguments) async throws {
        let limits = try await client().limits()
        session.last = limits
        guard isHumanOutput(args) else { return emit(limits, args) }
        // The two the seed names first, then the rest as the platform lists them.
        let prerequisites = ["numberOfSourcesLimit", "numberOfSecurityProvidersLimit"]
        var rows: [[String]] = []
        var others: [[String]] = []
        for section in limits.objectValue?.members ?? [] {
            for limit in section.value.objectValue?.members ?? [] {
                let count = limit.value["actualCount"]?.interpolationText ?? "-"
                let maximum = limit.value["limit"]?.interpolationText ?? "-"
                var row = ["\(section.key).\(limit.key)", count, maximum]
                if let used = limit.value["actualCount"]?.intValue, let cap = limit.value["limit"]?.intValue,
                    used >= cap
                {
                    row[1] = renderer.red(count)
                }
                if prerequisites.contains(limit.key) { rows.append(row) } else { others.append(row) }
            }
        }
        console.write(renderer.table(headers: ["LIMIT", "USED", "LIMIT"], rows: rows + others) + "\n")
    }
}
