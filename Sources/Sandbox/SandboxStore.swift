import CoveoAPI
import Foundation

/// The emulated platform: one actor owns the state, so concurrent requests see it change atomically.
actor SandboxStore {
    var state: SandboxState
    /// The database: the state file, or one in memory. Every request is one transaction in it.
    let persistence: SandboxPersistence
    /// This sandbox's hold on the state file, for as long as the store lives.
    private let lock: StateFileLock?
    /// Push API content and its asynchronous indexing.
    let index: SandboxIndex
    /// How long after it is accepted an operation is indexed or rejected, in milliseconds.
    let indexingDelay: Int64
    /// Where every date the sandbox writes comes from (models, logs, the license, ordering ids).
    let clock: WallClock
    /// The open transaction and the requests waiting for its commit (SandboxStore+Transactions).
    var group = CommitGroup()
    /// When each Stream API request of the last 5 minutes came (the burst limit's window; not kept across restarts).
    var streamRequests: [Int64] = []

    /// Names the port in the state file's lock, once the sandbox listens: what a second one is told.
    func recordOwner(port: Int) { lock?.record("pid \(getpid()), port \(port)") }

    /// The port the sandbox that last held the state file listened on.
    nonisolated var previousPort: Int? { lock?.previousPort }

    init(configuration: SandboxConfiguration) throws(SandboxStateError) {
        clock = configuration.clock
        indexingDelay = Int64(configuration.indexingDelayMilliseconds)
        var configuration = configuration
        configuration.stateFile = try configuration.stateFile.map { file throws(SandboxStateError) in
            try StateFileLock.ownPath(of: file)
        }
        lock = try configuration.stateFile.map { file throws(SandboxStateError) in try StateFileLock(for: file) }
        (persistence, state) = try Self.open(configuration)
        index = SandboxIndex(database: persistence.database)
        index.guidPrefix = SandboxIndex.guidPrefix(organization: state.organization, created: state.createdDate)
    }

    /// The database and the state it holds; a new one holds a fresh organization, written at once.
    private static func open(
        _ configuration: SandboxConfiguration
    ) throws(SandboxStateError) -> (SandboxPersistence, SandboxState) {
        var loaded: SandboxState?
        let database: SandboxPersistence
        if let file = configuration.stateFile {
            (database, loaded) = try SandboxPersistence.open(file)
        } else {
            database = try SandboxPersistence.inMemory()
        }
        if let loaded { return (database, loaded) }
        var fresh = SandboxState.fresh(configuration, now: configuration.clock.now())
        do {
            try database.begin()
            try database.commit(&fresh, modelsMayHaveChanged: true)
        } catch {
            database.rollback()
            throw SandboxStateError(message: "\(configuration.stateFile ?? "the sandbox's database"): \(error)")
        }
        return (database, fresh)
    }

    var organization: String { state.organization }
    var keys: [SandboxAPIKey] { state.keys }

    /// Answers one request for an operation (nil: one the sandbox does not emulate). Every answer, success or
    /// failure, carries the same request id in its `X-Request-ID` header (and, for errors, in the body), as the
    /// platform does.
    func answer(
        _ request: SandboxRequest, _ operation: SandboxOperation?, _ parameters: [String: String]
    ) async -> SandboxResponse {
        let requestID = Identifiers.requestID()
        guard let operation else { return respond(.failure(notEmulated(request)), requestID) }
        let effect = operation.effect
        if readsCommittedState(writes: effect != .reads) {
            return respond(
                Result { () throws(SandboxFailure) in try perform(operation, request, parameters) }, requestID)
        }
        // What indexing applied is a step of its own: if it fails, the queue stays as it was, to be applied later,
        // and the request is still answered.
        _ = step(writes: false) { () throws(SandboxFailure) in try catchUpIndexing() }
        var outcome = step(writes: effect == .writes) { () throws(SandboxFailure) in
            try perform(operation, request, parameters)
        }
        // Nothing is answered before what it saw is on disk. A read whose group could not be committed (a full
        // disk: indexing's changes did not fit) is answered again from what is on disk: it changed nothing itself.
        if let failure = await commitGroup() {
            outcome = .failure(failure)
            if effect == .reads {
                outcome = step(writes: false) { () throws(SandboxFailure) in
                    try perform(operation, request, parameters)
                }
                if let again = await commitGroup() { outcome = .failure(again) }
            }
        }
        return respond(outcome, requestID)
    }

    /// The response to a request's outcome, its errors in the shape of the API that refused it.
    private func respond(_ outcome: Result<SandboxResponse, SandboxFailure>, _ requestID: String) -> SandboxResponse {
        var response: SandboxResponse
        switch outcome {
        case .success(let answer):
            response = answer
        case .failure(let error):
            switch error.api {
            case .upload:
                response = .s3Error(error.status, error.errorCode, error.message, requestID: requestID)
            case .push:
                response = .json(
                    error.status, ["errorCode": .string(error.errorCode), "message": .string(error.message)])
            case .search:
                response = .json(
                    error.status,
                    [
                        "statusCode": .int(error.status), "message": .string(error.message),
                        "type": .string(error.errorCode),
                    ])
            case .platform, .logs, .sandbox:
                response = .platformError(error.status, error.errorCode, error.message, requestID: requestID)
            }
            if error.status == 429 { response.headers.append(("Retry-After", String(error.retryAfter))) }
        }
        response.headers.append(("X-Request-ID", requestID))
        return response
    }

    // MARK: Sources and privileges

    func deleteSource(_ id: String) throws(SandboxFailure) -> SandboxResponse {
        let (position, deleted) = try source(id)
        state.sources.remove(at: position)
        state.sourceConfigurations[id] = nil
        try index.removeSource(id)
        // The specification's answer: 200 with the source model (it was deleted).
        return .json(200, deleted.json)
    }

    /// `GET|POST .../privileges/token?accessToken=`: what a token may do. Any valid token may ask; it need not
    /// hold a privilege itself. GET without `accessToken` lists the caller's own: the token stays out of the URL.
    func privilegesOfToken(_ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let caller = try call.caller()
        let inspected = call.request.queryValue("accessToken")
        if call.request.method == "GET", inspected == nil { return .json(200, privilegeList(caller)) }
        guard let inspected, !inspected.isEmpty else {
            throw SandboxFailure(400, "MISSING_PARAMETER", "The query parameter accessToken is required.")
        }
        guard let key = state.keys.first(where: { $0.value == inspected }) else {
            throw SandboxFailure(400, "INVALID_TOKEN", "The access token to inspect is unknown or expired.")
        }
        return .json(200, privilegeList(key))
    }

    // MARK: Authentication and privileges

    @discardableResult
    func authenticate(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxAPIKey {
        guard let token = request.bearerToken else {
            if request.headers["authorization"] != nil {
                throw SandboxFailure(
                    401, "UNAUTHORIZED", "The request's Authorization header is not 'Bearer' and an access token.")
            }
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
                "The access token lacks the privilege \(required.owner)/\(required.targetDomain)"
                    + (required.type.isEmpty ? "" : "/\(required.type)") + " on '\(required.targetId)'."
            )
        }
        return key
    }

    func privilegeList(_ key: SandboxAPIKey) -> JSON {
        // The current specification's GlobalPrivilegeModel, plus the older `targetIds`/`global` fields.
        .array(
            key.privileges.map { p in
                var object = p.json.objectValue ?? JSONObject()
                object["level"] = "NORMAL"
                object["targetIds"] = p.targetId == "*" ? [] : [.string(p.targetId)]
                object["global"] = .bool(p.targetId == "*")
                return .object(object)
            })
    }

    // MARK: Organization

    var organizationModel: JSON {
        [
            "id": .string(state.organization), "displayName": .string("\(state.organization) (pshell sandbox)"),
            "createdDate": .int64(state.createdDate), "type": "Sandbox", "readOnly": false,
        ]
    }

    var licenseModel: JSON {
        let year: Int64 = 365 * 24 * 3600 * 1000
        return [
            "accountId": .string(state.organization), "accountName": "pshell sandbox",
            "type": "TRIAL", "productType": "STANDARD", "productName": "COVEO_CLOUD", "productEdition": "STANDARD",
            "expirationDate": .int64(state.licenseExpired ? state.createdDate - 1 : state.createdDate + year),
            "expirationStatus": state.licenseExpired ? "EXPIRED" : "ACTIVE",
            "monitoringLevel": "REGULAR_MONITORING", "indexType": "COVEO", "indexBackupType": "REGULAR",
            // Catalog sources are allowed with the same visibilities as Push ones (the sandbox's choice).
            "connectors": .array(
                SandboxStore.sourceTypes.map { type in
                    [
                        "type": .string(type), "allowed": .bool(!state.pushVisibilities.isEmpty),
                        "sourceVisibilities": .array(state.pushVisibilities.map(JSON.string)),
                        "allowedSchedules": [],
                    ]
                }),
            "entitlements": [], "properties": [:],
        ]
    }

    func licenseSection(_ section: String) throws(SandboxFailure) -> SandboxResponse {
        // platform-client's getPossibleSourceTypes: every type the organization could have, `[{type}]`.
        if section == "sourcetypes" {
            return .json(200, .array(Self.sourceTypes.map { ["type": .string($0)] }))
        }
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

    func limitsSection(_ path: [String]) throws(SandboxFailure) -> SandboxResponse {
        guard let value = limitsModel.value(at: path), path.count <= 2 else {
            throw SandboxFailure(404, "NOT_FOUND", "There is no limit at '\(path.joined(separator: "/"))'.")
        }
        return .json(200, value)
    }
}
