import CoveoAPI
import Foundation

/// The Source Logs, and the sandbox's own view of what it indexed and what providers hold (`/sandbox/v1`).
extension SandboxStore {
    /// The body filters of the Source Logs API (both spellings of the source filter).
    static let logFilterKeys: Set<String> = [
        "sourcesIds", "sourceIds", "excludeSourceIds", "operations", "excludeOperations", "results", "excludeResults",
        "tasks", "excludeTasks", "resourceIds", "excludeResourceIds",
    ]

    /// `POST /logs/v1/organizations/{org}?from=&to=&documentId=&page=&perPage=` with the documented filters
    /// (`sourcesIds`, `operations`, `results`, `tasks` and their `exclude...` forms); with `counts`,
    /// `POST .../facetsStats`: how many entries have each operation, result, task and source.
    /// What `/facets` answers: each facet's values, without their counts (`/facetsStats` has them).
    enum LogAnswer { case entries, counts, values }

    func logs(_ call: SandboxCall, _ answer: LogAnswer) throws(SandboxFailure) -> SandboxResponse {
        let request = call.request
        let from = try Self.dateParameter(request, "from")
        let to = try Self.dateParameter(request, "to")
        guard from <= to else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "from must not be later than to.")
        }
        let filters = LogFilters(try logFilterBody(request))
        // Reading a source's logs takes viewing that source: every source, unless the filter names some
        // (what a key made for one Push source can do).
        for target in filters.sources.allowed.map(Array.init) ?? ["*"] {
            try authorize(request, call["organizationId"], .init("SOURCE", "VIEW", targetId: target))
        }
        // Entries past the platform's retention are gone, whether or not indexing has deleted them yet. The
        // cutoff moves by the hour, so that a client paging through sees one query (and its next page is a seek).
        let hour: Int64 = 3_600_000
        let cutoff = (clock.now() - SandboxIndex.logRetention) / hour * hour
        let query = SandboxIndex.LogQuery(
            from: max(from, cutoff), to: to,
            documentId: request.queryValue("documentId"), filters: filters)
        switch answer {
        case .entries: break
        case .counts: return .json(200, .object(try index.logFacets(query)))
        case .values:
            var facets = JSONObject()
            for member in try index.logFacets(query).members {
                facets[member.key] = .array((member.value.objectValue?.members ?? []).map { .string($0.key) })
            }
            return .json(200, .object(facets))
        }
        guard let page = Int(request.queryValue("page") ?? "0"), page >= 0,
            let perPage = Int(request.queryValue("perPage") ?? "100"), (1...1000).contains(perPage)
        else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "page must be 0 or more and perPage from 1 to 1000.")
        }
        let offset = page.multipliedReportingOverflow(by: perPage)
        guard !offset.overflow else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "page \(page) is past any entry (page times perPage overflows).")
        }
        let (selected, more) = try index.logs(query, offset: offset.partialValue, limit: perPage)
        let entries = selected.map { $0.json(organization: state.organization, guidPrefix: index.guidPrefix) }
        return .json(200, ["documentLogEntries": .array(entries), "hasNextPage": .bool(more)])
    }

    /// A date-time query parameter (W3C, as `2026-12-06T10:00:00Z`), required.
    private static func dateParameter(_ request: SandboxRequest, _ name: String) throws(SandboxFailure) -> Int64 {
        guard let text = request.queryValue(name) else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "The query parameters from and to (W3C date-times) are required.")
        }
        guard let value = EpochMilliseconds.parseISO8601(text) else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "\(name) '\(text)' is not a W3C date-time (such as 2026-12-06T10:00:00Z or "
                    + "2026-12-06T10:00:00.000+02:00).")
        }
        return value
    }

    /// The body of a logs request: a JSON object whose members are known filters, each an array of strings.
    private func logFilterBody(_ request: SandboxRequest) throws(SandboxFailure) -> JSONObject {
        guard !request.body.isEmpty else { return JSONObject() }
        let body = try Self.jsonObject(request.body, strict: false, subject: "The body") {
            "The body must be a JSON object of filters, not \($0.kindName)."
        }
        // The specification spells the source filter `sourcesIds`; platform-client sends `sourceIds`
        // (as the facets' answer names it): both are honoured, anything else refused rather than ignored.
        if let first = body.members.map(\.key).first(where: { !Self.logFilterKeys.contains($0) }) {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "Unknown filter '\(first)' in the body; the filters are "
                    + "\(Self.logFilterKeys.sorted().joined(separator: ", "))."
            )
        }
        for member in body.members {
            guard let list = member.value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw SandboxFailure(
                    400, "INVALID_PARAMETER", "The filter '\(member.key)' must be an array of strings.")
            }
        }
        return body
    }

    /// `GET /sandbox/v1/organizations/{org}/providers/{id}/identities`: what a provider holds.
    func identities(of providerID: String) throws(SandboxFailure) -> SandboxResponse {
        _ = try provider(providerID)
        let entries = (state.identities[providerID] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        return .json(200, ["identities": .array(entries), "totalEntries": .int(entries.count)])
    }

    /// `GET /sandbox/v1/organizations/{org}/sources/{id}/items`: what the sandbox has indexed (no Coveo API
    /// lists a source's items; the sandbox can).
    func items(of sourceID: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        _ = try source(sourceID)
        // Pages as the platform's listings page (`page` from 0, `perPage`); without them, every item.
        let total = try index.itemCount(sourceID)
        var offset = 0
        var limit = total
        // One item by its id (`why` reads its permissions): none, or it alone.
        if let documentId = request.queryValue("documentId") {
            let found = try index.item(sourceID, documentId)
            return .json(
                200,
                [
                    "items": .array(found.map { [Self.itemModel($0)] } ?? []), "totalItems": .int(total),
                    "pendingOperations": .int(try index.pendingCount(sourceID)),
                ])
        }
        if request.queryValue("page") != nil || request.queryValue("perPage") != nil {
            guard let page = Int(request.queryValue("page") ?? "0"), page >= 0,
                let perPage = Int(request.queryValue("perPage") ?? "100"),
                (1...1000).contains(perPage)
            else {
                throw SandboxFailure(400, "INVALID_PARAMETER", "page must be 0 or more and perPage from 1 to 1000.")
            }
            let start = page.multipliedReportingOverflow(by: perPage)
            offset = start.overflow ? total : min(total, start.partialValue)
            limit = perPage
        }
        let shown = limit == 0 ? [] : try index.items(of: sourceID, offset: offset, limit: limit)
        let items = shown.map(Self.itemModel)
        let pending = try index.pendingCount(sourceID)
        return .json(200, ["items": .array(items), "totalItems": .int(total), "pendingOperations": .int(pending)])
    }

    private static func itemModel(_ item: SandboxIndex.Item) -> JSON {
        var model: JSON = [
            "documentId": .string(item.documentId), "orderingId": .int64(item.orderingId),
            "indexedDate": .int64(item.indexedDate),
        ]
        model["fields"] = .object(item.body)
        // Which metadata a field made searchable, and which was dropped for lack of one.
        let unmapped = Set(item.unmappedMetadata)
        let names = SandboxFields.metadata(of: item.body, fields: []).unmapped
        model["mappedMetadata"] = .array(names.filter { !unmapped.contains($0) }.map(JSON.string))
        model["unmappedMetadata"] = .array(item.unmappedMetadata.map(JSON.string))
        return model
    }
}
