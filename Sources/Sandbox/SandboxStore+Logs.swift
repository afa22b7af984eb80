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
    func routeLogs(
        _ method: String, _ request: SandboxRequest, _ organization: String, counts: Bool = false
    ) throws(SandboxFailure) -> SandboxResponse {
        try allow(method, ["POST"], request)
        try authenticate(request)
        guard let from = request.queryValue("from").flatMap({ EpochMilliseconds.parseISO8601($0) }),
            let to = request.queryValue("to").flatMap({ EpochMilliseconds.parseISO8601($0) })
        else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "The query parameters from and to (W3C date-times) are required.")
        }
        let filters = LogFilters(try logFilterBody(request))
        // Reading a source's logs takes viewing that source: every source, unless the filter names some
        // (what a key made for one Push source can do).
        for target in filters.sources.allowed.map(Array.init) ?? ["*"] {
            try authorize(request, organization, .init("SOURCE", "VIEW", targetId: target))
        }
        let document = request.queryValue("documentId")
        let matching = index.logs.lazy.filter { entry in
            entry.time >= from && entry.time <= to && filters.keep(entry)
                && (document == nil || entry.documentId == document)
        }
        if counts { return .json(200, .object(Self.facets(of: matching))) }
        let page = Int(request.queryValue("page") ?? "0") ?? 0
        let perPage = min(max(Int(request.queryValue("perPage") ?? "100") ?? 100, 1), 1000)
        let (selected, more) = Self.page(matching, page: page, perPage: perPage)
        let entries = selected.map { $0.json(organization: state.organization, guidPrefix: index.guidPrefix) }
        return .json(200, ["documentLogEntries": .array(entries), "hasNextPage": .bool(more)])
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

    /// How many of the entries have each operation, result, task and source (`facetsStats`).
    private static func facets(of entries: some Sequence<SandboxIndex.LogEntry>) -> JSONObject {
        var tallies: [String: [String: Int]] = [:]
        for entry in entries {
            tallies["operations", default: [:]][entry.operation, default: 0] += 1
            tallies["results", default: [:]][entry.result, default: 0] += 1
            tallies["tasks", default: [:]][entry.task, default: 0] += 1
            tallies["sourceIds", default: [:]][entry.sourceId, default: 0] += 1
        }
        var answer = JSONObject()
        for facet in ["operations", "results", "tasks", "sourceIds"] {
            answer[facet] = .object(JSONObject(sortingKeysOf: (tallies[facet] ?? [:]).mapValues { .int($0) }))
        }
        return answer
    }

    /// The entries of one page (from 0), and whether another follows.
    private static func page(
        _ entries: some Sequence<SandboxIndex.LogEntry>, page: Int, perPage: Int
    ) -> (entries: [SandboxIndex.LogEntry], more: Bool) {
        var selected: [SandboxIndex.LogEntry] = []
        var skipped = 0
        for entry in entries {
            if skipped < page * perPage {
                skipped += 1
                continue
            }
            if selected.count == perPage { return (selected, true) }
            selected.append(entry)
        }
        return (selected, false)
    }

    /// `GET /sandbox/v1/organizations/{org}/sources/{id}/items`: what the sandbox has indexed (no Coveo API
    /// lists a source's items; the sandbox can).
    func routeSandbox(
        _ method: String, _ rest: [String], _ request: SandboxRequest, _ organization: String
    )
        throws(SandboxFailure) -> SandboxResponse
    {
        if rest == ["settings"] { return try routeSettings(method, request, organization) }
        if rest.count == 3, rest[0] == "providers", rest[2] == "identities" {
            try allow(method, ["GET"], request)
            try authorize(request, organization, .init("SECURITY_PROVIDER", "VIEW"))
            _ = try provider(rest[1])
            let entries = (state.identities[rest[1]] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            return .json(200, ["identities": .array(entries), "totalEntries": .int(entries.count)])
        }
        guard rest.count == 3, rest[0] == "sources", rest[2] == "items" else {
            throw SandboxFailure(404, "NOT_FOUND", "No resource at \(request.path).")
        }
        try allow(method, ["GET"], request)
        try authorize(request, organization, .init("SOURCE", "VIEW", targetId: rest[1]))
        _ = try source(rest[1])
        // Pages as the platform's listings page (`page` from 0, `perPage`); without them, every item.
        let all = (index.items[rest[1]] ?? [:]).values.sorted { $0.documentId < $1.documentId }
        var shown = all[...]
        if request.queryValue("page") != nil || request.queryValue("perPage") != nil {
            guard let page = Int(request.queryValue("page") ?? "0"), page >= 0,
                let perPage = Int(request.queryValue("perPage") ?? "100"),
                (1...1000).contains(perPage)
            else {
                throw SandboxFailure(400, "INVALID_PARAMETER", "page must be 0 or more and perPage from 1 to 1000.")
            }
            let start = min(
                all.count, page.multipliedReportingOverflow(by: perPage).overflow ? all.count : page * perPage)
            shown = all[start..<min(all.count, start + perPage)]
        }
        let items = shown.map { item -> JSON in
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
        let pending = index.pending.filter { $0.sourceId == rest[1] }.count
        return .json(200, ["items": .array(items), "totalItems": .int(all.count), "pendingOperations": .int(pending)])
    }
}

/// The filters of a logs request: for each dimension, the values kept (nil: all) and the values excluded.
private struct LogFilters {
    struct Filter {
        var allowed: Set<String>?
        var excluded: Set<String>

        func keeps(_ value: String) -> Bool { allowed.map { $0.contains(value) } ?? !excluded.contains(value) }
    }

    var sources: Filter
    var operations: Filter
    var results: Filter
    var tasks: Filter

    init(_ body: JSONObject) {
        func strings(_ keys: [String]) -> [String] {
            keys.compactMap { body[$0]?.arrayValue }.flatMap { $0.compactMap(\.stringValue) }
        }
        func filter(_ include: [String], _ exclude: [String]) -> Filter {
            let values = strings(include)
            return Filter(allowed: values.isEmpty ? nil : Set(values), excluded: Set(strings(exclude)))
        }
        // A Push source's log entries have the source as their resource: `resourceIds` filters the same way.
        sources = filter(["sourcesIds", "sourceIds", "resourceIds"], ["excludeSourceIds", "excludeResourceIds"])
        operations = filter(["operations"], ["excludeOperations"])
        results = filter(["results"], ["excludeResults"])
        tasks = filter(["tasks"], ["excludeTasks"])
    }

    func keep(_ entry: SandboxIndex.LogEntry) -> Bool {
        sources.keeps(entry.sourceId) && operations.keeps(entry.operation) && results.keeps(entry.result)
            && tasks.keeps(entry.task)
    }
}
