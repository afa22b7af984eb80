import CoveoAPI
import Foundation

/// The security cache's view of the identities pushed to providers: `POST /securitycache/entities/list`, the
/// platform's own way to list them.
extension SandboxStore {
    /// Pages of `{name, type, provider, state, lastUpdateDate, lastUpdateResult, infos}` for the filter's providers,
    /// identity types and name (`filterTerm`, by PREFIX unless `filteringMode` is SUBSTRING). What an identity
    /// holds is in `infos` (the sandbox's choice: `kind`, and `members` or `aliasOf` as names joined by ", ").
    func listSecurityIdentities(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let filter = try body(request, "an identities filter")
        let providers = try Self.strings(filter, "providerIds")
        let types = try Self.strings(filter, "identityTypes")?.map { $0.uppercased() }
        let term = filter["filterTerm"]?.stringValue?.lowercased() ?? ""
        let mode = filter["filteringMode"]?.stringValue ?? "PREFIX"
        guard ["PREFIX", "SUBSTRING"].contains(mode) else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "filteringMode '\(mode)' is not PREFIX or SUBSTRING.")
        }
        guard let page = Int(request.queryValue("page") ?? "0"), page >= 0,
            let perPage = Int(request.queryValue("perPage") ?? "100"), (1...1000).contains(perPage)
        else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "page must be 0 or more and perPage from 1 to 1000.")
        }
        var matches: [JSON] = []
        for (provider, entries) in state.identities.all.sorted(by: { $0.key < $1.key }) {
            if let providers, !providers.contains(provider) { continue }
            for entry in entries.values.sorted(by: { Self.identityName($0) < Self.identityName($1) }) {
                let name = Self.identityName(entry)
                let type = Self.identityType(entry["identity"]?["type"]?.stringValue)
                if let types, !types.contains(type) { continue }
                let lowered = name.lowercased()
                if !term.isEmpty, mode == "PREFIX" ? !lowered.hasPrefix(term) : !lowered.contains(term) { continue }
                matches.append(Self.cacheMember(entry, name: name, type: type, provider: provider))
            }
        }
        let start = min(matches.count, page.multipliedReportingOverflow(by: perPage).partialValue)
        let shown = Array(matches[start..<min(matches.count, start + perPage)])
        return .json(
            200,
            [
                "items": .array(shown), "totalEntries": .int(matches.count),
                "totalPages": .int((matches.count + perPage - 1) / perPage),
            ])
    }

    private static func identityName(_ entry: JSON) -> String { entry["identity"]?["name"]?.stringValue ?? "" }

    private static func cacheMember(_ entry: JSON, name: String, type: String, provider: String) -> JSON {
        let alias = entry["kind"]?.stringValue == "ALIAS"
        let related = (entry[alias ? "mappings" : "members"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        var infos: [JSON] = [["key": "kind", "value": alias ? "ALIAS" : "IDENTITY"]]
        if !related.isEmpty {
            infos.append(["key": alias ? "aliasOf" : "members", "value": .string(related.joined(separator: ", "))])
        }
        let updated = entry["orderingId"]?.intValue.map { EpochMilliseconds.iso8601(Int64($0)) }
        return [
            "name": .string(name), "type": .string(type), "provider": .string(provider), "state": "UP_TO_DATE",
            "lastUpdateDate": updated.map(JSON.string) ?? .null, "lastUpdateResult": "SUCCESS", "infos": .array(infos),
        ]
    }

    /// An optional array of strings in a filter.
    private static func strings(_ object: JSONObject, _ key: String) throws(SandboxFailure) -> [String]? {
        guard let value = object[key] else { return nil }
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw SandboxFailure(400, "INVALID_JSON", "\(key) must be an array of strings.")
        }
        return list.compactMap(\.stringValue)
    }
}
