import CoveoAPI
import Foundation

/// `limits`: show the organization's limits and counts.
struct LimitsCommand: APICommand {
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

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let limits = try await context.client.limits()
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
                    // Said in words, which survive NO_COLOR and a pipe (a coloured cell was shown escaped).
                    row[1] = count + " (full)"
                }
                if prerequisites.contains(limit.key) { rows.append(row) } else { others.append(row) }
            }
        }
        return .table(limits, Table(headers: ["LIMIT", "USED", "LIMIT"], rows: rows + others))
    }
}
