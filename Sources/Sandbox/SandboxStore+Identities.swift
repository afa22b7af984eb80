import CoveoAPI
import Foundation

/// The Push API's security identities (`/push/v1/organizations/{org}/providers/{providerId}/...`), and the
/// sandbox's settings, which let a class see each prerequisite fail.
extension SandboxStore {
    static let identityTypes: Set<String> = ["USER", "GROUP", "VIRTUAL_GROUP", "UNKNOWN"]

    /// An identity type in the identity API's spelling, whichever the client used (`VirtualGroup`, `virtual_group`).
    static func identityType(_ text: String?) -> String {
        (text ?? "UNKNOWN").uppercased().replacingOccurrences(of: "VIRTUALGROUP", with: "VIRTUAL_GROUP")
    }

    /// The provider a Push API identity request names: one created for pushed identities (the built-in Email
    /// Security Provider takes none), or 412 as the Push API answers.
    func identityProvider(_ call: SandboxCall) throws(SandboxFailure) -> String {
        let providerID = call["providerId"]
        guard providerExists(providerID), providerID != Self.emailProviderID else {
            throw SandboxFailure(
                412, "SECURITY_PROVIDER_DOES_NOT_EXIST",
                "The security identity provider '\(providerID)' does not exist (or is built "
                    + "in and takes no pushed identities)."
            )
        }
        return providerID
    }

    /// `PUT .../providers/{id}/permissions`: one identity (a user, a group and its members) added or replaced.
    func putIdentity(_ providerID: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let orderingId = try orderingID(request)
        try storeIdentity(try pushBody(request, limit: Self.maximumRequestBytes), providerID, orderingId, alias: false)
        return .accepted()
    }

    func deleteIdentity(_ providerID: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let orderingId = try orderingID(request)
        try deleteIdentity(try pushBody(request, limit: Self.maximumRequestBytes), providerID, orderingId)
        return .accepted()
    }

    /// `PUT .../providers/{id}/mappings`: an alias of an identity in another provider.
    func putAlias(_ providerID: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let orderingId = try orderingID(request)
        try storeIdentity(try pushBody(request, limit: Self.maximumRequestBytes), providerID, orderingId, alias: true)
        return .accepted()
    }

    /// `DELETE .../providers/{id}/permissions/olderthan?orderingId=`.
    func deleteOlderIdentities(
        _ providerID: String, _ request: SandboxRequest
    ) throws(SandboxFailure)
        -> SandboxResponse
    {
        _ = try orderingID(request)
        guard let text = request.queryValue("orderingId"), let limit = Int64(text) else {
            throw SandboxFailure(
                412, "MISSING_PARAMETER", "The query parameter orderingId (epoch milliseconds) is required.")
        }
        state.identities[providerID] = (state.identities[providerID] ?? [:]).filter { entry in
            (entry.value["orderingId"]?.intValue).map { Int64($0) >= limit } ?? false
        }
        return .accepted()
    }

    /// `PUT .../permissions/batch?fileId=`: members, mappings and deletions from a file container, all or nothing.
    func identityBatch(_ providerID: String, _ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let orderingId = try orderingID(request)
        try identityBatch(try takeContainer(request), providerID, orderingId)
        return .accepted()
    }

    /// Members, mappings and deletions from a file container's content, all or nothing.
    private func identityBatch(_ content: Data, _ providerID: String, _ orderingId: Int64) throws(SandboxFailure) {
        let batch = try Self.jsonObject(content, strict: true, subject: "The file container") { _ in
            "The file container must hold {\"members\": [...], \"mappings\": [...], \"deleted\": [...]}."
        }
        // Check everything first: a bad entry leaves the provider as it was.
        let saved = state.identities[providerID]
        do {
            for entry in batch["members"]?.arrayValue ?? [] {
                try storeIdentity(try object(entry), providerID, orderingId, alias: false)
            }
            for entry in batch["mappings"]?.arrayValue ?? [] {
                try storeIdentity(try object(entry), providerID, orderingId, alias: true)
            }
            for entry in batch["deleted"]?.arrayValue ?? [] {
                try deleteIdentity(try object(entry), providerID, orderingId)
            }
        } catch {
            state.identities[providerID] = saved
            throw error
        }
    }

    private func object(_ value: JSON) throws(SandboxFailure) -> JSONObject {
        guard let object = value.objectValue else {
            throw SandboxFailure(
                400, "INVALID_JSON",
                "Every entry of a security identity batch must be an object, not \(value.kindName).")
        }
        return object
    }

    /// `{name, type}` checked, with the type in the Push API's upper-case spelling.
    private func identityReference(_ value: JSON?, _ what: String) throws(SandboxFailure) -> JSONObject {
        guard var object = value?.objectValue, let name = object["name"]?.stringValue, !name.isEmpty else {
            throw SandboxFailure(400, "INVALID_JSON", "\(what) needs a name.")
        }
        let type = Self.identityType(object["type"]?.stringValue)
        guard Self.identityTypes.contains(type) else {
            throw SandboxFailure(
                400, "INVALID_JSON",
                "\(what) '\(name)' has the type '\(type)'; expected USER, GROUP, VIRTUAL_GROUP or UNKNOWN.")
        }
        object["type"] = .string(type)
        return object
    }

    static func identityKey(_ name: String, _ type: String) -> String { "\(type):\(name.lowercased())" }

