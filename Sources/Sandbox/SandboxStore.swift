import CoveoAPI
import Foundation

/// The emulated platform: one actor owns the state, so concurrent requests see it change atomically.
actor SandboxStore {
    var state: SandboxState
    private let stateFile: String?
    /// The state file's database; nil keeps everything in memory.
    private let persistence: SandboxPersistence?
    /// Push API content and its asynchronous indexing.
    var index = SandboxIndex()
    /// How long after it is accepted an operation is indexed or rejected, in milliseconds.
    let indexingDelay: Int64
    /// Where every date the sandbox writes comes from (models, logs, the license, ordering ids).
    let clock: WallClock

    init(configuration: SandboxConfiguration) throws(SandboxStateError) {
        stateFile = configuration.stateFile
        clock = configuration.clock
        indexingDelay = Int64(configuration.indexingDelayMilliseconds)
        state = SandboxState.fresh(configuration, now: clock.now())
        guard let file = configuration.stateFile else {
            persistence = nil
            return
        }
        let (opened, loaded) = try SandboxPersistence.open(file)
        persistence = opened
        index.tracksChanges = true
        if let loaded {
            state = loaded.state
            index.load(
                items: loaded.items, pending: loaded.pending, logs: loaded.logs, containers: loaded.containers,
                blocked: loaded.blocked)
        }
        do {
            let sequences = try opened.sequences()
            index.continueSequences(pending: sequences.pending, logs: sequences.logs)
            try opened.commit(state, index.takeChanges(), index: index)
        } catch {
            throw SandboxStateError(message: "\(file): \(error)")
        }
    }

    var organization: String { state.organization }
    var keys: [SandboxAPIKey] { state.keys }

    /// Routes one request. Every answer, success or failure, carries the same request id in its
    /// `X-Request-ID` header (and, for errors, in the body), as the platform does.
    func handle(_ request: SandboxRequest, route destination: SandboxRoute) -> SandboxResponse {
        let requestID = Identifiers.requestID()
        catchUpIndexing()
        // What indexing applied is saved on its own: if it cannot be (a full disk), the queue stays as it was
        // on disk, to be applied later, and the request is still answered.
        _ = saveChanges(request: nil)
        var response: SandboxResponse
        do {
            response = try route(destination, request)
        } catch {
            if error.s3Shape {
                response = .s3Error(error.status, error.errorCode, error.message, requestID: requestID)
            } else if error.pushShape {
                response = .json(
                    error.status, ["errorCode": .string(error.errorCode), "message": .string(error.message)])
            } else {
                response = .platformError(error.status, error.errorCode, error.message, requestID: requestID)
            }
            if error.status == 429 { response.headers.append(("Retry-After", "1")) }
        }
        commit(&response, request: request, requestID: requestID)
        response.headers.append(("X-Request-ID", requestID))
        return response
    }

    // MARK: Routing

    /// Where the router sent the request: each service's own routes take it from there.
    private func route(_ destination: SandboxRoute, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse
    {
        let method = request.method.uppercased()
        switch destination {
        case .push(let organization, let rest):
            return try asPush { () throws(SandboxFailure) in try routePush(method, rest, request, organization) }
        case .logs(let organization, let counts):
            return try routeLogs(method, request, organization, counts: counts)
        case .sandbox(let organization, let rest):
            return try routeSandbox(method, rest, request, organization)
        case .evaluatePrivilege:
            return try evaluatePrivilege(method, request)
        case .checkToken:
            return try checkToken(method, request)
        case .upload(let fileId):
            do {
                return try upload(method, fileId, request)
            } catch {
                var failure = error
                failure.s3Shape = true
                throw failure
            }
        case .organizations:
            try allow(method, ["GET"], request)
            try authenticate(request)
            return .json(200, [organizationModel])
        case .organization(let organization):
            try allow(method, ["GET"], request)
            try authorize(request, organization, .init("ORGANIZATION", "VIEW"))
            return .json(200, organizationModel)
        case .sources(let organization, let rest):
            return try routeSources(method, rest, request, organization)
        case .fields(let organization, let rest):
            return try routeFields(method, rest, request, organization)
        case .apiKeys(let organization, let rest):
            return try routeAPIKeys(method, rest, request, organization)
        case .license(let organization, let section):
            try allow(method, ["GET"], request)
            try authorize(request, organization, .init("ORGANIZATION", "VIEW"))
            return try licenseSection(section)
        case .limits(let organization, let path):
            try allow(method, ["GET"], request)
            try authorize(request, organization, .init("ORGANIZATION", "VIEW"))
            return try limitsSection(path)
        case .privileges(let organization, let rest):
            return try routePrivileges(method, rest, request, organization)
        case .providers(let organization, let rest):
            return try routeProviders(method, rest, request, organization)
        case .notFound:
            throw SandboxFailure(404, "NOT_FOUND", "No resource at \(request.path).")
        }
    }

    private func routeSources(
        _ method: String, _ rest: [String], _ request: SandboxRequest, _ organization: String
    )
        throws(SandboxFailure) -> SandboxResponse
    {
        switch (rest.count, rest.first) {
        case (0, _):
            try allow(method, ["GET", "POST"], request)
            if method == "GET" {
                try authorize(request, organization, .init("SOURCE", "VIEW"))
                return .json(200, .array(try filteredSources(request)))
            }
            let key = try authorize(request, organization, .init("SOURCE", "CREATE"))
            return try createSource(request, key: key)
        case (1, "pages"):
            try allow(method, ["GET"], request)
            try authorize(request, organization, .init("SOURCE", "VIEW"))
            return try sourcePage(request)
        case (2, let id?) where rest[1] == "raw":
            return try routeRaw(method, id, request, organization)
        case (1, let id?):
            try allow(method, ["GET", "PUT", "DELETE"], request)
            switch method {
            case "GET":
                try authorize(request, organization, .init("SOURCE", "VIEW", targetId: id))
                return .json(200, try source(id).model)
            case "PUT":
                let key = try authorize(request, organization, .init("SOURCE", "EDIT", targetId: id))
                return try updateSource(id, request, key: key)
            default:
                try authorize(request, organization, .init("SOURCE", "EDIT", targetId: id))
                let (position, deleted) = try source(id)
                state.sources.remove(at: position)
                state.sourceConfigurations[id] = nil
                index.removeSource(id)
                // The specification's answer: 200 with the source model (it was deleted).
                return .json(200, deleted)
            }
        default:
            throw SandboxFailure(404, "NOT_FOUND", "No resource at \(request.path).")
        }
    }

    private func routePrivileges(
        _ method: String, _ rest: [String], _ request: SandboxRequest, _ organization: String
    )
        throws(SandboxFailure) -> SandboxResponse
    {
        switch rest.first {
        case "token" where rest.count == 1:
            try allow(method, ["GET", "POST"], request)
            // Any valid token may ask; it need not hold a privilege itself.
            let caller = try authorize(request, organization, nil)
            // GET without accessToken lists the caller's own privileges: the token stays out of the URL.
            if method == "GET", request.queryValue("accessToken") == nil { return .json(200, privilegeList(caller)) }
            guard let inspected = request.queryValue("accessToken"), !inspected.isEmpty else {
                throw SandboxFailure(400, "MISSING_PARAMETER", "The query parameter accessToken is required.")
            }
            guard let key = state.keys.first(where: { $0.value == inspected }) else {
                throw SandboxFailure(400, "INVALID_TOKEN", "The access token to inspect is unknown or expired.")
            }
            return .json(200, privilegeList(key))
        case "me" where rest.count == 1:
            try allow(method, ["GET"], request)
            let key = try authorize(request, organization, nil)
            return .json(200, privilegeList(key))
        default:
            throw SandboxFailure(404, "NOT_FOUND", "No resource at \(request.path).")
        }
    }

    // MARK: Authentication and privileges

    func allow(_ method: String, _ allowed: [String], _ request: SandboxRequest) throws(SandboxFailure) {
        guard allowed.contains(method) else {
            throw SandboxFailure(
                405, "METHOD_NOT_ALLOWED",
                "\(method) is not supported on \(request.path); use \(allowed.joined(separator: " or ")).")
        }
    }

    @discardableResult
    func authenticate(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxAPIKey {
        guard let token = request.bearerToken else {
            throw SandboxFailure(401, "UNAUTHORIZED", "The request has no Authorization header with a Bearer token.")
        }
        guard let key = state.keys.first(where: { $0.value == token }), key.enabled else {
            throw SandboxFailure(401, "INVALID_TOKEN", "The access token is unknown, expired or disabled.")
        }
        return key
    }

    @discardableResult
    func authorize(
        _ request: SandboxRequest, _ organization: String, _ required: SandboxAPIKey.Privilege?
    )
        throws(SandboxFailure) -> SandboxAPIKey
    {
        let key = try authenticate(request)
        guard organization == state.organization else {
            throw SandboxFailure(
                404, "ORGANIZATION_NOT_FOUND",
                "The organization '\(organization)' does not exist here; this sandbox serves '\(state.organization)'.")
        }
        if let required, !key.has(required) {
            throw SandboxFailure(
                403, "ACCESS_DENIED",
                "The access token lacks the privilege \(required.owner)/\(required.targetDomain)/\(required.type) on '\(required.targetId)'."
            )
        }
        return key
    }

    func privilegeList(_ key: SandboxAPIKey) -> JSON {
        // The current specification's GlobalPrivilegeModel, plus the older `targetIds`/`global` fields.
        .array(
            key.privileges.map { p in
                [
                    "owner": .string(p.owner), "targetDomain": .string(p.targetDomain), "type": .string(p.type),
                    "targetId": .string(p.targetId), "level": "NORMAL",
                    "targetIds": p.targetId == "*" ? [] : [.string(p.targetId)],
                    "global": .bool(p.targetId == "*"),
                ]
            })
    }

    // MARK: Sources

    private static let visibilities = ["PRIVATE", "SECURED", "SHARED"]
    /// Fields the platform computes; a client's values for them are ignored.
    private static let serverFields: Set<String> = [
        "id", "owner", "lastModifier", "createdDate", "lastModifiedDate", "information", "permissions",
    ]

    func source(_ id: String) throws(SandboxFailure) -> (index: Int, model: JSON) {
        guard let index = state.sources.firstIndex(where: { $0["id"]?.stringValue == id }) else {
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
    func checkIdentity(of object: JSONObject, against stored: JSON, id: String) throws(SandboxFailure) {
        if let bodyID = object["id"], bodyID.stringValue != id {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "The id in the body (\(JSONWriter.compact(bodyID))) differs from '\(id)' in the path.")
        }
        let storedName = stored["name"]?.stringValue ?? ""
        if let name = object["name"], name.stringValue != storedName {
            throw SandboxFailure(
                400, "SOURCE_NAME_IMMUTABLE",
                "The name of a source cannot change once it is created ('\(storedName)', not \(JSONWriter.compact(name)))."
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

    private func validateCommon(_ object: JSONObject) throws(SandboxFailure) {
        if let type = object["sourceType"] {
            guard type.stringValue == "PUSH" else {
                throw SandboxFailure(
                    400, "INVALID_SOURCE_TYPE",
                    "sourceType \(JSONWriter.compact(type)) is not supported: the sandbox emulates PUSH sources only.")
            }
        }
        if let visibility = object["sourceVisibility"] {
            guard let text = visibility.stringValue, Self.visibilities.contains(text) else {
                throw SandboxFailure(
                    400, "INVALID_SOURCE_VISIBILITY",
                    "sourceVisibility \(JSONWriter.compact(visibility)) is invalid; expected PRIVATE, SECURED or SHARED."
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

    private func createSource(_ request: SandboxRequest, key: SandboxAPIKey) throws(SandboxFailure) -> SandboxResponse {
        let object = try body(request)
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
            throw SandboxFailure(400, "INVALID_SOURCE_TYPE", "The source model has no sourceType; use PUSH.")
        }
        try validateCommon(object)
        let visibility = object["sourceVisibility"]?.stringValue ?? "SECURED"
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
                "The organization's license allows PUSH sources with the visibility \(state.pushVisibilities.joined(separator: " or ")), not \(visibility)."
            )
        }
        try checkReferences(object)
        if state.sources.contains(where: { $0["name"]?.stringValue?.lowercased() == name.lowercased() }) {
            throw SandboxFailure(
                400, "DUPLICATE_SOURCE_NAME", "A source named '\(name)' already exists in this organization.")
        }
        guard state.sources.count < state.sourcesLimit else {
            throw SandboxFailure(
                400, "LIMIT_EXCEEDED",
                "The organization has reached its numberOfSourcesLimit (\(state.sourcesLimit) sources); delete a source first."
            )
        }
        let now = clock.now()
        var model = JSONObject()
        model["id"] = .string("\(state.organization)-\(Identifiers.base32GUID())")
        model["name"] = .string(name)
        model["sourceType"] = "PUSH"
        model["sourceVisibility"] = .string(visibility)
        model["pushEnabled"] = object["pushEnabled"] ?? true
        model["streamEnabled"] = object["streamEnabled"] ?? false
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
        state.sources.append(.object(model))
        let id = model["id"]?.stringValue ?? ""
        syncPermissions(of: id)
        return .json(201, try source(id).model)
    }

    private func updateSource(
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
        model["pushEnabled"] = object["pushEnabled"] ?? true
        model["streamEnabled"] = object["streamEnabled"] ?? false
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
                model["sourceVisibility"]?.stringValue == "SECURED" ? "Retrieve" : "Specified"
            state.sourceConfigurations[id] = configuration
        }
        state.sources[index] = .object(model)
        syncPermissions(of: id)
        return .json(200, state.sources[index])
    }

    private func filteredSources(_ request: SandboxRequest) throws(SandboxFailure) -> [JSON] {
        var list = state.sources
        // The platform applies a filter only from two characters on.
        if let filter = request.queryValue("filter")?.lowercased(), filter.count >= 2 {
            list = list.filter { model in
                [model["name"], model["id"]].contains { $0?.stringValue?.lowercased().contains(filter) ?? false }
            }
        }
        let descending = request.queryValue("sortingOrder")?.uppercased() == "DESC"
        let sorting = request.queryValue("sortingType")?.uppercased() ?? "NAME"
        let sortKey: (JSON) -> String = { model in
            switch sorting {
            case "LAST_MODIFIED_DATE": String(format: "%020lld", Int64(model["lastModifiedDate"]?.intValue ?? 0))
            case "STATUS": model["information"]?["sourceStatus"]?["type"]?.stringValue ?? ""
            default: model["name"]?.stringValue?.lowercased() ?? ""
            }
        }
        list.sort { descending ? sortKey($0) > sortKey($1) : sortKey($0) < sortKey($1) }
        return list
    }

    private func sourcePage(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
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
                "The query parameter \(name)=\(text) must be an integer from \(range.lowerBound) to \(range.upperBound)."
            )
        }
        return number
    }

    // MARK: Organization

    private var organizationModel: JSON {
        [
            "id": .string(state.organization), "displayName": .string("\(state.organization) (pshell sandbox)"),
            "createdDate": .int64(state.createdDate), "type": "Sandbox", "readOnly": false,
        ]
    }

    private var licenseModel: JSON {
        let year: Int64 = 365 * 24 * 3600 * 1000
        return [
            "accountId": .string(state.organization), "accountName": "pshell sandbox",
            "type": "TRIAL", "productType": "STANDARD", "productName": "COVEO_CLOUD", "productEdition": "STANDARD",
            "expirationDate": .int64(state.licenseExpired ? state.createdDate - 1 : state.createdDate + year),
            "expirationStatus": state.licenseExpired ? "EXPIRED" : "ACTIVE",
            "monitoringLevel": "REGULAR_MONITORING", "indexType": "COVEO", "indexBackupType": "REGULAR",
            "connectors": [
                [
                    "type": "PUSH", "allowed": .bool(!state.pushVisibilities.isEmpty),
                    "sourceVisibilities": .array(state.pushVisibilities.map(JSON.string)),
                    "allowedSchedules": [],
                ]
            ],
            "entitlements": [], "properties": [:],
        ]
    }

    private func licenseSection(_ section: String?) throws(SandboxFailure) -> SandboxResponse {
        guard let section else { return .json(200, licenseModel) }
        guard let value = licenseModel[section] else {
            throw SandboxFailure(404, "NOT_FOUND", "The license has no section '\(section)'.")
        }
        return .json(200, value)
    }

    private var limitsModel: JSON {
        [
            "content": [
                "numberOfSourcesLimit": ["actualCount": .int(state.sources.count), "limit": .int(state.sourcesLimit)],
                "numberOfSecurityProvidersLimit": [
                    "actualCount": .int(state.securityProviders.count), "limit": .int(state.securityProvidersLimit),
                ],
                "numberOfMappingPerSourcesLimit": ["limit": 2500],
                "numberOfExtensionsPerSourceLimit": ["limit": 20],
            ],
            "organization": [
                "numberOfSubscriptionsPerUserLimit": ["limit": 5],
                "numberOfSubscriptionsPerOrganizationLimit": ["limit": 100],
            ],
        ]
    }

    private func limitsSection(_ path: [String]) throws(SandboxFailure) -> SandboxResponse {
        guard let value = limitsModel.value(at: path), path.count <= 2 else {
            throw SandboxFailure(404, "NOT_FOUND", "There is no limit at '\(path.joined(separator: "/"))'.")
        }
        return .json(200, value)
    }

    // MARK: Persistence

    /// Writes what the request changed in one transaction, before the answer goes out. If it cannot, the
    /// answer becomes a 500: nothing is acknowledged that is not on disk, and nothing refused is kept.
    private func commit(_ response: inout SandboxResponse, request: SandboxRequest, requestID: String) {
        if let error = saveChanges(request: request) {
            response = .platformError(
                500, "INTERNAL_ERROR", "The sandbox could not save the change, so it did not make it: \(error).",
                requestID: requestID)
        }
    }

    /// Saves what changed since the last save (`request` nil: what indexing applied); on failure, memory goes back
    /// to what the disk holds.
    private func saveChanges(request: SandboxRequest?) -> SQLiteError? {
        guard let persistence, let stateFile else { return nil }
        do {
            let writes = request.map { !["GET", "HEAD"].contains($0.method.uppercased()) } ?? false
            try persistence.commit(state, index.takeChanges(), index: index, stateMayHaveChanged: writes)
            return nil
        } catch {
            do {
                if let loaded = try persistence.load(stateFile) {
                    state = loaded.state
                    index.load(
                        items: loaded.items, pending: loaded.pending, logs: loaded.logs, containers: loaded.containers,
                        blocked: loaded.blocked)
                }
            } catch {
                // Memory stays as it was; the caller still reports the change as not saved.
            }
            return error
        }
    }
}
