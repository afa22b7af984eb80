import CoveoAPI
import Foundation

/// `license`: show the organization's license.
struct LicenseCommand: APICommand {
    static let spec = CommandSpec(
        name: "license", group: .organization, summary: "Show the organization's license",
        positionals: [], options: [outputOption], operation: "GET /rest/organizations/{org}/license",
        example: "license"
    )

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getLicense)],
        fields:
            "connectors[type=PUSH].allowed and .sourceVisibilities say which Push sources "
            + "may exist; expirationDate, expirationStatus.",
        reference: "the prerequisites of 'Create a Push source' (docs.coveo.com/en/77)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let license = try await context.client.license()
        var rows: [[String]] = []
        if let push = license["connectors"]?.arrayValue?.first(where: { $0["type"]?.stringValue == "PUSH" }),
            push["allowed"]?.boolValue == true
        {
            let visibilities = (push["sourceVisibilities"]?.arrayValue ?? []).compactMap(\.stringValue)
            rows.append([
                "PUSH sources",
                "allowed: " + (visibilities.isEmpty ? "no visibility" : visibilities.joined(separator: ", ")),
            ])
        } else {
            rows.append(["PUSH sources", "not allowed"])
        }
        let date =
            license["expirationDate"]?.intValue.map { String(EpochMilliseconds.iso8601(Int64($0)).prefix(10)) } ?? "?"
        rows.append(["expiration", "\(date) (\(license["expirationStatus"]?.stringValue ?? "?"))"])
        let account = [license["accountName"], license["type"], license["productEdition"]].compactMap {
            $0?.stringValue
        }
        rows.append(["account", account.joined(separator: ", ")])
        return .table(license, Table(headers: ["LICENSE", ""], rows: rows))
    }
}
