import CoveoAPI
import Foundation

/// Push sources: create, read, page, update, delete, with the platform's validation and its errors.
extension SandboxStore {
    static let visibilities = SourceVisibility.names
    /// The push-based source types: Push, and Catalog (for commerce; its Stream API when created streamEnabled).
    static let sourceTypes = ["PUSH", "CATALOG"]
    /// Fields the platform computes; a client's values for them are ignored.
    static let serverFields: Set<String> = [
        "id", "owner", "lastModifier", "createdDate", "lastModifiedDate", "information", "permissions",
    ]

    func source(_ id: String) throws(SandboxFailure) -> (index: Int, record: SandboxRecord) {
        guard let index = state.sources.position(of: id) else {
            throw SandboxFailure(
                404, "SOURCE_NOT_FOUND", "The source '\(id)' does not exist in organization '\(state.organization)'.")
        }
        return (index, state.sources[index])
    }

    /// A platform request's body, which must be a JSON object: `what` names it in the failures.
    func body(_ request: SandboxRequest, _ what: String = "a source model") throws(SandboxFailure) -> JSONObject {
        guard !request.body.isEmpty else {
            throw SandboxFailure(400, "INVALID_JSON", "The request has no body; expected \(what).")
        }
        if let type = request.headers["content-type"]?.lowercased(), !type.hasPrefix("application/json"),
            !type.contains("+json")
        {
            throw SandboxFailure(
                415, "UNSUPPORTED_MEDIA_TYPE", "The body must be application/json (\(what)), not \(type).")
        }
        return try Self.jsonObject(request.body, strict: false, subject: "The body") {
            "The body must be a JSON object (\(what)), not \($0.kindName)."
        }
    }

