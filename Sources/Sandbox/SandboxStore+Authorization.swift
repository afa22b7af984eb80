import CoveoAPI
import Foundation

/// What a token may do, asked the ways the official clients ask (`/rest/privilege/evaluate`,
/// `/oauth/check_token`), and the API key API (`/rest/organizations/{org}/apikeys`).
extension SandboxStore {
    /// `POST /rest/privilege/evaluate` `{organizationId?, requestedPrivilege}`: the request back with
    /// `approved` and an `evaluationReport`, as push-api-client and the Coveo CLI check their preconditions.
    func evaluatePrivilege(_ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let key = try call.caller()
        let object = try body(call.request, "a privilege request {organizationId, requestedPrivilege}")
        guard let requested = object["requestedPrivilege"], let privilege = SandboxAPIKey.Privilege(json: requested)
        else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER",
                "requestedPrivilege must be an object with owner, targetDomain, type and targetId.")
        }
        let organization = object["organizationId"]?.stringValue ?? state.organization
        let code: String
        if organization != state.organization {
            code = "OPERATION_FORBIDDEN_FOR_AUTHENTICATION_BOUND_TO_DIFFERENT_ORGANIZATION"
        } else {
            code = key.has(privilege) ? "OPERATION_GRANTED" : "OPERATION_NOT_ALLOWED"
        }
        var answer = object
        answer["organizationId"] = .string(organization)
        answer["approved"] = .bool(code == "OPERATION_GRANTED")
        answer["evaluationReport"] = ["privilegeEvaluationResultCodes": [.string(code)]]
        return .json(200, .object(answer))
    }

    /// `POST /oauth/check_token` with the token in a form field `token` (multipart, as platform-client's
    /// `initialize()` sends it, or url-encoded): who the token is, or 400 `invalid_token` as an OAuth server answers.
    func checkToken(_ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let request = call.request
        guard let token = Self.formField("token", in: request) ?? request.queryValue("token"), !token.isEmpty else {
            throw SandboxFailure(400, "invalid_request", "The form field token is required.")
        }
        guard let key = state.keys.first(where: { $0.value == token }), key.enabled else {
            return .json(400, ["error": "invalid_token", "error_description": "Token was not recognised"])
        }
        let user: JSON = [
            "username": .string(key.label), "displayName": .string(key.displayName), "email": .string(key.label),
            "provider": "API_KEY",
        ]
        return .json(
            200,
            [
                "active": true, "client_id": "pshell-sandbox", "scope": ["full"], "user_name": .string(key.label),
                "organizationId": .string(state.organization), "authentication": user,
            ])
    }

    /// A field of a `multipart/form-data` or `application/x-www-form-urlencoded` body.
    static func formField(_ name: String, in request: SandboxRequest) -> String? {
        let type = request.headers["content-type"] ?? ""
        let body = String(decoding: request.body, as: UTF8.self)
        if type.hasPrefix("application/x-www-form-urlencoded") {
            return SandboxRequest.formDecoded(body).first { $0.name == name }?.value
        }
        guard type.hasPrefix("multipart/form-data"), let range = type.range(of: "boundary=") else { return nil }
        let boundary = "--" + type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        for part in body.components(separatedBy: boundary) {
            guard let split = part.range(of: "\r\n\r\n") else { continue }
            let head = part[..<split.lowerBound].lowercased()
            guard head.contains("name=\"\(name.lowercased())\"") else { continue }
            var value = String(part[split.upperBound...])
            // "\r\n" is one Character in Swift: one removal takes both bytes.
            if value.hasSuffix("\r\n") { value.removeLast() }
            return value
        }
        return nil
    }

    // MARK: API keys

    func getAPIKey(_ id: String) throws(SandboxFailure) -> SandboxResponse {
        .json(200, state.keys[try apiKey(id)].model(organization: state.organization))
    }

    func deleteAPIKey(_ id: String, caller: SandboxAPIKey) throws(SandboxFailure) -> SandboxResponse {
        let position = try apiKey(id)
        try refuseSelf(caller, position, "delete")
        state.keys.remove(at: position)
        return .noContent()
    }

    /// `PUT .../apikeys/{id}/activate` or `/disable`.
    func enableAPIKey(_ id: String, _ enabled: Bool, caller: SandboxAPIKey) throws(SandboxFailure) -> SandboxResponse {
        let position = try apiKey(id)
        if !enabled { try refuseSelf(caller, position, "disable") }
        state.keys[position].enabled = enabled
        return .noContent()
    }

    private func apiKey(_ id: String) throws(SandboxFailure) -> Int {
        guard let position = state.keys.firstIndex(where: { $0.id == id }) else {
            throw SandboxFailure(
                404, "API_KEY_NOT_FOUND", "The API key '\(id)' does not exist in organization '\(state.organization)'.")
        }
        return position
    }

    /// The sandbox's administrator key is what every pshell talks to it with: losing it would lock them out.
    private func refuseSelf(_ caller: SandboxAPIKey, _ position: Int, _ verb: String) throws(SandboxFailure) {
        if state.keys[position].value == caller.value || state.keys[position].label == SandboxAPIKey.administratorLabel
        {
            throw SandboxFailure(
                400, "INVALID_OPERATION",
                "The sandbox's administrator key (or the key making the request) cannot \(verb) itself.")
        }
    }

    /// `POST .../apikeys` with `ApiKeyCreationRequest`: 201 and `ApiKeyWithValueResponse`, the only answer that
    /// holds the value. A key cannot grant what its creator does not hold.
    func createAPIKey(
        _ request: SandboxRequest, creator: SandboxAPIKey
    ) throws(SandboxFailure) -> SandboxResponse {
        let object = try body(request, "an API key model {displayName, privileges}")
        guard let list = object["privileges"]?.arrayValue, !list.isEmpty else {
            throw SandboxFailure(400, "INVALID_PARAMETER", "An API key needs at least one privilege.")
        }
        var privileges: [SandboxAPIKey.Privilege] = []
        for entry in list {
            guard let privilege = SandboxAPIKey.Privilege(json: entry) else {
                throw SandboxFailure(
                    400, "INVALID_PARAMETER", "Each privilege needs owner, targetDomain, type and targetId.")
            }
            guard creator.has(privilege) else {
                throw SandboxFailure(
                    403, "ACCESS_DENIED",
                    "The access token cannot grant \(privilege.owner)/\(privilege.targetDomain)/\(privilege.type) "
                        + "on '\(privilege.targetId)', which it does not hold."
                )
            }
            privileges.append(privilege)
        }
        let sourceTargets = Set(privileges.filter { $0.targetDomain == "SOURCE" }.map(\.targetId)).subtracting(["*"])
        for target in sourceTargets { _ = try source(target) }
        var key = SandboxAPIKey(
            value: Identifiers.apiKey(), label: "apikey-\(Identifiers.base32GUID().prefix(8))@pshell.local",
            privileges: privileges,
            displayName: object["displayName"]?.stringValue ?? "", createdDate: clock.now())
        key.description = object["description"]?.stringValue ?? ""
        key.enabled = object["enabled"]?.boolValue ?? true
        key.resourceId = object["resourceId"]?.stringValue ?? (sourceTargets.count == 1 ? sourceTargets.first : nil)
        state.keys.append(key)
        return .json(201, key.model(organization: state.organization, withValue: true))
    }
}
