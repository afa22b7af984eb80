import CoveoAPI
import Foundation

/// `license`: show the organization's license.
struct LicenseCommand: APICommand {
    static let spec = CommandSpec(
        name: "license", group: .organization, summary: "Show the organization's license",
        positionals: [],
        options: [
            .init("source-types", help: "list every source type the organization could have (GET .../sourcetypes)"),
            outputOption,
        ],
        operation: "GET /rest/organizations/{org}/license",
        example: "license"
    )

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getLicense), .init(.getLicenseSection, note: "sourcetypes, with --source-types")],
        fields:
            "connectors[type=PUSH].allowed and .sourceVisibilities say which Push sources "
            + "may exist; expirationDate, expirationStatus.",
        reference: "the prerequisites of 'Create a Push source' (docs.coveo.com/en/77)")

    static func isReadOnly(_ args: ParsedArguments) -> Bool { true }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        if args.has("source-types") {
            // platform-client's getPossibleSourceTypes: `[{type}]`, what could be enabled.
            let types = try await context.client.licenseSection("sourcetypes")
            let rows = (types.arrayValue ?? []).compactMap { $0["type"]?.stringValue }.map { [$0] }
            return .table(types, Table(headers: ["SOURCE TYPE"], rows: rows, empty: "No source type is listed."))
        }
        let license = try await context.client.license()
        let model = try LicenseModel(license)
        var rows: [[String]] = []
        // The push-based connectors: PUSH always said, CATALOG when the license lists it.
        for type in ["PUSH", "CATALOG"] {
            let connector = model.connector(type)
            if connector == nil, type != "PUSH" { continue }
            guard let connector, connector.allowed else {
                rows.append(["\(type) sources", "not allowed"])
                continue
            }
            let visibilities = connector.visibilities
            rows.append([
                "\(type) sources",
                "allowed: " + (visibilities.isEmpty ? "no visibility" : visibilities.joined(separator: ", ")),
            ])
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
