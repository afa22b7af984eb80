import CoveoAPI
import Foundation

/// The organization's index fields. Metadata of an item that no field maps is not searchable on the platform,
/// which is why Coveo's push clients create the missing fields first. Served at the specification's paths
/// (`.../sources/fields...`) and at the `indexes` paths platform-client and push-api-client call.
enum SandboxFields {
    static let types = Set(FieldType.allCases.map(\.rawValue))

    /// The standard fields every organization has (`system: true`): the ones a Push item's known keys map to.
    static let standard: [String: JSON] = {
        let names: [(String, String)] = [
            ("author", "STRING"), ("clickableuri", "STRING"), ("collection", "STRING"), ("date", "DATE"),
            ("filetype", "STRING"), ("language", "STRING"), ("permanentid", "STRING"), ("size", "LONG"),
            ("source", "STRING"), ("sourcetype", "STRING"), ("title", "STRING"), ("uri", "STRING"),
            ("urihash", "STRING"),
        ]
        var fields: [String: JSON] = [:]
        for (name, type) in names {
            fields[name] = model(name: name, type: type, facet: name != "title" && name != "uri", system: true)
        }
        return fields
    }()

    /// A `SourceFieldModel` with the platform's defaults for what the request left out.
    static func model(name: String, type: String, facet: Bool = false, system: Bool = false) -> JSON {
        [
            "name": .string(name), "type": .string(type), "description": "", "label": "", "facet": .bool(facet),
            "multiValueFacet": false, "hierarchicalFacet": false, "sort": .bool(type != "STRING"),
            "includeInQuery": true,
            "includeInResults": true, "mergeWithLexicon": false, "ranking": false, "stemming": false,
            "useCacheForSort": false, "useCacheForNestedQuery": false, "useCacheForNumericQuery": false,
            "useCacheForComputedFacet": false, "multiValueFacetTokenizers": ";", "system": .bool(system),
        ]
    }

    /// The keys of a Push item body that are not metadata: content, structure, security.
    static let itemKeys: Set<String> = [
        "documentid", "data", "compressedbinarydata", "compressedbinarydatafileid", "compressiontype", "fileextension",
        "parentid", "permissions", "orderingid",
    ]

    /// An item's metadata names (lower-cased, as fields are named), split by whether a field maps them.
    static func metadata(of body: JSONObject, fields: Set<String>) -> (mapped: [String], unmapped: [String]) {
        let names = body.keys.map { $0.lowercased() }.filter { !itemKeys.contains($0) }
        return (names.filter(fields.contains).sorted(), names.filter { !fields.contains($0) }.sorted())
    }
}

extension SandboxStore {
    /// `DELETE .../fields/batch/delete?fields=`.
    func deleteFieldBatch(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let names = request.queryValues("fields").flatMap { $0.split(separator: ",").map(String.init) }
        guard !names.isEmpty else {
            throw SandboxFailure(
                400, "MISSING_PARAMETER", "The query parameter fields (the names to delete) is required.")
        }
        try deleteFields(names)
        return .noContent()
    }

    func field(_ name: String) throws(SandboxFailure) -> SandboxResponse {
        guard let field = state.fields[name.lowercased()] else { throw fieldNotFound(name) }
        return .json(200, field)
    }