    /// A body may repeat the source's id and name, but not change them.
    func checkIdentity(of object: JSONObject, against stored: SandboxRecord, id: String) throws(SandboxFailure) {
        if let bodyID = object["id"], bodyID.stringValue != id {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "The id in the body (\(JSONWriter.compact(bodyID))) differs from '\(id)' in the path.")
        }
        let storedName = stored["name"]?.stringValue ?? ""
        if let name = object["name"], name.stringValue != storedName {
            throw SandboxFailure(
                400, "SOURCE_NAME_IMMUTABLE",
                "The name of a source cannot change once it is created ('\(storedName)', "
                    + "not \(JSONWriter.compact(name)))."
            )
        }
    }

    /// Parses `data` as a JSON object, or fails with `400 INVALID_JSON`. `strict` refuses duplicate keys,
    /// as the Push API does; `notObject` words the failure when the JSON is something else.
    static func jsonObject(
        _ data: Data, strict: Bool, subject: String, notObject: (JSON) -> String
    ) throws(SandboxFailure)
        -> JSONObject
    {
        var parser = JSONParser(allowsDuplicateKeys: !strict)
        let value: JSON
        do {
            value = try parser.parse(Array(data))
        } catch {
            throw SandboxFailure(400, "INVALID_JSON", "\(subject) is not valid JSON: \(error).")
        }
        guard case .object(let object) = value else { throw SandboxFailure(400, "INVALID_JSON", notObject(value)) }
        return object
    }

    func validateCommon(_ object: JSONObject) throws(SandboxFailure) {
        if let type = object["sourceType"] {
            guard let name = type.stringValue, Self.sourceTypes.contains(name) else {
                throw SandboxFailure(
                    400, "INVALID_SOURCE_TYPE",
                    "sourceType \(JSONWriter.compact(type)) is not supported: the sandbox emulates PUSH and CATALOG "
                        + "sources.")
            }
        }
        if let visibility = object["sourceVisibility"] {
            guard let text = visibility.stringValue, Self.visibilities.contains(text) else {
                throw SandboxFailure(
                    400, "INVALID_SOURCE_VISIBILITY",
                    "sourceVisibility \(JSONWriter.compact(visibility)) is invalid; expected "
                        + "PRIVATE, SECURED or SHARED."
                )
            }
        }
        if let references = object["securityProviderReferences"] {
            guard let list = references.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw SandboxFailure(
                    400, "INVALID_JSON", "securityProviderReferences must be an array of provider ids.")
            }
        }
        for flag in ["pushEnabled", "streamEnabled", "onPremisesEnabled"] {
            if let value = object[flag], value.boolValue == nil {
                throw SandboxFailure(400, "INVALID_JSON", "\(flag) must be true or false, not \(value.kindName).")
            }
        }
    }

    func createSource(_ request: SandboxRequest, key: SandboxAPIKey) throws(SandboxFailure) -> SandboxResponse {
        .json(201, try source(try createSource(try body(request), key: key)).record.json)
    }

    /// A new source from its simple model; returns its id.
    func createSource(_ object: JSONObject, key: SandboxAPIKey) throws(SandboxFailure) -> String {
        let (name, visibility) = try checkNewSource(object)
        let now = clock.now()
        let id = "\(state.organization)-\(Identifiers.base32GUID())"
        var model = JSONObject()
        model["id"] = .string(id)
        model["name"] = .string(name)
        let type = object["sourceType"]?.stringValue ?? "PUSH"
        model["sourceType"] = .string(type)
        model["sourceVisibility"] = .string(visibility)
        model["pushEnabled"] = object["pushEnabled"] ?? .bool(type == "PUSH")
        model["streamEnabled"] = object["streamEnabled"] ?? .bool(type == "CATALOG")
        model["onPremisesEnabled"] = object["onPremisesEnabled"] ?? false
        model["owner"] = .string(key.label)
        model["lastModifier"] = .string(key.label)
        model["createdDate"] = .int64(now)
        model["lastModifiedDate"] = .int64(now)
        model["securityProviderReferences"] = object["securityProviderReferences"] ?? []
        model["mappings"] = object["mappings"] ?? []
        model["information"] = [
            "sourceStatus": [
                "type": "PUSH_READY", "allowedOperations": [], "numberOfProcessedDocuments": 0,
                "timestamp": .int64(now),
            ],
            "numberOfDocuments": 0, "documentsTotalSize": 0, "rebuildRequired": false,
        ]
        for member in object.members where model[member.key] == nil && !Self.serverFields.contains(member.key) {
            model[member.key] = member.value
        }
        state.sources.append(SandboxRecord(id: id, model: model))
        syncPermissions(of: id)
        return id
    }

    /// What the platform checks before it creates a source: a name, unique; a type; the license; the references;
    /// the limit. Returns the name and the visibility (SECURED unless the body says otherwise).
    private func checkNewSource(_ object: JSONObject) throws(SandboxFailure) -> (name: String, visibility: String) {
        guard let nameValue = object["name"] else {
            throw SandboxFailure(400, "INVALID_SOURCE_NAME", "The source model has no name.")
        }
        guard let name = nameValue.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SandboxFailure(400, "INVALID_SOURCE_NAME", "The source name must be a non-empty string.")
        }
        guard name.count <= 255 else {
            throw SandboxFailure(400, "INVALID_SOURCE_NAME", "The source name is longer than 255 characters.")
        }
        guard object["sourceType"] != nil else {
            throw SandboxFailure(
                400, "INVALID_SOURCE_TYPE", "The source model has no sourceType; use PUSH (or CATALOG).")
        }
        try validateCommon(object)
        let visibility = object["sourceVisibility"]?.stringValue ?? SourceVisibility.secured.rawValue
        guard !state.licenseExpired else {
            throw SandboxFailure(
                403, "LICENSE_EXPIRED", "The organization's license has expired; no source can be created.")
        }
        guard !state.pushVisibilities.isEmpty else {
            throw SandboxFailure(403, "LICENSE_RESTRICTION", "The organization's license does not allow PUSH sources.")
        }
        guard state.pushVisibilities.contains(visibility) else {
            throw SandboxFailure(
                403, "LICENSE_RESTRICTION",
                "The organization's license allows PUSH sources with the visibility "
                    + "\(state.pushVisibilities.joined(separator: " or ")), "
                    + "not \(visibility)."
            )
        }
        try checkReferences(object)
        if state.sources.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            throw SandboxFailure(
                400, "DUPLICATE_SOURCE_NAME", "A source named '\(name)' already exists in this organization.")
        }
        guard state.sources.count < state.sourcesLimit else {
            throw SandboxFailure(
                400, "LIMIT_EXCEEDED",
                "The organization has reached its numberOfSourcesLimit (\(state.sourcesLimit) "
                    + "sources); delete a source first."
            )
        }
        return (name, visibility)
    }

    func updateSource(
        _ id: String, _ request: SandboxRequest, key: SandboxAPIKey
    ) throws(SandboxFailure)
        -> SandboxResponse
    {
        let (index, stored) = try source(id)
        let object = try body(request)
        try checkIdentity(of: object, against: stored, id: id)
        try validateCommon(object)
        try checkReferences(object)
        if let visibility = object["sourceVisibility"]?.stringValue,
            visibility != stored["sourceVisibility"]?.stringValue,
            !state.pushVisibilities.contains(visibility)
        {
            throw SandboxFailure(
                403, "LICENSE_RESTRICTION",
                "The organization's license does not allow PUSH sources with the visibility \(visibility).")
        }
        // A PUT replaces the simple configuration: what the client leaves out is reset, except what the
        // platform owns (id, name, owner, dates, information).
        var model = JSONObject()
        for key in ["id", "name", "sourceType"] { model[key] = stored[key] }
        model["sourceVisibility"] = object["sourceVisibility"] ?? stored["sourceVisibility"]
        let type = stored["sourceType"]?.stringValue ?? "PUSH"
        model["pushEnabled"] = object["pushEnabled"] ?? .bool(type == "PUSH")
        model["streamEnabled"] = object["streamEnabled"] ?? .bool(type == "CATALOG")
        model["onPremisesEnabled"] = object["onPremisesEnabled"] ?? false
        model["owner"] = stored["owner"]
        model["lastModifier"] = .string(key.label)
        model["createdDate"] = stored["createdDate"]
        model["lastModifiedDate"] = .int64(clock.now())
        model["securityProviderReferences"] = object["securityProviderReferences"] ?? []
        model["mappings"] = object["mappings"] ?? []
        model["information"] = stored["information"]
        for member in object.members where model[member.key] == nil && !Self.serverFields.contains(member.key) {
            model[member.key] = member.value
        }
        // The security option follows a change of visibility (source-level permissions are kept).
        if model["sourceVisibility"] != stored["sourceVisibility"], var configuration = state.sourceConfigurations[id] {
            configuration["sourceSecurityOption"] =
                model["sourceVisibility"]?.stringValue == SourceVisibility.secured.rawValue ? "Retrieve" : "Specified"
            state.sourceConfigurations[id] = configuration
        }
        state.sources[index].model = model
        syncPermissions(of: id)
        return .json(200, state.sources[index].json)
    }

    func filteredSources(_ request: SandboxRequest) throws(SandboxFailure) -> [JSON] {
        var list = Array(state.sources)
        // The platform applies a filter only from two characters on.
        if let filter = request.queryValue("filter")?.lowercased(), filter.count >= 2 {
            list = list.filter { [$0.name, $0.id].contains { $0.lowercased().contains(filter) } }
        }
        let descending = request.queryValue("sortingOrder")?.uppercased() == "DESC"
        let sorting = request.queryValue("sortingType")?.uppercased() ?? "NAME"
        let sortKey: (SandboxRecord) -> String = { model in
            switch sorting {
            case "LAST_MODIFIED_DATE": String(format: "%020lld", Int64(model["lastModifiedDate"]?.intValue ?? 0))
            case "STATUS": model["information"]?["sourceStatus"]?["type"]?.stringValue ?? ""
            default: model.name.lowercased()
            }
        }
        list.sort { descending ? sortKey($0) > sortKey($1) : sortKey($0) < sortKey($1) }
        return list.map(\.json)
    }

    func sourcePage(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        try paged(try filteredSources(request), request, itemsKey: "sourceModels")
    }

    /// One page of `list` as the platform pages: `page` from 0, `perPage` 1 to 1000 (default 100),
    /// `{ITEMS_KEY, totalEntries, totalPages}`.
    func paged(_ list: [JSON], _ request: SandboxRequest, itemsKey: String) throws(SandboxFailure) -> SandboxResponse {
        let page = try intParameter(request, "page", default: 0, range: 0...Int(Int32.max))
        let perPage = try intParameter(request, "perPage", default: 100, range: 1...1000)
        let start = min(page * perPage, list.count)
        let end = min(start + perPage, list.count)
        var answer = JSONObject()
        answer[itemsKey] = .array(Array(list[start..<end]))
        answer["totalEntries"] = .int(list.count)
        answer["totalPages"] = .int((list.count + perPage - 1) / perPage)
        return .json(200, .object(answer))
    }

    func intParameter(
        _ request: SandboxRequest, _ name: String, default value: Int, range: ClosedRange<Int>
    )
        throws(SandboxFailure) -> Int
    {
        guard let text = request.queryValue(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "The query parameter \(name)=\(text) must be an integer from \(range.lowerBound) "
                    + "to \(range.upperBound)."
            )
        }
        return number
    }
}