    /// An identity (members and granted identities) or an alias (mappings to identities of other providers).
    /// Pushing it again replaces it, as the documentation says of a group's members; an older orderingId is ignored.
    private func storeIdentity(
        _ body: JSONObject, _ providerID: String, _ orderingId: Int64, alias: Bool
    ) throws(SandboxFailure) {
        let identity = try identityReference(body["identity"], "The identity")
        var entry = JSONObject()
        entry["identity"] = .object(identity)
        if alias {
            var mappings: [JSON] = []
            for mapping in body["mappings"]?.arrayValue ?? [] {
                let checked = try identityReference(mapping, "A mapping")
                if let target = checked["provider"]?.stringValue, !providerExists(target) {
                    throw SandboxFailure(
                        400, "INVALID_JSON",
                        "The mapping to '\(checked["name"]?.stringValue ?? "")' names the unknown provider '\(target)'."
                    )
                }
                mappings.append(.object(checked))
            }
            guard !mappings.isEmpty else {
                throw SandboxFailure(400, "INVALID_JSON", "An alias needs at least one mapping.")
            }
            entry["mappings"] = .array(mappings)
        } else {
            var members: [JSON] = []
            for member in body["members"]?.arrayValue ?? [] {
                members.append(.object(try identityReference(member, "A member")))
            }
            entry["members"] = .array(members)
        }
        var granted: [JSON] = []
        for wellKnown in body["wellKnowns"]?.arrayValue ?? [] {
            granted.append(.object(try identityReference(wellKnown, "A granted identity")))
        }
        entry["wellKnowns"] = .array(granted)
        entry["orderingId"] = .int64(orderingId)
        entry["kind"] = alias ? "ALIAS" : "IDENTITY"
        let key = Self.identityKey(identity["name"]?.stringValue ?? "", identity["type"]?.stringValue ?? "")
        if let stored = state.identities[providerID]?[key]?["orderingId"]?.intValue, Int64(stored) > orderingId {
            return
        }
        state.identities.set(.object(entry), provider: providerID, key: key)
    }

    private func deleteIdentity(_ body: JSONObject, _ providerID: String, _ orderingId: Int64) throws(SandboxFailure) {
        let identity = try identityReference(body["identity"], "The identity to delete")
        let key = Self.identityKey(identity["name"]?.stringValue ?? "", identity["type"]?.stringValue ?? "")
        if let stored = state.identities[providerID]?[key]?["orderingId"]?.intValue, Int64(stored) > orderingId {
            return
        }
        state.identities.set(nil, provider: providerID, key: key)
    }

    // MARK: Checks at indexing time

    /// Why an item's permissions cannot be resolved in a SECURED source, or `nil`. An identity is known
    /// when it was pushed to its provider, or when it is an email address and its provider is the Email
    /// Security Provider or cascades to it (which knows every email address), or it is the `*@*` wildcard.
    func unknownIdentity(in permissions: JSON, sourceID: String) -> String? {
        guard let source = try? source(sourceID).record, source.visibility == SourceVisibility.secured.rawValue else {
            return nil
        }
        let defaultProvider = source.providerReferences.first ?? Self.emailProviderID
        for level in permissions.arrayValue ?? [] {
            for set in level["permissionSets"]?.arrayValue ?? [level] {
                for key in ["allowedPermissions", "deniedPermissions"] {
                    for identity in set[key]?.arrayValue ?? [] {
                        guard let name = identity["identity"]?.stringValue else { continue }
                        let type = Self.identityType(identity["identityType"]?.stringValue)
                        let providerID = identity["securityProvider"]?.stringValue ?? defaultProvider
                        if !knows(providerID, name: name, type: type) {
                            return providerExists(providerID)
                                ? "the \(type.lowercased()) '\(name)' is unknown to the security identity "
                                    + "provider '\(providerID)' (push it with `identity '\(providerID)' set`)"
                                : "the security identity provider '\(providerID)' of '\(name)' does not exist"
                        }
                    }
                }
            }
        }
        return nil
    }

    private func knows(_ providerID: String, name: String, type: String) -> Bool {
        guard let provider = try? provider(providerID) else { return false }
        if name == "*@*" { return true }
        let isEmail = name.contains("@") && !name.hasPrefix("@") && !name.hasSuffix("@")
        if providerID == Self.emailProviderID { return isEmail && (type == "USER" || type == "UNKNOWN") }
        if state.identities[providerID]?[Self.identityKey(name, type)] != nil { return true }
        if type == "UNKNOWN",
            (state.identities[providerID] ?? [:]).keys.contains(where: { $0.hasSuffix(":" + name.lowercased()) })
        {
            return true
        }
        let cascades = (provider["cascadingSecurityProviders"]?.objectValue?.members ?? []).compactMap {
            $0.value["id"]?.stringValue
        }
        return cascades.contains { $0 != providerID && knows($0, name: name, type: type) }
    }

    // MARK: Settings

    /// The license and limits the sandbox emulates (`/sandbox/v1/organizations/{org}/settings`).
    var settings: SandboxSettings {
        SandboxSettings(
            sourcesLimit: state.sourcesLimit, providersLimit: state.securityProvidersLimit,
            pushVisibilities: state.pushVisibilities, licenseExpired: state.licenseExpired,
            streamBurst: state.streamBurst)
    }

    /// `PUT .../settings`: the settings the body names change; the others stay.
    func changeSettings(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        let body = try Self.jsonObject(request.body, strict: true, subject: "The body") {
            "The settings must be an object, not \($0.kindName)."
        }
        let changes: SandboxSettings
        do {
            changes = try SandboxSettings(json: .object(body))
        } catch {
            throw SandboxFailure(400, "INVALID_PARAMETER", error.message)
        }
        if let value = changes.sourcesLimit { state.sourcesLimit = value }
        if let value = changes.providersLimit { state.securityProvidersLimit = value }
        if let value = changes.pushVisibilities { state.pushVisibilities = value }
        if let value = changes.licenseExpired { state.licenseExpired = value }
        if let value = changes.streamBurst { state.streamBurst = value }
        return .json(200, settings.json)
    }
}