    /// `PUT .../fields/{name}`: the body's name, if any, must be the path's.
    func updateField(_ name: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        var object = try body(request, "a field model")
        if object["name"] == nil { object["name"] = .string(name) }
        guard object["name"]?.stringValue?.lowercased() == name.lowercased() else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "The name in the body differs from '\(name)' in the path.")
        }
        try updateFields([.object(object)])
        return .noContent()
    }

    private func fieldNotFound(_ name: String) -> SandboxFailure {
        SandboxFailure(
            404, "FIELD_NOT_FOUND", "The field '\(name)' does not exist in organization '\(state.organization)'.")
    }

    func fieldList(_ request: SandboxRequest) throws(SandboxFailure) -> [JSON] {
        var parser = JSONParser()
        let value: JSON
        do {
            value = try parser.parse(Array(request.body))
        } catch {
            throw SandboxFailure(400, "INVALID_JSON", "The body is not valid JSON: \(error).")
        }
        guard let list = value.arrayValue else {
            throw SandboxFailure(
                400, "INVALID_JSON", "The body must be an array of field models, not \(value.kindName).")
        }
        return list
    }

    /// A field model checked as the platform checks it: a lower-case name that starts with a letter, a known type.
    private func checkedField(_ value: JSON, existing: JSON?) throws(SandboxFailure) -> (String, JSON) {
        guard let object = value.objectValue else {
            throw SandboxFailure(400, "INVALID_JSON", "Each field must be an object, not \(value.kindName).")
        }
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            throw SandboxFailure(400, "INVALID_FIELD_NAME", "A field model has no name.")
        }
        guard name.count <= 255, name.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
            throw SandboxFailure(
                400, "INVALID_FIELD_NAME",
                "The field name '\(name)' is invalid: lower-case letters, digits and underscores, "
                    + "starting with a letter."
            )
        }
        let type = object["type"]?.stringValue ?? existing?["type"]?.stringValue ?? "STRING"
        guard SandboxFields.types.contains(type) else {
            throw SandboxFailure(
                400, "INVALID_FIELD_TYPE",
                "The field type '\(type)' of '\(name)' is not one of "
                    + "\(SandboxFields.types.sorted().joined(separator: ", "))."
            )
        }
        if let existing, existing["type"]?.stringValue != type {
            throw SandboxFailure(
                400, "FIELD_TYPE_IMMUTABLE",
                "The type of the field '\(name)' cannot change (it is \(existing["type"]?.stringValue ?? "")).")
        }
        var model = existing?.objectValue ?? SandboxFields.model(name: name, type: type).objectValue ?? JSONObject()
        for member in object.members where member.key != "system" {
            model[member.key] = member.value
        }
        return (name, .object(model))
    }

    /// All or nothing: one bad or duplicate field refuses the whole batch.
    func createFields(_ list: [JSON]) throws(SandboxFailure) {
        var created: [String: JSON] = [:]
        for value in list {
            let name = value["name"]?.stringValue ?? ""
            if state.fields[name] != nil || created[name] != nil {
                throw SandboxFailure(400, "FIELD_ALREADY_EXISTS", "The field '\(name)' already exists.")
            }
            let (checked, model) = try checkedField(value, existing: nil)
            created[checked] = model
        }
        guard state.fields.count + created.count <= Self.maximumFields else {
            throw SandboxFailure(
                400, "LIMIT_EXCEEDED", "The organization may have at most \(Self.maximumFields) fields.")
        }
        state.fields.merge(created) { _, new in new }
    }

    func updateFields(_ list: [JSON]) throws(SandboxFailure) {
        var updated: [String: JSON] = [:]
        for value in list {
            let name = value["name"]?.stringValue ?? ""
            guard let existing = state.fields[name] else { throw fieldNotFound(name) }
            let (checked, model) = try checkedField(value, existing: existing)
            updated[checked] = model
        }
        state.fields.merge(updated) { _, new in new }
    }

    func deleteFields(_ names: [String]) throws(SandboxFailure) {
        for name in names {
            guard let field = state.fields[name] else { throw fieldNotFound(name) }
            if field["system"]?.boolValue == true {
                throw SandboxFailure(
                    400, "SYSTEM_FIELD", "The field '\(name)' is a standard field and cannot be deleted.")
            }
        }
        for name in names { state.fields[name] = nil }
    }

    /// `PageModelSourceFieldModel`: `filter` (in the name or description), `type`, `origin`, `sortBy` name,
    /// `order`, `page`, `perPage`.
    func fieldPage(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let fields = try filteredFields(
            filter: request.queryValue("filter"), type: request.queryValue("type"),
            origin: request.queryValue("origin"), descending: request.queryValue("order")?.uppercased() == "DESC")
        return try paged(fields, request, itemsKey: "items")
    }

    /// `POST /indexes/fields/search` (platform-client's `field.search`): `{page, perPage, order, filters: {name,
    /// type, origin, facet, sort}}` in the body, a page of fields as `GET /page/fields` answers.
    func searchFields(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let options = request.body.isEmpty ? JSONObject() : try body(request, "field listing options")
        let filters = options["filters"]?.objectValue ?? [:]
        var fields = try filteredFields(
            filter: filters["name"]?.stringValue, inDescriptions: false, type: filters["type"]?.stringValue,
            origin: filters["origin"]?.stringValue, descending: options["order"]?.stringValue?.uppercased() == "DESC")
        for flag in ["facet", "sort"] {
            switch filters[flag]?.stringValue ?? "ALL" {
            case "ALL": break
            case "TRUE_ONLY": fields = fields.filter { $0[flag]?.boolValue == true }
            case "FALSE_ONLY": fields = fields.filter { $0[flag]?.boolValue != true }
            case let other:
                throw SandboxFailure(
                    400, "INVALID_PARAMETER", "\(flag) '\(other)' is not ALL, TRUE_ONLY or FALSE_ONLY.")
            }
        }
        let page = options["page"]?.intValue ?? 0
        let perPage = options["perPage"]?.intValue ?? 100
        guard page >= 0, (1...1000).contains(perPage) else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "page must be 0 or more and perPage from 1 to 1000.")
        }
        let start = min(fields.count, page.multipliedReportingOverflow(by: perPage).partialValue)
        return .json(
            200,
            [
                "items": .array(Array(fields[start..<min(fields.count, start + perPage)])),
                "totalEntries": .int(fields.count), "totalPages": .int((fields.count + perPage - 1) / perPage),
            ])
    }

    /// The fields whose name (or description) holds `filter`, of a type and an origin, sorted by name.
    private func filteredFields(
        filter: String?, inDescriptions: Bool = true, type: String?, origin: String?, descending: Bool
    ) throws(SandboxFailure) -> [JSON] {
        var fields = state.fields.values.sorted { ($0["name"]?.stringValue ?? "") < ($1["name"]?.stringValue ?? "") }
        if let filter = filter?.lowercased(), !filter.isEmpty {
            fields = fields.filter { field in
                (inDescriptions ? ["name", "description"] : ["name"]).contains {
                    (field[$0]?.stringValue ?? "").lowercased().contains(filter)
                }
            }
        }
        if let type, !type.isEmpty {
            guard SandboxFields.types.contains(type) else {
                throw SandboxFailure(
                    400, "INVALID_PARAMETER",
                    "type '\(type)' is not one of \(SandboxFields.types.sorted().joined(separator: ", ")).")
            }
            fields = fields.filter { $0["type"]?.stringValue == type }
        }
        switch origin?.uppercased() ?? "ALL" {
        case "ALL": break
        case "USER": fields = fields.filter { $0["system"]?.boolValue != true }
        case "SYSTEM": fields = fields.filter { $0["system"]?.boolValue == true }
        case let origin:
            throw SandboxFailure(400, "INVALID_PARAMETER", "origin '\(origin)' is not ALL, USER or SYSTEM.")
        }
        if descending { fields.reverse() }
        return fields
    }

    /// The most fields the sandbox keeps (the platform's own limit depends on the license).
    static let maximumFields = 10_000
}
