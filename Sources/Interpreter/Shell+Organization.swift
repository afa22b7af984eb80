import CoveoAPI

/// `license`, `limits` and `privileges`: JSON for scripts; on a terminal, what the seed's prerequisites ask.
extension Shell {
    func license(_ args: ParsedArguments) async throws {
        let license = try await client().license()
        session.last = license
        guard isHumanOutput(args) else { return emit(license, args) }
        var rows: [[String]] = []
        if let push = license["connectors"]?.arrayValue?.first(where: { $0["type"]?.stringValue == "PUSH" }),
            push["allowed"]?.boolValue == true
        {
            let visibilities = (push["sourceVisibilities"]?.arrayValue ?? []).compactMap(\.stringValue)
            rows.append(["PUSH sources", "allowed: " + (visibilities.isEmpty ? "no visibility" : visibilities.joined(separator: ", "))])
        } else {
            rows.append(["PUSH sources", renderer.red("not allowed")])
        }
        let date = license["expirationDate"]?.intValue.map { String(EpochMilliseconds.iso8601(Int64($0)).prefix(10)) } ?? "?"
        let status = license["expirationStatus"]?.stringValue ?? "?"
        rows.append(["expiration", "\(date) (\(status == "EXPIRED" ? renderer.red(status) : status))"])
        let account = [license["accountName"], license["type"], license["productEdition"]].compactMap { $0?.stringValue }
        rows.append(["account", account.joined(separator: ", ")])
        console.write(renderer.table(headers: ["LICENSE", ""], rows: rows) + "\n")
    }

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
                if let used = limit.value["actualCount"]?.intValue, let cap = limit.value["limit"]?.intValue, used >= cap {
                    row[1] = renderer.red(count)
                }
                if prerequisites.contains(limit.key) { rows.append(row) } else { others.append(row) }
            }
        }
        console.write(renderer.table(headers: ["LIMIT", "USED", "LIMIT"], rows: rows + others) + "\n")
    }

    func privileges(_ args: ParsedArguments) async throws {
        let privileges = try await client().privileges()
        session.last = privileges
        guard isHumanOutput(args) else { return emit(privileges, args) }
        let rows = (privileges.arrayValue ?? []).map { p in
            [p["owner"]?.stringValue ?? "", p["targetDomain"]?.stringValue ?? "", p["type"]?.stringValue ?? "", p["targetId"]?.stringValue ?? "*"]
        }
        console.write(renderer.table(headers: ["OWNER", "DOMAIN", "TYPE", "TARGET"], rows: rows) + "\n")
        let token = TokenPrivileges(privileges)
        let sources = token.mayCreateSources
        let providers = token.mayCreateProviders
        console.write(
            renderer.dim("this token \(sources ? "may" : "may not") create and edit sources, and \(providers ? "may" : "may not") create security identity providers")
                + "\n")
    }
}
