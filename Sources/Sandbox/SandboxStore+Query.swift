import CoveoAPI
import Foundation

/// `POST /rest/search/v2`: the items the caller may see, matched by `q` (each word in the title or the text),
/// `aq` and `cq` (field expressions), best first (a word in the title, then the newest), a page of them.
extension SandboxStore {
    /// The most results one query returns (the platform's `numberOfResults` limit).
    static let maximumResults = 1000

    func search(_ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let started = ContinuousClock.now
        let searcher = try searcher(call.request)
        let query = call.request.body.isEmpty ? JSONObject() : try body(call.request, "a query")
        let words = try Self.words(query["q"])
        let expressions = [try Self.text(query["aq"], "aq"), try Self.text(query["cq"], "cq")]
        let fields = try FieldQuery(expressions.compactMap { $0 }.joined(separator: " "))
        let count = try Self.whole(query["numberOfResults"], "numberOfResults", default: 10, 0...Self.maximumResults)
        let first = try Self.whole(query["firstResult"], "firstResult", default: 0, 0...Int.max)
        let identities: ResolvedIdentities? = if case .identities(let list) = searcher { resolve(list) } else { nil }
        let everything = if case .everything = searcher { true } else { false }
        let scope = scope(for: identities, everything: everything)
        var decided: [String: Bool] = [:]
        var visible: [(hit: Bool, date: Int64, order: Int, source: String, id: String)] = []
        try index.searchRows(in: scope.candidates, words: words, withBodies: !fields.terms.isEmpty) { row in
            if let provider = scope.itemProviders[row.source] {
                let key = provider + "\u{0}" + (row.permissions ?? "")
                let allowed = decided[key] ?? allows(row.permissions, provider, identities)
                decided[key] = allowed
                guard allowed else { return }
            }
            if !fields.terms.isEmpty {
                let body = row.body.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue ?? JSONObject()
                let holds = fields.holds { name in
                    Self.fieldValues(
                        name, body: body, source: scope.names[row.source] ?? "", documentId: row.documentId)
                }
                guard holds else { return }
            }
            visible.append((row.titleHit, row.indexedDate, visible.count, row.source, row.documentId))
        }
        visible.sort { a, b in
            a.hit != b.hit ? a.hit : a.date != b.date ? a.date > b.date : a.order < b.order
        }
        let page = visible.dropFirst(first).prefix(count)
        let include = try Self.texts(query["fieldsToInclude"], "fieldsToInclude").map {
            $0.hasPrefix("@") ? String($0.dropFirst()).lowercased() : $0.lowercased()
        }
        var results: [JSON] = []
        for (position, hit) in page.enumerated() {
            guard let item = try index.item(hit.source, hit.id) else { continue }
            results.append(
                result(
                    item, source: scope.names[hit.source] ?? "", rank: first + position, include: include, words: words)
            )
        }
        let milliseconds = Int((ContinuousClock.now - started) / .milliseconds(1))
        return .json(
            200,
            [
                "totalCount": .int(visible.count), "totalCountFiltered": .int(visible.count),
                "duration": .int(milliseconds), "indexDuration": .int(milliseconds),
                "requestDuration": .int(milliseconds), "searchUid": .string(UUID().uuidString.lowercased()),
                "pipeline": "default", "apiVersion": 2, "index": "pshell-sandbox", "results": .array(results),
                "facets": [], "categoryFacets": [], "groupByResults": [], "queryCorrections": [], "triggers": [],
                "termsToHighlight": .object(JSONObject(words.map { .init(key: $0, value: []) })),
                "phrasesToHighlight": [:],
            ])
    }

    /// The sources that can show the searcher anything (their own permissions allow them, or none apply), their
    /// names, and the default provider of each one whose items' permissions decide.
    private func scope(
        for identities: ResolvedIdentities?, everything: Bool
    ) -> (candidates: [String], names: [String: String], itemProviders: [String: String]) {
        var itemProviders: [String: String] = [:]
        var names: [String: String] = [:]
        var candidates: [String] = []
        for source in state.sources {
            names[source.id] = source.name
            let security = security(of: source)
            if !everything, let own = security.sourceLevel,
                !AccessDecision.evaluate(own, for: identities, cascades: cascades(of:)).visible
            {
                continue
            }
            candidates.append(source.id)
            if !everything, let provider = security.itemProvider { itemProviders[source.id] = provider }
        }
        return (candidates, names, itemProviders)
    }

    /// Whether an item's permissions (as stored text) let the searcher see it.
    private func allows(_ permissions: String?, _ provider: String, _ identities: ResolvedIdentities?) -> Bool {
        let json = permissions.flatMap { try? JSONParser.parse(Array($0.utf8)) }
        let model = PermissionModel(pushed: json, defaultProvider: provider)
        return AccessDecision.evaluate(model, for: identities, cascades: cascades(of:)).visible
    }

    /// One result as the Search API shapes it; `raw` holds the standard fields and the metadata an index field
    /// exists for (all of them, or the ones `fieldsToInclude` names).
    private func result(
        _ item: SandboxIndex.Item, source: String, rank: Int, include: [String], words: [String]
    ) -> JSON {
        let body = item.body
        let title = body["title"]?.stringValue ?? item.documentId
        let clickUri = body["clickableUri"]?.stringValue ?? body["clickableuri"]?.stringValue ?? item.documentId
        let text = body["data"]?.stringValue ?? ""
        var raw = JSONObject()
        raw["title"] = .string(title)
        raw["uri"] = .string(item.documentId)
        raw["clickableuri"] = .string(clickUri)
        raw["source"] = .string(source)
        raw["sourcetype"] = "Push"
        raw["indexeddate"] = .int64(item.indexedDate)
        raw["date"] = body["date"].flatMap { $0.intValue.map { .int64(Int64($0)) } } ?? .int64(item.indexedDate)
        for member in body.members where !SandboxFields.itemKeys.contains(member.key.lowercased()) {
            let name = member.key.lowercased()
            guard state.fields[name] != nil, !item.unmappedMetadata.contains(name) else { continue }
            raw[name] = member.value
        }
        if !include.isEmpty { raw = JSONObject(raw.members.filter { include.contains($0.key) }) }
        let excerpt = String(text.prefix(200))
        return [
            "title": .string(title), "uri": .string(item.documentId), "printableUri": .string(item.documentId),
            "clickUri": .string(clickUri), "uniqueId": .string("42.\(rank)$\(item.documentId)"),
            "excerpt": .string(excerpt), "firstSentences": .null, "summary": .null, "flags": "",
            "hasHtmlVersion": false, "score": .int(max(1, 1000 - rank)), "percentScore": .int(max(1, 100 - rank)),
            "rankingInfo": .null, "isTopResult": .bool(rank == 0 && !words.isEmpty), "isRecommendation": false,
            "titleHighlights": [], "excerptHighlights": [], "raw": .object(raw),
        ]
    }

    /// A field's values on an item, for `aq`: the standard ones (`@source`, `@uri`, `@title`) and its metadata.
    static func fieldValues(_ name: String, body: JSONObject, source: String, documentId: String) -> [String] {
        switch name {
        case "source": return [source]
        case "uri", "documentid": return [documentId]
        default:
            guard let value = body.members.first(where: { $0.key.lowercased() == name })?.value else { return [] }
            return (value.arrayValue ?? [value]).compactMap { value -> String? in
                switch value {
                case .string(let text), .number(let text): text
                case .bool(let flag): flag ? "true" : "false"
                default: nil
                }
            }
        }
    }

    /// An optional text of the body.
    private static func text(_ value: JSON?, _ name: String) throws(SandboxFailure) -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else {
            throw SandboxFailure(400, "InvalidParameterException", "\(name) must be a text, not \(value.kindName).")
        }
        return text
    }

    /// An optional array of texts of the body.
    private static func texts(_ value: JSON?, _ name: String) throws(SandboxFailure) -> [String] {
        guard let value, value != .null else { return [] }
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw SandboxFailure(
                400, "InvalidParameterException", "\(name) must be an array of field names (texts).")
        }
        return list.compactMap(\.stringValue)
    }

    /// The words of `q` (a text; quotes around a word are dropped), at most `SearchWords.maximum`.
    private static func words(_ value: JSON?) throws(SandboxFailure) -> [String] {
        guard let value, value != .null else { return [] }
        guard let text = value.stringValue else {
            throw SandboxFailure(400, "InvalidParameterException", "q must be a text, not \(value.kindName).")
        }
        let words = text.split(whereSeparator: \.isWhitespace)
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }.filter { !$0.isEmpty }
        guard words.count <= SearchWords.maximum else {
            throw SandboxFailure(
                400, "InvalidParameterException",
                "q has \(words.count) words; a query may have at most \(SearchWords.maximum).")
        }
        return words
    }

    /// A whole number in a query body, within `range`.
    private static func whole(
        _ value: JSON?, _ name: String, default fallback: Int, _ range: ClosedRange<Int>
    ) throws(SandboxFailure) -> Int {
        guard let value else { return fallback }
        guard let number = value.intValue, range.contains(number) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw SandboxFailure(
                400, "InvalidParameterException", "\(name) must be a whole number from \(range.lowerBound)\(upper).")
        }
        return number
    }
}
